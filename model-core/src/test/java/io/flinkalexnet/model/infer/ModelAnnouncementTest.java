package io.flinkalexnet.model.infer;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.model.image.Normalization;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.schemas.ModelUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelAnnouncementTest {

    @Test
    void carriesWhatTheArtifactSaysAboutItself() {
        ArtifactMetadata metadata = metadata(Map.of(ModelAnnouncement.LOSS, 1.25, ModelAnnouncement.ACCURACY, 0.5,
                ModelAnnouncement.VALIDATION_ACCURACY, 0.4, ModelAnnouncement.VALIDATION_COUNT, 48.0));

        ModelUpdate update = ModelAnnouncement.of(metadata, "file:///models/v000007/model.zip", "ab12", 2048);

        assertThat(update.getModelVersion()).isEqualTo(7);
        assertThat(update.getArchitecture()).isEqualTo(ModelArtifact.ARCHITECTURE);
        assertThat(update.getVariant()).isEqualTo("cifar");
        assertThat(update.getEngine()).isEqualTo("MXNet");
        assertThat(update.getNumClasses()).isEqualTo(3);
        assertThat(update.getTrainingStep()).isEqualTo(120);
        assertThat(update.getEpoch()).isEqualTo(2);
        assertThat(update.getTrainingLoss()).isEqualTo(1.25);
        assertThat(update.getTrainingAccuracy()).isEqualTo(0.5);
        assertThat(update.getValidationAccuracy()).isEqualTo(0.4);
        assertThat(update.getValidationCount()).isEqualTo(48);
        assertThat(update.getArtifactUri()).isEqualTo("file:///models/v000007/model.zip");
        assertThat(update.getSha256()).isEqualTo("ab12");
        assertThat(update.getSizeBytes()).isEqualTo(2048);
        assertThat(update.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void anArtifactWithoutMetricsIsAnnouncedWithoutScores() {
        ModelUpdate update = ModelAnnouncement.of(metadata(Map.of()), "file:///m.zip", "ab12", 1);

        assertThat(update.getTrainingLoss()).isNaN();
        assertThat(update.getTrainingAccuracy()).isNaN();
        assertThat(update.getValidationAccuracy()).isNull();
        assertThat(update.getValidationCount()).isZero();
    }

    private static ArtifactMetadata metadata(Map<String, Double> metrics) {
        return ArtifactMetadata.trained(Variant.CIFAR, "MXNet", List.of("cat", "dog", "ship"),
                new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}), 7, 120, 2,
                1_700_000_000_000L, metrics);
    }
}
