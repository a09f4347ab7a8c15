package io.flinkalexnet.jobs.infer;

import io.flinkalexnet.model.infer.ArtifactMetadata;
import io.flinkalexnet.model.infer.ModelAnnouncement;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.schemas.ModelUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Untrained cifar model artifacts and the ModelUpdates announcing them. */
final class TestArtifacts {

    private TestArtifacts() {}

    /** A freshly initialised cifar network with these classes, written as {@code version} into {@code directory}. */
    static ModelArtifact untrained(long version, List<String> classNames, Path directory) throws IOException {
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(Variant.CIFAR).optEngine(Engines.MXNET)
                .optDevices("cpu").optNumClasses(classNames.size()).build()) {
            return ModelArtifact.writeTo(directory, ArtifactMetadata.trained(Variant.CIFAR, trainer.engineName(),
                    classNames, trainer.normalization(), version, 0, 0, 0, Map.of()), trainer.parameters());
        }
    }

    /** The ModelUpdate announcing {@code artifact} as its metadata says. */
    static ModelUpdate announcement(ModelArtifact artifact) throws IOException {
        return ModelAnnouncement.of(artifact.metadata(), artifact.file().toUri().toString(), artifact.sha256(),
                Files.size(artifact.file()));
    }
}
