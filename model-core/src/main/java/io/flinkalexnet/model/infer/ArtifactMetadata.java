package io.flinkalexnet.model.infer;

import io.flinkalexnet.model.image.Normalization;
import io.flinkalexnet.model.nn.Variant;
import java.util.List;
import java.util.Map;

/**
 * The small metadata file of a model artifact: what network the parameters belong to and how its
 * input must be prepared.
 *
 * @param formatVersion artifact format version, {@link ModelArtifact#FORMAT_VERSION}
 * @param architecture network family, {@link ModelArtifact#ARCHITECTURE}
 * @param variant {@code cifar} or {@code seed}
 * @param engine the DJL engine that trained it (artifacts load on either engine)
 * @param classNames class names in label order; their count is the network's output size
 * @param mean per-channel normalisation mean on the 0–1 scale
 * @param std per-channel normalisation standard deviation on the 0–1 scale
 * @param modelVersion version number, 1-based; 0 for an artifact exported outside the training job
 * @param trainingStep optimizer steps behind it
 * @param epoch training epoch when exported
 * @param createdAtMillis when it was written
 * @param metrics training and validation figures at export (loss, accuracy, validation_accuracy...)
 */
public record ArtifactMetadata(
        int formatVersion,
        String architecture,
        String variant,
        String engine,
        List<String> classNames,
        float[] mean,
        float[] std,
        long modelVersion,
        long trainingStep,
        int epoch,
        long createdAtMillis,
        Map<String, Double> metrics) {

    /**
     * The metadata of a trained {@code variant} network in this build's format and architecture.
     *
     * <pre>{@code
     * ArtifactMetadata metadata = ArtifactMetadata.trained(trainer.variant(), trainer.engineName(), classNames,
     *         trainer.normalization(), version, trainer.step(), trainer.epoch(), System.currentTimeMillis(), metrics);
     * }</pre>
     */
    public static ArtifactMetadata trained(Variant variant, String engine, List<String> classNames,
            Normalization normalization, long modelVersion, long trainingStep, int epoch, long createdAtMillis,
            Map<String, Double> metrics) {
        return new ArtifactMetadata(ModelArtifact.FORMAT_VERSION, ModelArtifact.ARCHITECTURE, variant.id(), engine,
                classNames, normalization.mean(), normalization.std(), modelVersion, trainingStep, epoch,
                createdAtMillis, metrics);
    }

    public int numClasses() {
        return classNames.size();
    }
}
