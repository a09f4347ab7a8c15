package io.flinkalexnet.it.inference;

import io.flinkalexnet.launcher.bench.BenchmarkData;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.infer.ArtifactMetadata;
import io.flinkalexnet.model.infer.ModelAnnouncement;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.StepResult;
import io.flinkalexnet.model.train.TrainingRecipe;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Cifar models trained for a couple of steps, written as artifacts, and the ModelUpdates announcing them. */
final class TestModels {

    private static final int BATCH = 8;
    private static final int STEPS = 2;
    private static final RecordCodec<ModelUpdate> CODEC = RecordCodec.modelUpdate();

    private TestModels() {}

    /** Trains a model from {@code seed} and writes it as version {@code version} into {@code directory}. */
    static ModelArtifact train(long seed, long version, Path directory) throws IOException {
        BenchmarkData data = BenchmarkData.load(null, null, BATCH * STEPS);
        float[] pixels = new float[BATCH * ImageShape.FLOATS];
        int[] labels = new int[BATCH];
        try (AlexNetTrainer trainer = AlexNetTrainer.builder()
                .setVariant(Variant.CIFAR)
                .optEngine(Engines.MXNET)
                .optDevices("cpu")
                .optConfig(TrainingRecipe.REFERENCE.config(Variant.CIFAR, 0).withSeed(seed))
                .build()) {
            StepResult last = null;
            for (int step = 0; step < STEPS; step++) {
                data.fill(step * BATCH, BATCH, pixels, labels);
                last = trainer.trainStep(pixels, labels, BATCH);
            }
            ArtifactMetadata metadata = ArtifactMetadata.trained(Variant.CIFAR, trainer.engineName(),
                    CifarBinaryReader.STANDARD_CLASS_NAMES, trainer.normalization(), version, trainer.step(), 0,
                    System.currentTimeMillis(), Map.of("loss", last.loss(), "accuracy", last.accuracy()));
            return ModelArtifact.writeTo(directory, metadata, trainer.parameters());
        }
    }

    /** The encoded ModelUpdate announcing {@code artifact} as its metadata's version. */
    static byte[] announcement(ModelArtifact artifact) {
        return announcement(artifact.metadata(), artifact.file(), artifact.sha256());
    }

    /** The encoded ModelUpdate announcing the artifact {@code file} with the given metadata and checksum. */
    static byte[] announcement(ArtifactMetadata metadata, Path file, String sha256) {
        try {
            return CODEC.encode(ModelAnnouncement.of(metadata, file.toUri().toString(), sha256, Files.size(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
