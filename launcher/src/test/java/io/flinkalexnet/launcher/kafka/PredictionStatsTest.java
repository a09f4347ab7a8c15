package io.flinkalexnet.launcher.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.schemas.Prediction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Running figures over predictions. */
class PredictionStatsTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    @Test
    void latencyPercentilesAreNearestRank() {
        PredictionStats stats = new PredictionStats(CLASSES);
        for (long latency = 1; latency <= 100; latency++) {
            stats.add(prediction(0, 1, latency), null);
        }

        assertThat(stats.latencyPercentile(50)).isEqualTo(50);
        assertThat(stats.latencyPercentile(99)).isEqualTo(99);
        assertThat(stats.latencyPercentile(100)).isEqualTo(100);
    }

    @Test
    void accuracyCountsOnlyPredictionsWithAKnownLabel() {
        PredictionStats stats = new PredictionStats(CLASSES);
        stats.add(prediction(0, 1, 5), 0);
        stats.add(prediction(1, 1, 5), 0);
        stats.add(prediction(2, 1, 5), null);

        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats.confusionMatrix().count()).isEqualTo(2);
        assertThat(stats.confusionMatrix().accuracy()).isEqualTo(0.5);
        assertThat(stats.summaryLine()).contains("3 predictions", "accuracy 0.5000 (1 of 2 labelled)");
    }

    @Test
    void countsPredictionsPerModelVersion() {
        PredictionStats stats = new PredictionStats(CLASSES);
        stats.add(prediction(0, 1, 5), null);
        stats.add(prediction(0, 2, 5), null);
        stats.add(prediction(0, 2, 5), null);

        assertThat(stats.perModelVersion()).containsEntry(1L, 1L).containsEntry(2L, 2L);
    }

    private static Prediction prediction(int label, long version, long latencyMillis) {
        return Prediction.newBuilder()
                .setImageId("image-" + label)
                .setLabel(label)
                .setClassName(CLASSES.get(label))
                .setConfidence(0.9f)
                .setTopK(List.of())
                .setModelVersion(version)
                .setEventTime(Instant.EPOCH)
                .setProcessingLatencyMillis(latencyMillis)
                .build();
    }
}
