package io.flinkalexnet.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.PixelEncoding;
import io.flinkalexnet.schemas.Split;
import org.junit.jupiter.api.Test;

class LabelledImageTest {

    @Test
    void labelOutsideZeroToNineIsRejected() {
        assertThatThrownBy(() -> new LabelledImage(10, new byte[3072]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label is 10; CIFAR-10 labels are 0–9");
    }

    @Test
    void pixelCountOtherThan3072IsRejected() {
        assertThatThrownBy(() -> new LabelledImage(1, new byte[3000]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("planarPixels has 3000 bytes; a 32×32 RGB image in CIFAR-10 layout has exactly 3072");
    }

    @Test
    void toImageRecordFillsEveryField() {
        byte[] pixels = new byte[3072];
        pixels[5] = 9;

        ImageRecord record = new LabelledImage(2, pixels).toImageRecord("id-1", "unit-test", 77L, Split.TEST);

        assertThat(record.getId()).isEqualTo("id-1");
        assertThat(record.getSource()).isEqualTo("unit-test");
        assertThat(record.getEventTime().toEpochMilli()).isEqualTo(77L);
        assertThat(record.getSplit()).isEqualTo(Split.TEST);
        assertThat(record.getLabel()).isEqualTo(2);
        assertThat(record.getEncoding()).isEqualTo(PixelEncoding.RGB_PLANAR);
        assertThat(record.getPixels().get(5)).isEqualTo((byte) 9);
    }
}
