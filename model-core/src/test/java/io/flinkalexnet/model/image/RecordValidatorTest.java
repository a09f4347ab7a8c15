package io.flinkalexnet.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.model.image.InvalidImageException.Reason;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.PixelEncoding;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {

    private static final int[][][] GRADIENT = TestImages.gradient(32, 32);

    private final RecordValidator training = new RecordValidator(10, true);

    @Test
    void validLabelledRecordReturnsTheDecodedImage() {
        assertThat(training.validate(TestImages.labelled("ok", GRADIENT, 9))).containsExactly(TestImages.unitChw(GRADIENT));
    }

    @Test
    void missingLabelIsRejectedWhenRequired() {
        assertThatThrownBy(() -> training.validate(TestImages.labelled("nolabel", GRADIENT, null)))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_LABEL))
                .hasMessage("image 'nolabel': label is null but a label is required here; set label to the class index 0..9");
    }

    @Test
    void missingLabelIsAcceptedWhenNotRequired() {
        RecordValidator inference = new RecordValidator(10, false);

        assertThat(inference.validate(TestImages.labelled("unlabelled", GRADIENT, null)))
                .containsExactly(TestImages.unitChw(GRADIENT));
    }

    @Test
    void labelBeyondTheLastClassIsOutOfRange() {
        assertThatThrownBy(() -> training.validate(TestImages.labelled("ten", GRADIENT, 10)))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LABEL_OUT_OF_RANGE))
                .hasMessage("image 'ten': label is 10 but must be 0..9 for 10 classes; set label to the class index 0..9");
    }

    @Test
    void negativeLabelIsOutOfRangeEvenWhenLabelsAreOptional() {
        RecordValidator inference = new RecordValidator(10, false);

        assertThatThrownBy(() -> inference.validate(TestImages.labelled("minus", GRADIENT, -1)))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LABEL_OUT_OF_RANGE))
                .hasMessageStartingWith("image 'minus': label is -1 but must be 0..9");
    }

    @Test
    void pixelsOverThePayloadLimitAreRejected() {
        RecordValidator small = new RecordValidator(10, true, 3000);

        assertThatThrownBy(() -> small.validate(TestImages.labelled("big", GRADIENT, 1)))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE))
                .hasMessage("image 'big': pixels has 3072 bytes, more than the 3000-byte limit; send a smaller image "
                        + "(e.g. downscaled to 32 × 32) or raise the payload limit");
    }

    @Test
    void payloadSizeIsCheckedBeforeTheLabel() {
        RecordValidator small = new RecordValidator(10, true, 3000);

        assertThatThrownBy(() -> small.validate(TestImages.labelled("big-unlabelled", GRADIENT, null)))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE));
    }

    @Test
    void labelIsCheckedBeforeTheImageIsDecoded() {
        ImageRecord broken = TestImages.recordWithPixels("broken", PixelEncoding.PNG, 32, 32, 3,
                java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), 42);

        assertThatThrownBy(() -> training.validate(broken))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LABEL_OUT_OF_RANGE));
    }

    @Test
    void defaultPayloadLimitIsOneMebibyte() {
        assertThat(training.maxPayloadBytes()).isEqualTo(1_048_576);
    }
}
