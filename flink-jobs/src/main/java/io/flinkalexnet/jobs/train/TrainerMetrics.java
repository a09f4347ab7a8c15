package io.flinkalexnet.jobs.train;

import io.flinkalexnet.model.train.StepResult;
import io.flinkalexnet.model.train.ValidationResult;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's metrics: the last step's loss and accuracy, the last validation accuracy, images/s over the steps
 * between two step log lines, where training stands, what the training state costs at a checkpoint, and the images
 * it did not use. Updated on the task thread; the gauges are read from the metric reporter's.
 */
final class TrainerMetrics {

    // The job's log lines name the operator, whichever of its parts writes them.
    private static final Logger LOG = LoggerFactory.getLogger(TrainerOperator.class);

    private final Counter skipped;
    private final Counter validationOverflow;
    private final TreeMap<Long, Long> snapshotStartedNanos = new TreeMap<>();
    private volatile double lastLoss = Double.NaN;
    private volatile double lastAccuracy = Double.NaN;
    private volatile double lastValidationAccuracy = Double.NaN;
    private volatile double imagesPerSecond;
    private volatile long lastStateBytes;
    private volatile long lastStateMillis;
    private volatile long lastCheckpointMillis;
    private long windowStartNanos = System.nanoTime();
    private long windowImages;

    /** Registers the metrics in {@code metrics}, reading the step, epoch and model version from the gauges given. */
    TrainerMetrics(MetricGroup metrics, Gauge<Long> step, Gauge<Integer> epoch, Gauge<Long> modelVersion) {
        metrics.gauge("trainingLoss", (Gauge<Double>) () -> lastLoss);
        metrics.gauge("trainingAccuracy", (Gauge<Double>) () -> lastAccuracy);
        metrics.gauge("validationAccuracy", (Gauge<Double>) () -> lastValidationAccuracy);
        metrics.gauge("imagesPerSecond", (Gauge<Double>) () -> imagesPerSecond);
        metrics.gauge("step", step);
        metrics.gauge("epoch", epoch);
        metrics.gauge("modelVersion", modelVersion);
        metrics.gauge("lastStateSizeBytes", (Gauge<Long>) () -> lastStateBytes);
        metrics.gauge("lastStateSnapshotMillis", (Gauge<Long>) () -> lastStateMillis);
        metrics.gauge("lastCheckpointMillis", (Gauge<Long>) () -> lastCheckpointMillis);
        skipped = metrics.counter("skippedAfterStepLimit");
        validationOverflow = metrics.counter("validationImagesNotKept");
    }

    void stepFinished(StepResult result, int images) {
        lastLoss = result.loss();
        lastAccuracy = result.accuracy();
        windowImages += images;
    }

    /** Updates images/s to the rate since the last call (or since the metrics were registered), and returns it. */
    double closeImagesPerSecondWindow() {
        long now = System.nanoTime();
        imagesPerSecond = windowImages * 1e9 / Math.max(1, now - windowStartNanos);
        windowStartNanos = now;
        windowImages = 0;
        return imagesPerSecond;
    }

    void validated(ValidationResult score) {
        lastValidationAccuracy = score.accuracy();
    }

    void skippedAfterStepLimit() {
        skipped.inc();
    }

    void validationImageNotKept() {
        validationOverflow.inc();
    }

    /** Records the training state's size and how long writing it took, the snapshot having begun at {@code startedNanos}. */
    void snapshotTaken(long checkpointId, long startedNanos, long stateBytes) {
        snapshotStartedNanos.put(checkpointId, startedNanos);
        lastStateBytes = stateBytes;
        lastStateMillis = (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** Records, and logs, how long after the trainer's snapshot began checkpoint {@code checkpointId} was durable. */
    void checkpointComplete(long checkpointId, long step) {
        Long started = snapshotStartedNanos.get(checkpointId);
        if (started != null) {
            lastCheckpointMillis = (System.nanoTime() - started) / 1_000_000;
            LOG.info("checkpoint {} complete at step {}: training state {} bytes, serialised in {} ms, durable"
                    + " {} ms after the trainer's snapshot began", checkpointId, step, lastStateBytes,
                    lastStateMillis, lastCheckpointMillis);
        }
        snapshotStartedNanos.headMap(checkpointId, true).clear();
    }
}
