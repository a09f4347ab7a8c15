package io.flinkalexnet.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FillModeTest {

    private static int[] mapped(FillMode mode) {
        return IntStream.rangeClosed(-4, 7).map(i -> mode.sourceIndex(i, 4)).toArray();
    }

    @Test
    void reflectMirrorsAboutTheEdgeRepeatingTheEdgePixel() {
        // d c b a | a b c d | d c b a
        assertThat(mapped(FillMode.REFLECT)).containsExactly(3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0);
    }

    @Test
    void nearestRepeatsTheEdgePixel() {
        assertThat(mapped(FillMode.NEAREST)).containsExactly(0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3);
    }

    @Test
    void constantMarksOutsidePixelsForZeroFill() {
        assertThat(mapped(FillMode.CONSTANT)).containsExactly(-1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1);
    }

    @Test
    void reflectIsPeriodicFarFromTheImage() {
        assertThat(FillMode.REFLECT.sourceIndex(8, 4)).isEqualTo(0);
        assertThat(FillMode.REFLECT.sourceIndex(-9, 4)).isEqualTo(0);
    }
}
