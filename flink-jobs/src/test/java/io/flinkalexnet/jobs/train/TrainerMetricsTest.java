package io.flinkalexnet.jobs.train;

import static io.flinkalexnet.jobs.metrics.MetricValues.count;
import static io.flinkalexnet.jobs.metrics.MetricValues.gauge;
import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.model.train.StepResult;
import io.flinkalexnet.model.train.ValidationResult;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/** The trainer's metrics, under the names README.md lists, after the events that move them. */
class TrainerMetricsTest {

    private static final long MILLIS = TimeUnit.MILLISECONDS.toNanos(1);

    private final MetricListener listener = new MetricListener();
    private final AtomicLong step = new AtomicLong();
    private final AtomicInteger epoch = new AtomicInteger();
    private final AtomicLong modelVersion = new AtomicLong();
    private final long registeredNanos = System.nanoTime();
    private final TrainerMetrics metrics = new TrainerMetrics(listener.getMetricGroup(), step::get, epoch::get,
            modelVersion::get);

    @Test
    void reportsTheLastStepsAndValidationsScoresAndNaNBeforeThereIsOne() {
        assertThat(gauge(listener, "trainingLoss")).isEqualTo(Double.NaN);
        assertThat(gauge(listener, "trainingAccuracy")).isEqualTo(Double.NaN);
        assertThat(gauge(listener, "validationAccuracy")).isEqualTo(Double.NaN);

        metrics.stepFinished(new StepResult(1, 4, 2.5, 0.25, 1e-3), 4);
        metrics.stepFinished(new StepResult(2, 4, 2.0, 0.5, 1e-3), 4);
        metrics.validated(new ValidationResult(4, 2.0, 3, new int[4]));

        assertThat(gauge(listener, "trainingLoss")).isEqualTo(2.0);
        assertThat(gauge(listener, "trainingAccuracy")).isEqualTo(0.5);
        assertThat(gauge(listener, "validationAccuracy")).isEqualTo(0.75);
    }

    @Test
    void readsWhereTrainingStandsWhenAsked() {
        step.set(12);
        epoch.set(3);
        modelVersion.set(2);

        assertThat(gauge(listener, "step")).isEqualTo(12L);
        assertThat(gauge(listener, "epoch")).isEqualTo(3);
        assertThat(gauge(listener, "modelVersion")).isEqualTo(2L);
    }

    @Test
    void imagesPerSecondIsTheRateOfTheImagesTrainedSinceTheWindowBegan() throws Exception {
        Thread.sleep(100);
        metrics.stepFinished(new StepResult(1, 30, 1, 1, 1e-3), 30);
        metrics.stepFinished(new StepResult(2, 20, 1, 1, 1e-3), 20);

        double rate = metrics.closeImagesPerSecondWindow();
        long window = System.nanoTime() - registeredNanos;

        // 50 images in at least 100 ms, and at most the time since the metrics were registered.
        assertThat(rate).isBetween(50 * 1e9 / window, 500.0);
        assertThat(gauge(listener, "imagesPerSecond")).isEqualTo(rate);
        assertThat(metrics.closeImagesPerSecondWindow()).as("a new window, without images").isZero();
    }

    @Test
    void countsTheImagesItDidNotUse() {
        metrics.skippedAfterStepLimit();
        metrics.skippedAfterStepLimit();
        metrics.validationImageNotKept();

        assertThat(count(listener, "skippedAfterStepLimit")).isEqualTo(2);
        assertThat(count(listener, "validationImagesNotKept")).isEqualTo(1);
    }

    @Test
    void recordsTheStateSizeAndHowLongTheSnapshotAndItsCheckpointTook() {
        assertThat(gauge(listener, "lastCheckpointMillis")).isEqualTo(0L);
        metrics.snapshotTaken(1, System.nanoTime() - 300 * MILLIS, 1234);

        assertThat(gauge(listener, "lastStateSizeBytes")).isEqualTo(1234L);
        long snapshotMillis = (Long) gauge(listener, "lastStateSnapshotMillis");
        assertThat(snapshotMillis).isGreaterThanOrEqualTo(300);
        metrics.checkpointComplete(1, 7);
        assertThat((Long) gauge(listener, "lastCheckpointMillis")).isGreaterThanOrEqualTo(snapshotMillis);
    }

    @Test
    void aNotificationForALaterCheckpointForgetsTheEarlierOnes() {
        metrics.snapshotTaken(1, System.nanoTime() - 5000 * MILLIS, 10);
        metrics.snapshotTaken(2, System.nanoTime() - 100 * MILLIS, 20);

        metrics.checkpointComplete(2, 7);
        long durable = (Long) gauge(listener, "lastCheckpointMillis");
        metrics.checkpointComplete(1, 7);

        assertThat(durable).isBetween(100L, 4999L);
        assertThat(gauge(listener, "lastCheckpointMillis")).as("the late notification changes nothing").isEqualTo(durable);
    }
}
