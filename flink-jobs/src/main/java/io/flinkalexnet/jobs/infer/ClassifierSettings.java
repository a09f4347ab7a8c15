package io.flinkalexnet.jobs.infer;

import io.flinkalexnet.model.nn.Variant;
import java.io.Serializable;

/**
 * What the classifier operator needs from the inference job's options.
 *
 * @param variant the network variant a model must be to be served
 * @param numClasses the class count a model must have to be served
 * @param engine the DJL engine that runs the forward passes
 * @param devices {@code auto}, {@code cpu} or a list such as {@code gpu0,gpu1}, taken in turn by the subtasks
 * @param initialArtifact URI of the artifact to serve before any announced version, or null
 * @param batchSize most images per forward pass
 * @param batchTimeoutMillis longest an image waits for its batch to fill
 * @param topK classes listed in each prediction
 * @param noModelMaxImages images a subtask holds without a model before it throttles its input
 * @param noModelThrottleMillis pause per image taken beyond {@code noModelMaxImages}
 */
public record ClassifierSettings(
        Variant variant,
        int numClasses,
        String engine,
        String devices,
        String initialArtifact,
        int batchSize,
        long batchTimeoutMillis,
        int topK,
        int noModelMaxImages,
        long noModelThrottleMillis)
        implements Serializable {}
