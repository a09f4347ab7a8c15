package io.flinkalexnet.jobs.infer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds images, never dropping one, while a subtask has no model. Beyond {@code noModelMaxImages} it pauses
 * {@code noModelThrottleMillis} after each further image: the task cannot stop reading one input while reading the
 * other (Flink refuses {@code InputSelectable} operators in checkpointed jobs, and blocking would also block the models
 * input and the checkpoint barriers), so it slows instead, which back-pressures the Kafka source while model updates
 * and barriers still flow; at twice the bound it fails with an error naming the fix rather than running out of memory.
 */
final class NoModelHold {

    // The classifier's parts log as the operator, the name its log lines have always had.
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierOperator.class);

    private final int maxImages;
    private final long throttleMillis;
    private final int subtaskIndex;
    private final ClassifierMetrics metrics;

    NoModelHold(int maxImages, long throttleMillis, int subtaskIndex, ClassifierMetrics metrics) {
        this.maxImages = maxImages;
        this.throttleMillis = throttleMillis;
        this.subtaskIndex = subtaskIndex;
        this.metrics = metrics;
    }

    /** Takes one more image without a model, {@code held} in all: at once within the bound, slowly beyond it. */
    void hold(int held) throws InterruptedException {
        metrics.imagesWithoutModel(held);
        if (held >= 2 * maxImages) {
            throw new IllegalStateException("subtask " + subtaskIndex + " holds " + held + " images and still has no"
                    + " model to classify them with; publish a model to the models topic, start the job with"
                    + " --model.initial-artifact, or raise --inference.no-model.max-images (now " + maxImages + ")");
        }
        if (held > maxImages) {
            if (held == maxImages + 1) {
                LOG.warn("{} images held without a model; taking one image per {} ms until a model arrives",
                        maxImages, throttleMillis);
            }
            Thread.sleep(throttleMillis);
        }
    }
}
