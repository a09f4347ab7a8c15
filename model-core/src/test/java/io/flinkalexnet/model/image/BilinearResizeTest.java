package io.flinkalexnet.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BilinearResizeTest {

    @Test
    void upscalingAConstantImageKeepsItConstant() {
        float[] constant = new float[3 * 32 * 32];
        Arrays.fill(constant, 0.37f);

        float[] resized = new BilinearResize(3, 32, 32, 224, 224).resize(constant);

        for (float value : resized) {
            assertThat(value).isEqualTo(0.37f);
        }
    }

    @Test
    void twoByTwoToFourByFourMatchesHalfPixelCentresComputedByHand() {
        // Output column i reads source x = (i + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped to [0, 1]:
        // a row [a, b] becomes [a, 0.75a + 0.25b, 0.25a + 0.75b, b]; rows combine the same way.
        float[] source = {0f, 4f, 8f, 12f};

        float[] resized = new BilinearResize(1, 2, 2, 4, 4).resize(source);

        assertThat(resized).containsExactly(
                0f, 1f, 3f, 4f,
                2f, 3f, 5f, 6f,
                6f, 7f, 9f, 10f,
                8f, 9f, 11f, 12f);
    }

    @Test
    void threeToFiveSamplesAtHalfPixelCentres() {
        // Source x = (i + 0.5) * 0.6 - 0.5 = -0.2, 0.4, 1.0, 1.6, 2.2, clamped to [0, 2].
        float[] row = {10f, 20f, 40f};

        float[] resized = new BilinearResize(1, 1, 3, 1, 5).resize(row);

        assertThat(resized[0]).isEqualTo(10f);
        assertThat(resized[1]).isCloseTo(14f, within(1e-5f));
        assertThat(resized[2]).isCloseTo(20f, within(1e-5f));
        assertThat(resized[3]).isCloseTo(32f, within(1e-5f));
        assertThat(resized[4]).isEqualTo(40f);
    }

    @Test
    void halvingAveragesEachTwoByTwoBlock() {
        float[] source = {
            1f, 3f, 10f, 20f,
            5f, 7f, 30f, 40f,
            0f, 0f, 2f, 2f,
            0f, 4f, 2f, 6f};

        float[] resized = new BilinearResize(1, 4, 4, 2, 2).resize(source);

        assertThat(resized).containsExactly(4f, 25f, 1f, 3f);
    }

    @Test
    void upscaling32To224GivesTheSeedNetworkShape() {
        BilinearResize resize = new BilinearResize(3, 32, 32, 224, 224);

        float[] resized = resize.resize(TestImages.randomImage(3 * 32 * 32, 1L, 0f, 1f));

        assertThat(resized).hasSize(3 * 224 * 224);
        assertThat(resize.dstLength()).isEqualTo(3 * 224 * 224);
    }

    @Test
    void resizingToTheSameSizeReproducesTheImageBitwise() {
        float[] image = TestImages.randomImage(3 * 32 * 32, 2L, 0f, 1f);

        assertThat(new BilinearResize(3, 32, 32, 32, 32).resize(image)).containsExactly(image);
    }

    @Test
    void resizeIntoFillsOneSliceOfABatchAndLeavesTheRest() {
        BilinearResize resize = new BilinearResize(3, 2, 2, 4, 4);
        float[] sources = TestImages.randomImage(2 * 12, 3L, 0f, 1f);
        float[] batch = new float[3 * 48];
        Arrays.fill(batch, -1f);

        resize.resizeInto(sources, 12, batch, 48);

        assertThat(Arrays.copyOfRange(batch, 48, 96))
                .containsExactly(resize.resize(Arrays.copyOfRange(sources, 12, 24)));
        assertThat(Arrays.copyOfRange(batch, 0, 48)).containsOnly(-1f);
        assertThat(Arrays.copyOfRange(batch, 96, 144)).containsOnly(-1f);
    }

    @Test
    void sameSizeGivesTheSourceBackFromArraysAndFromRows() {
        BilinearResize resize = new BilinearResize(3, 5, 7, 5, 7);
        float[] source = TestImages.randomImage(3 * 5 * 7, 11L, 0f, 1f);
        float[] fromRows = new float[source.length];

        resize.resizeRowsInto((y, rowPlanes) -> {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(source, c * 35 + y * 7, rowPlanes, c * 7, 7);
            }
        }, fromRows, 0);

        assertThat(resize.resize(source)).containsExactly(source);
        assertThat(fromRows).containsExactly(source);
    }

    @Test
    void sourceOfTheWrongLengthIsRejected() {
        assertThatThrownBy(() -> new BilinearResize(3, 32, 32, 224, 224).resize(new float[3071]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source image has 3071 floats, expected 3×32×32 = 3072");
    }
}
