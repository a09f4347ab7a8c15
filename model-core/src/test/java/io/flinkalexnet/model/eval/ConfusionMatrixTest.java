package io.flinkalexnet.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    /** cat: 3 right, 1 as dog; dog: 1 as cat, 2 right; bird: 1 as cat: 5 of 8 correct. */
    private static ConfusionMatrix sample() {
        ConfusionMatrix matrix = new ConfusionMatrix(List.of("cat", "dog", "bird"));
        int[][] pairs = {{0, 0}, {0, 0}, {0, 0}, {0, 1}, {1, 0}, {1, 1}, {1, 1}, {2, 0}};
        for (int[] pair : pairs) {
            matrix.add(pair[0], pair[1]);
        }
        return matrix;
    }

    @Test
    void countsEachActualPredictedPair() {
        ConfusionMatrix matrix = sample();

        assertThat(matrix.count()).isEqualTo(8);
        assertThat(matrix.get(0, 0)).isEqualTo(3);
        assertThat(matrix.get(0, 1)).isEqualTo(1);
        assertThat(matrix.get(2, 0)).isEqualTo(1);
        assertThat(matrix.get(2, 2)).isZero();
    }

    @Test
    void accuracyIsTheShareOfTheDiagonal() {
        assertThat(sample().accuracy()).isEqualTo(5.0 / 8.0);
    }

    @Test
    void perClassAccuracyIsEachActualClassRecall() {
        assertThat(sample().perClassAccuracy()).containsExactly(new double[] {0.75, 2.0 / 3.0, 0.0}, within(1e-12));
    }

    @Test
    void emptyMatrixHasNaNAccuracy() {
        ConfusionMatrix empty = new ConfusionMatrix(2);

        assertThat(empty.accuracy()).isNaN();
        assertThat(empty.perClassAccuracy()).containsExactly(Double.NaN, Double.NaN);
    }

    @Test
    void mergeAddsTheCountsOfBothMatrices() {
        ConfusionMatrix merged = sample();
        merged.merge(sample());

        assertThat(merged.count()).isEqualTo(16);
        assertThat(merged.get(0, 0)).isEqualTo(6);
        assertThat(merged.accuracy()).isEqualTo(10.0 / 16.0);
    }

    @Test
    void mergingMatricesOverOtherClassesIsRejected() {
        ConfusionMatrix matrix = sample();

        assertThatThrownBy(() -> matrix.merge(new ConfusionMatrix(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot merge a confusion matrix over classes [0, 1, 2] into one over [cat, dog, bird]");
    }

    @Test
    void classIndexOutOfRangeIsRejected() {
        assertThatThrownBy(() -> sample().add(3, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void formatPrintsCountsPerClassAccuracyAndTheOverallLine() {
        assertThat(sample().format()).isEqualTo(
                "actual \\ predicted  cat  dog  bird  accuracy\n"
                + "cat                   3    1     0     75.0%\n"
                + "dog                   1    2     0     66.7%\n"
                + "bird                  1    0     0      0.0%\n"
                + "overall accuracy 62.5% (5 of 8)\n");
    }
}
