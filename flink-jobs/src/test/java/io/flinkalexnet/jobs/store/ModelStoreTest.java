package io.flinkalexnet.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.model.image.Normalization;
import io.flinkalexnet.model.infer.ArtifactMetadata;
import io.flinkalexnet.model.infer.ChecksumFile;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Variant;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    // The store writes whatever parameters it is given; an empty map keeps the test free of a native engine.
    private static final ArtifactMetadata METADATA = ArtifactMetadata.trained(Variant.CIFAR, "MXNet",
            List.of("cat", "dog"), Normalization.CIFAR10, 12, 480, 1, 1_700_000_000_000L, Map.of());

    @TempDir
    Path folder;

    @Test
    void writesEachVersionIntoItsOwnFolderBesideItsChecksumFile() throws IOException {
        ModelStore store = new ModelStore(folder.toUri().toString());

        ModelStore.StoredArtifact stored = store.write(12, METADATA, Map.of());

        Path file = Path.of(URI.create(stored.uri()));
        assertThat(file).isEqualTo(folder.resolve("v000012").resolve(ModelArtifact.FILE_NAME));
        assertThat(stored.sizeBytes()).isEqualTo(Files.size(file));
        assertThat(ChecksumFile.readBeside(file)).isEqualTo(stored.sha256());
        ModelArtifact artifact = ModelArtifact.open(file, null);
        assertThat(artifact.sha256()).isEqualTo(stored.sha256());
        assertThat(artifact.metadata().modelVersion()).isEqualTo(12);
    }

    @Test
    void marksTheNewestCommittedVersion() throws IOException {
        ModelStore store = new ModelStore(folder.toUri().toString());

        store.markLatest(3);
        store.markLatest(12);

        assertThat(Files.readString(folder.resolve("LATEST")).trim()).isEqualTo("v000012");
    }

    @Test
    void fetchesAnArtifactIntoALocalFile() throws IOException {
        ModelStore.StoredArtifact stored = new ModelStore(folder.toUri().toString()).write(1, METADATA, Map.of());

        Path local = ModelStore.fetch(stored.uri(), folder.resolve("local"));

        assertThat(local.getParent()).isEqualTo(folder.resolve("local"));
        assertThat(Files.readAllBytes(local)).isEqualTo(Files.readAllBytes(Path.of(URI.create(stored.uri()))));
    }
}
