package io.flinkalexnet.model.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.model.image.ImageDecoder;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

    private static final int IMAGES = 16;

    @TempDir
    static Path directory;

    private static float[] images;
    private static float[] trainerProbabilities;

    @BeforeAll
    static void exportATrainedModel() throws IOException {
        images = new float[IMAGES * ImageShape.FLOATS];
        int[] labels = new int[IMAGES];
        ImageDecoder decoder = new ImageDecoder();
        for (int i = 0; i < IMAGES; i++) {
            var record = new SyntheticImages(9).record(i, 0);
            decoder.decodeInto(record, images, i * ImageShape.FLOATS);
            labels[i] = record.getLabel();
        }
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(Variant.CIFAR).build()) {
            trainer.trainStep(images, labels, IMAGES);
            trainer.trainStep(images, labels, IMAGES);
            trainerProbabilities = trainer.probabilities(images, IMAGES);
            ArtifactMetadata metadata = ArtifactMetadata.trained(trainer.variant(), trainer.engineName(),
                    CifarBinaryReader.STANDARD_CLASS_NAMES, trainer.normalization(), 3, trainer.step(), 0, 0L,
                    Map.of("loss", 1.0));
            ModelArtifact.writeTo(directory.resolve("model"), metadata, trainer.parameters());
        }
    }

    @Test
    void classifierServesWhatTheTrainerComputedOnEitherEngine() {
        ModelArtifact artifact = ModelArtifact.open(directory.resolve("model"), null);
        for (String engine : List.of(Engines.MXNET, Engines.PYTORCH)) {
            try (ImageClassifier classifier = ImageClassifier.load(artifact, engine, "cpu")) {
                assertThat(classifier.probabilities(images, IMAGES))
                        .as("probabilities on %s", engine)
                        .containsExactly(trainerProbabilities, Offset.offset(1e-4f));
                List<Classification> results = classifier.classify(images, IMAGES, 3);
                assertThat(results).hasSize(IMAGES).allSatisfy(result -> {
                    assertThat(result.topK()).hasSize(3);
                    assertThat(result.topK().get(0).label()).isEqualTo(result.label());
                    assertThat(result.className()).isEqualTo(CifarBinaryReader.STANDARD_CLASS_NAMES.get(result.label()));
                });
            }
        }
    }

    @Test
    void metadataSurvivesTheRoundTrip() {
        ModelArtifact artifact = ModelArtifact.open(directory.resolve("model").resolve(ModelArtifact.FILE_NAME), null);
        assertThat(artifact.metadata().modelVersion()).isEqualTo(3);
        assertThat(artifact.variant()).isEqualTo(Variant.CIFAR);
        assertThat(artifact.metadata().classNames()).isEqualTo(CifarBinaryReader.STANDARD_CLASS_NAMES);
        assertThat(artifact.metadata().metrics()).containsEntry("loss", 1.0);
    }

    @Test
    void wrongChecksumIsAClearError() {
        assertThatThrownBy(() -> ModelArtifact.open(directory.resolve("model"), "0".repeat(64)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("has SHA-256")
                .hasMessageContaining("incomplete or was modified");
    }

    @Test
    void truncatedCopyFailsAgainstItsChecksumFile() throws IOException {
        Path copy = Files.createDirectories(directory.resolve("truncated"));
        byte[] bytes = Files.readAllBytes(directory.resolve("model").resolve(ModelArtifact.FILE_NAME));
        Files.write(copy.resolve(ModelArtifact.FILE_NAME), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.copy(ChecksumFile.beside(directory.resolve("model").resolve(ModelArtifact.FILE_NAME)),
                ChecksumFile.beside(copy.resolve(ModelArtifact.FILE_NAME)));
        assertThatThrownBy(() -> ModelArtifact.open(copy, null)).hasMessageContaining("incomplete or was modified");
    }

    @Test
    void artifactOfAnotherArchitectureIsRefused() throws IOException {
        Path forged = forge("architecture", "\"alexnet\"", "\"resnet\"");
        assertThatThrownBy(() -> ModelArtifact.open(forged, null))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("architecture 'resnet', not 'alexnet'");
    }

    @Test
    void parametersThatDoNotFitTheDeclaredVariantAreRefused() throws IOException {
        ModelArtifact artifact = ModelArtifact.open(forge("variant", "\"cifar\"", "\"seed\""), null);
        assertThatThrownBy(() -> ImageClassifier.load(artifact, Engines.MXNET, "cpu"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("the network expects");
    }

    @Test
    void missingArtifactIsNamed() {
        assertThatThrownBy(() -> ModelArtifact.open(directory.resolve("nowhere"), null))
                .hasMessageEndingWith("nowhere does not exist");
    }

    @Test
    void checksumFileMatchesTheBytes() throws IOException {
        Path file = directory.resolve("model").resolve(ModelArtifact.FILE_NAME);
        String sidecar = Files.readString(file.resolveSibling(ModelArtifact.FILE_NAME + ".sha256"));
        assertThat(sidecar).isEqualTo(ModelArtifact.sha256Of(file) + "  " + ModelArtifact.FILE_NAME + "\n");
    }

    /** A copy of the artifact whose metadata has {@code from} replaced by {@code to}. */
    private static Path forge(String name, String from, String to) throws IOException {
        Path forged = Files.createDirectories(directory.resolve(name)).resolve(ModelArtifact.FILE_NAME);
        Files.copy(directory.resolve("model").resolve(ModelArtifact.FILE_NAME), forged);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + forged.toUri()), Map.of())) {
            Path metadata = zip.getPath("metadata.json");
            Files.writeString(metadata, Files.readString(metadata).replace(from, to));
        }
        return forged;
    }
}
