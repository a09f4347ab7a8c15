package io.flinkalexnet.jobs.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

class NoModelHoldTest {

    private final MetricListener listener = new MetricListener();
    private final NoModelHold hold = new NoModelHold(4, 50, 3, new ClassifierMetrics(listener.getMetricGroup()));

    @Test
    void takesImagesAtOnceWithinTheBoundAndReportsHowManyItHolds() throws Exception {
        long started = System.nanoTime();
        for (int held = 1; held <= 4; held++) {
            hold.hold(held);
        }

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(50);
        assertThat(listener.<Integer>getGauge("imagesWithoutModel").map(Gauge::getValue)).contains(4);
    }

    @Test
    void pausesAfterEachImageBeyondTheBound() throws Exception {
        long started = System.nanoTime();
        hold.hold(5);
        hold.hold(6);

        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(100);
    }

    @Test
    void failsAtTwiceTheBoundNamingTheSubtaskAndTheFixes() {
        assertThatThrownBy(() -> hold.hold(8)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("subtask 3 holds 8 images")
                .hasMessageContaining("--model.initial-artifact")
                .hasMessageContaining("--inference.no-model.max-images (now 4)");
    }
}
