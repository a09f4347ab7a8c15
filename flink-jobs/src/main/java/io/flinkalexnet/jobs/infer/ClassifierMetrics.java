package io.flinkalexnet.jobs.infer;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The classifier's metrics under the names README.md lists: predictions and batches (counters with per-second meters),
 * batch sizes, forward-pass and end-to-end times (histograms of the last 2048), rejected models and swaps (counters),
 * and the served version and the images held without a model (gauges).
 */
final class ClassifierMetrics {

    private static final int HISTOGRAM_WINDOW = 2048;

    private final Counter predictions;
    private final Counter batches;
    private final Histogram batchSizes;
    private final Histogram inferenceMillis;
    private final Histogram endToEndLatency;
    private final Counter rejectedModels;
    private final Counter modelSwaps;
    // The gauges are read by the metric reporters' thread.
    private volatile long servingVersion = -1;
    private volatile int imagesWithoutModel;

    ClassifierMetrics(MetricGroup metrics) {
        predictions = metrics.counter("predictions");
        metrics.meter("predictionsPerSecond", new MeterView(predictions));
        batches = metrics.counter("batches");
        metrics.meter("batchesPerSecond", new MeterView(batches));
        batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        inferenceMillis = metrics.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        endToEndLatency = metrics.histogram("endToEndLatencyMillis",
                new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        rejectedModels = metrics.counter("rejectedModels");
        modelSwaps = metrics.counter("modelSwaps");
        metrics.gauge("servingModelVersion", (Gauge<Long>) () -> servingVersion);
        metrics.gauge("imagesWithoutModel", (Gauge<Integer>) () -> imagesWithoutModel);
    }

    /** A batch's forward pass ended, {@code millis} after it began. */
    void forwardPassTook(long millis) {
        inferenceMillis.update(millis);
    }

    /** One prediction emitted, {@code millis} after its image's event time. */
    void predictionEmitted(long millis) {
        endToEndLatency.update(millis);
    }

    /** A batch of {@code size} predictions emitted. */
    void batchEmitted(int size) {
        predictions.inc(size);
        batches.inc();
        batchSizes.update(size);
    }

    void modelRejected() {
        rejectedModels.inc();
    }

    /** {@code version} is served from now on, so no image is held without a model any more. */
    void modelServed(long version) {
        servingVersion = version;
        imagesWithoutModel = 0;
    }

    /** A served model replaced the one before it. */
    void modelSwapped() {
        modelSwaps.inc();
    }

    void imagesWithoutModel(int images) {
        imagesWithoutModel = images;
    }
}
