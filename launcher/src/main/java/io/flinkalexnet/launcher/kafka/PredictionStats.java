package io.flinkalexnet.launcher.kafka;

import io.flinkalexnet.model.eval.ConfusionMatrix;
import io.flinkalexnet.schemas.Prediction;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running figures over predictions: how many, per model version, the accuracy and confusion matrix against the true
 * labels where they are known, and percentiles of the inference job's processing latency. Thread-confined.
 */
public final class PredictionStats {

    private final ConfusionMatrix confusion;
    private final Map<Long, Long> perModelVersion = new TreeMap<>();
    private long[] latencies = new long[1024];
    private long count;

    /** Empty figures for the classes named in label order. */
    public PredictionStats(List<String> classNames) {
        this.confusion = new ConfusionMatrix(classNames);
    }

    /** Adds one prediction; {@code actualLabel} is null when the true label is unknown. */
    public void add(Prediction prediction, Integer actualLabel) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[(int) count++] = prediction.getProcessingLatencyMillis();
        perModelVersion.merge(prediction.getModelVersion(), 1L, Long::sum);
        if (actualLabel != null && actualLabel >= 0 && actualLabel < confusion.numClasses()
                && prediction.getLabel() >= 0 && prediction.getLabel() < confusion.numClasses()) {
            confusion.add(actualLabel, prediction.getLabel());
        }
    }

    /** Predictions added. */
    public long count() {
        return count;
    }

    /** Predictions whose true label is known; the confusion matrix counts these. */
    public ConfusionMatrix confusionMatrix() {
        return confusion;
    }

    /** Predictions per model version, in version order. */
    public Map<Long, Long> perModelVersion() {
        return Map.copyOf(perModelVersion);
    }

    /** The {@code percentile} (0–100) of the processing latency in milliseconds, nearest rank; -1 when empty. */
    public long latencyPercentile(double percentile) {
        if (count == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(latencies, (int) count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** One line: count, accuracy when labels are known, and latency percentiles. */
    public String summaryLine() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%,d predictions", count));
        if (confusion.count() > 0) {
            line.append(String.format(Locale.ROOT, ", accuracy %.4f (%,d of %,d labelled)", confusion.accuracy(),
                    confusion.correct(), confusion.count()));
        }
        if (count > 0) {
            line.append(String.format(Locale.ROOT, ", processing latency p50 %d ms, p95 %d ms, p99 %d ms, max %d ms",
                    latencyPercentile(50), latencyPercentile(95), latencyPercentile(99), latencyPercentile(100)));
        }
        return line.toString();
    }
}
