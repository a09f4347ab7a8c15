package io.flinkalexnet.model.infer;

import io.flinkalexnet.schemas.ModelUpdate;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code ModelUpdate} that announces a stored artifact on the models topic, filled from the artifact's own
 * metadata, so that what a consumer reads about a version is what the artifact says about itself.
 */
public final class ModelAnnouncement {

    /** Metric names in {@link ArtifactMetadata#metrics()}: mean training loss and accuracy since the last export. */
    public static final String LOSS = "loss";
    public static final String ACCURACY = "accuracy";
    /** Metric names for the held-out images scored at the export, when there were any. */
    public static final String VALIDATION_ACCURACY = "validation_accuracy";
    public static final String VALIDATION_LOSS = "validation_loss";
    public static final String VALIDATION_COUNT = "validation_count";

    private ModelAnnouncement() {}

    /** The announcement of the artifact at {@code artifactUri}; missing training metrics are NaN. */
    public static ModelUpdate of(ArtifactMetadata metadata, String artifactUri, String sha256, long sizeBytes) {
        Map<String, Double> metrics = metadata.metrics() == null ? Map.of() : metadata.metrics();
        return ModelUpdate.newBuilder()
                .setModelVersion(metadata.modelVersion())
                .setArchitecture(metadata.architecture())
                .setVariant(metadata.variant())
                .setEngine(metadata.engine())
                .setNumClasses(metadata.numClasses())
                .setTrainingStep(metadata.trainingStep())
                .setEpoch(metadata.epoch())
                .setTrainingLoss(metrics.getOrDefault(LOSS, Double.NaN))
                .setTrainingAccuracy(metrics.getOrDefault(ACCURACY, Double.NaN))
                .setValidationAccuracy(metrics.get(VALIDATION_ACCURACY))
                .setValidationCount(metrics.getOrDefault(VALIDATION_COUNT, 0.0).longValue())
                .setArtifactUri(artifactUri)
                .setSha256(sha256)
                .setSizeBytes(sizeBytes)
                .setCreatedAt(Instant.ofEpochMilli(metadata.createdAtMillis()))
                .build();
    }
}
