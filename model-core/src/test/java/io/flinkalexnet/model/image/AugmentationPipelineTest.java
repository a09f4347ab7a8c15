package io.flinkalexnet.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AugmentationPipelineTest {

    private static final AugmentationPipeline DEFAULT = new AugmentationPipeline(AugmentationConfig.DEFAULTS);

    private static float[] apply(AugmentationParameters parameters, FillMode fill, float[] image, int c, int h, int w) {
        float[] out = new float[image.length];
        AugmentationPipeline.apply(parameters, fill, image, 0, out, 0, c, h, w);
        return out;
    }

    @Test
    void flipMirrorsEachRow() {
        float[] image = {1f, 2f, 3f, 4f, 5f, 6f};

        float[] flipped = apply(new AugmentationParameters(true, 0, 1), FillMode.REFLECT, image, 1, 2, 3);

        assertThat(flipped).containsExactly(3f, 2f, 1f, 6f, 5f, 4f);
    }

    @Test
    void flipTwiceIsIdentity() {
        float[] image = TestImages.randomImage(3 * 5 * 7, 11L, 0f, 1f);
        AugmentationParameters flip = new AugmentationParameters(true, 0, 1);

        float[] twice = apply(flip, FillMode.REFLECT, apply(flip, FillMode.REFLECT, image, 3, 5, 7), 3, 5, 7);

        assertThat(twice).containsExactly(image);
    }

    @Test
    void noFlipNoRotationAndZoomOneIsIdentity() {
        float[] image = TestImages.randomImage(3 * 32 * 32, 12L, 0f, 1f);

        float[] same = apply(AugmentationParameters.IDENTITY, FillMode.CONSTANT, image, 3, 32, 32);

        assertThat(same).containsExactly(image);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void rotationByNinetyDegreesIsTransposeThenVerticalFlip(int size) {
        float[] image = TestImages.randomImage(size * size, 13L + size, 0f, 1f);
        float[] expected = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                // transpose: t[y][x] = image[x][y]; then vertical flip: expected[y][x] = t[size-1-y][x]
                expected[y * size + x] = image[x * size + (size - 1 - y)];
            }
        }

        float[] rotated = apply(new AugmentationParameters(false, 90, 1), FillMode.CONSTANT, image, 1, size, size);

        for (int i = 0; i < expected.length; i++) {
            assertThat(rotated[i]).as("pixel %d", i).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void zoomReadsTheInputAtTheScaledOffsetFromTheCentre() {
        float[] row = {0f, 1f, 2f, 3f, 4f};

        float[] zoomedOut = apply(new AugmentationParameters(false, 0, 2), FillMode.NEAREST, row, 1, 1, 5);

        // Centre 2: output x reads input 2 + 2 * (x - 2) = -2, 0, 2, 4, 6, clamped by NEAREST.
        assertThat(zoomedOut).containsExactly(0f, 0f, 2f, 4f, 4f);
    }

    @Test
    void reflectFillLeavesNoBlackCornersAfterA45DegreeRotation() {
        float[] positive = TestImages.randomImage(3 * 32 * 32, 14L, 0.1f, 1f);

        float[] rotated = apply(new AugmentationParameters(false, 45, 1), FillMode.REFLECT, positive, 3, 32, 32);

        for (float value : rotated) {
            assertThat(value).isGreaterThan(0f);
        }
    }

    @Test
    void constantFillLeavesZeroCornersAfterA45DegreeRotation() {
        float[] positive = TestImages.randomImage(3 * 32 * 32, 14L, 0.1f, 1f);

        float[] rotated = apply(new AugmentationParameters(false, 45, 1), FillMode.CONSTANT, positive, 3, 32, 32);

        for (int c = 0; c < 3; c++) {
            int plane = c * 1024;
            assertThat(rotated[plane]).isZero();
            assertThat(rotated[plane + 31]).isZero();
            assertThat(rotated[plane + 31 * 32]).isZero();
            assertThat(rotated[plane + 1023]).isZero();
            assertThat(rotated[plane + 16 * 32 + 16]).isGreaterThan(0f);
        }
    }

    @Test
    void sameSeedGivesIdenticalOutput() {
        float[] image = TestImages.randomImage(3 * 32 * 32, 15L, 0f, 1f);

        assertThat(DEFAULT.augment(image, 3, 32, 32, 99L)).containsExactly(DEFAULT.augment(image, 3, 32, 32, 99L));
    }

    @Test
    void differentSeedsGiveDifferentOutput() {
        float[] image = TestImages.randomImage(3 * 32 * 32, 15L, 0f, 1f);

        assertThat(DEFAULT.augment(image, 3, 32, 32, 1L)).isNotEqualTo(DEFAULT.augment(image, 3, 32, 32, 2L));
    }

    @Test
    void augmentDoesNotModifyItsInput() {
        float[] image = TestImages.randomImage(3 * 32 * 32, 16L, 0f, 1f);
        float[] copy = image.clone();

        DEFAULT.augment(image, 3, 32, 32, 5L);

        assertThat(image).containsExactly(copy);
    }

    @Test
    void sampledParametersStayWithinTheConfiguredRanges() {
        int flips = 0;
        for (long seed = 0; seed < 2000; seed++) {
            AugmentationParameters drawn = DEFAULT.sample(seed);
            assertThat(drawn.rotationDegrees()).isBetween(-36.0, 36.0);
            assertThat(drawn.zoom()).isBetween(0.9, 1.1);
            flips += drawn.flip() ? 1 : 0;
        }
        assertThat(flips).isBetween(900, 1100);
    }

    @Test
    void disabledPipelineCopiesTheImageUnchanged() {
        AugmentationPipeline disabled = new AugmentationPipeline(AugmentationConfig.DISABLED);
        float[] image = TestImages.randomImage(3 * 32 * 32, 17L, 0f, 1f);

        assertThat(disabled.augment(image, 3, 32, 32, 7L)).containsExactly(image);
        assertThat(disabled.sample(7L)).isEqualTo(AugmentationParameters.IDENTITY);
    }

    @Test
    void augmentIntoWritesOnlyItsSliceOfABatch() {
        float[] image = TestImages.randomImage(3 * 32 * 32, 18L, 0f, 1f);
        float[] batch = new float[3 * 3072];
        Arrays.fill(batch, -1f);

        DEFAULT.augmentInto(image, 0, batch, 3072, 3, 32, 32, 3L);

        assertThat(Arrays.copyOfRange(batch, 3072, 6144)).containsExactly(DEFAULT.augment(image, 3, 32, 32, 3L));
        assertThat(Arrays.copyOfRange(batch, 0, 3072)).containsOnly(-1f);
        assertThat(Arrays.copyOfRange(batch, 6144, 9216)).containsOnly(-1f);
    }

    @Test
    void writingOverTheSourceIsRejected() {
        float[] image = new float[3 * 32 * 32];

        assertThatThrownBy(() -> DEFAULT.augmentInto(image, 0, image, 0, 3, 32, 32, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("augmentation cannot write over its own source; pass another array");
    }

    @Test
    void seedForDiffersAcrossEpochs() {
        long epoch0 = AugmentationPipeline.seedFor(42L, "cifar10/data_batch_1/000007", 0);
        long epoch1 = AugmentationPipeline.seedFor(42L, "cifar10/data_batch_1/000007", 1);

        assertThat(epoch0).isNotEqualTo(epoch1);
    }

    @Test
    void seedForDiffersAcrossRecordIdsAndBaseSeeds() {
        long reference = AugmentationPipeline.seedFor(42L, "synthetic/1/0", 3);

        assertThat(AugmentationPipeline.seedFor(42L, "synthetic/1/1", 3)).isNotEqualTo(reference);
        assertThat(AugmentationPipeline.seedFor(43L, "synthetic/1/0", 3)).isNotEqualTo(reference);
    }

    @Test
    void seedForIsTheSameForAReplayOfTheSameRecordInTheSameEpoch() {
        String id = new String("cifar10/data_batch_2/000001".toCharArray());

        assertThat(AugmentationPipeline.seedFor(7L, id, 4))
                .isEqualTo(AugmentationPipeline.seedFor(7L, "cifar10/data_batch_2/000001", 4));
    }

    @Test
    void aShiftIsAnExactCropOfTheReflectPaddedImage() {
        int size = 8;
        float[] image = TestImages.randomImage(2 * size * size, 21L, 0f, 1f);

        float[] shifted = apply(new AugmentationParameters(false, 0, 1, 3, -2), FillMode.REFLECT, image, 2, size, size);

        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int sourceY = FillMode.REFLECT.sourceIndex(y - 2, size);
                    int sourceX = FillMode.REFLECT.sourceIndex(x + 3, size);
                    assertThat(shifted[c * size * size + y * size + x]).as("channel %d at (%d, %d)", c, x, y)
                            .isEqualTo(image[c * size * size + sourceY * size + sourceX]);
                }
            }
        }
    }

    @Test
    void shiftsAreDrawnFromTheWholeRangeWithinItsBoundsTheSameForTheSameSeed() {
        AugmentationPipeline crops = new AugmentationPipeline(
                new AugmentationConfig(true, 0.5, 0, 0, 4, FillMode.REFLECT));
        Set<Integer> shiftsX = new TreeSet<>();
        Set<Integer> shiftsY = new TreeSet<>();
        for (long seed = 0; seed < 2000; seed++) {
            AugmentationParameters drawn = crops.sample(AugmentationPipeline.seedFor(42L, "id-" + seed, 3));
            shiftsX.add(drawn.shiftX());
            shiftsY.add(drawn.shiftY());
            assertThat(crops.sample(AugmentationPipeline.seedFor(42L, "id-" + seed, 3))).isEqualTo(drawn);
        }
        assertThat(shiftsX).containsExactly(-4, -3, -2, -1, 0, 1, 2, 3, 4);
        assertThat(shiftsY).containsExactly(-4, -3, -2, -1, 0, 1, 2, 3, 4);
    }

    @Test
    void enablingTheShiftLeavesTheFlipRotationAndZoomOfEverySeedAsTheyWere() {
        AugmentationPipeline withShift = new AugmentationPipeline(AugmentationConfig.DEFAULTS.withMaxShiftPixels(4));
        for (long seed = 0; seed < 100; seed++) {
            AugmentationParameters reference = DEFAULT.sample(seed);
            AugmentationParameters shifted = withShift.sample(seed);
            assertThat(reference.shiftX()).isZero();
            assertThat(new AugmentationParameters(shifted.flip(), shifted.rotationDegrees(), shifted.zoom()))
                    .isEqualTo(reference);
        }
    }

    @Test
    void aShiftBeyondAQuarterOfTheImageIsRefused() {
        assertThatThrownBy(() -> AugmentationConfig.DEFAULTS.withMaxShiftPixels(9))
                .hasMessage("maxShiftPixels is 9; use a value in [0, 8]");
    }
}
