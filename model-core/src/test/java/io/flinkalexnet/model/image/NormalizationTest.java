package io.flinkalexnet.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NormalizationTest {

    @Test
    void cifar10CarriesTheTrainingSetConstants() {
        assertThat(Normalization.CIFAR10.mean()).containsExactly(0.4914f, 0.4822f, 0.4465f);
        assertThat(Normalization.CIFAR10.std()).containsExactly(0.2470f, 0.2435f, 0.2616f);
        assertThat(Normalization.CIFAR10.channels()).isEqualTo(3);
    }

    @Test
    void normalizeInPlaceStandardisesEachChannelWithItsOwnConstants() {
        Normalization normalization = new Normalization(new float[] {0.5f, 0.25f}, new float[] {0.5f, 0.125f});
        float[] image = {0.5f, 1.0f, 0.0f, 0.25f, 0.5f, 0.0f};

        normalization.normalizeInPlace(image);

        assertThat(image).containsExactly(0f, 1f, -1f, 0f, 2f, -2f);
    }

    @Test
    void normalizeIntoWritesOnlyTheTargetSliceOfABatch() {
        Normalization normalization = new Normalization(new float[] {0.5f}, new float[] {0.25f});
        float[] batch = {9f, 9f, 9f, 9f};

        normalization.normalizeInto(new float[] {1f, 0f}, 0, batch, 1, 2);

        assertThat(batch).containsExactly(9f, 2f, -2f, 9f);
    }

    @Test
    void gettersReturnCopiesSoTheConstantsCannotBeChanged() {
        Normalization.CIFAR10.mean()[0] = 99f;
        Normalization.CIFAR10.std()[0] = 99f;

        assertThat(Normalization.CIFAR10.mean()[0]).isEqualTo(0.4914f);
        assertThat(Normalization.CIFAR10.std()[0]).isEqualTo(0.2470f);
    }

    @Test
    void imageLengthNotAMultipleOfTheChannelsIsRejected() {
        assertThatThrownBy(() -> Normalization.CIFAR10.normalizeInPlace(new float[10]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image has 10 floats, not a multiple of 3 channels");
    }

    @Test
    void nonPositiveStdIsRejected() {
        assertThatThrownBy(() -> new Normalization(new float[] {0f, 0f}, new float[] {1f, 0f}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel 1")
                .hasMessageContaining("std 0.0");
    }

    @Test
    void mismatchedMeanAndStdLengthsAreRejected() {
        assertThatThrownBy(() -> new Normalization(new float[] {0f, 0f}, new float[] {1f}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 means and 1 stds");
    }
}
