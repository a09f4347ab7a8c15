package io.flinkalexnet.model.infer;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.model.image.Normalization;
import io.flinkalexnet.model.nn.Variant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArtifactMetadataTest {

    @Test
    void aTrainedModelIsDescribedInThisBuildsFormatAndArchitecture() {
        ArtifactMetadata metadata = ArtifactMetadata.trained(Variant.SEED, "PyTorch", List.of("cat", "dog"),
                Normalization.CIFAR10, 4, 800, 3, 1_700_000_000_000L, Map.of(ModelAnnouncement.LOSS, 0.5));

        assertThat(metadata.formatVersion()).isEqualTo(ModelArtifact.FORMAT_VERSION);
        assertThat(metadata.architecture()).isEqualTo(ModelArtifact.ARCHITECTURE);
        assertThat(metadata.variant()).isEqualTo("seed");
        assertThat(metadata.engine()).isEqualTo("PyTorch");
        assertThat(metadata.classNames()).containsExactly("cat", "dog");
        assertThat(metadata.numClasses()).isEqualTo(2);
        assertThat(metadata.mean()).containsExactly(Normalization.CIFAR10.mean());
        assertThat(metadata.std()).containsExactly(Normalization.CIFAR10.std());
        assertThat(metadata.modelVersion()).isEqualTo(4);
        assertThat(metadata.trainingStep()).isEqualTo(800);
        assertThat(metadata.epoch()).isEqualTo(3);
        assertThat(metadata.createdAtMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(metadata.metrics()).containsExactly(Map.entry(ModelAnnouncement.LOSS, 0.5));
    }
}
