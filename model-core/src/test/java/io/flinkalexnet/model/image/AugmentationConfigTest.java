package io.flinkalexnet.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AugmentationConfigTest {

    @Test
    void defaultsMatchTheReferenceKerasLayers() {
        assertThat(AugmentationConfig.DEFAULTS)
                .isEqualTo(new AugmentationConfig(true, 0.5, 36.0, 0.1, 0, FillMode.REFLECT));
    }

    @Test
    void withersReplaceOneSettingOnly() {
        AugmentationConfig changed = AugmentationConfig.DEFAULTS.withFillMode(FillMode.NEAREST).withZoomRange(0.2);

        assertThat(changed).isEqualTo(new AugmentationConfig(true, 0.5, 36.0, 0.2, 0, FillMode.NEAREST));
    }

    @Test
    void flipProbabilityAboveOneIsRejected() {
        assertThatThrownBy(() -> AugmentationConfig.DEFAULTS.withFlipProbability(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flipProbability is 1.5; use a value in [0, 1]");
    }

    @Test
    void negativeRotationIsRejected() {
        assertThatThrownBy(() -> AugmentationConfig.DEFAULTS.withMaxRotationDegrees(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRotationDegrees is -1.0; use a value in [0, 180]");
    }

    @Test
    void zoomRangeOfOneIsRejected() {
        assertThatThrownBy(() -> AugmentationConfig.DEFAULTS.withZoomRange(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zoomRange is 1.0; use a value in [0, 1)");
    }
}
