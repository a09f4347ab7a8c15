package io.flinkalexnet.jobs.infer;

import static io.flinkalexnet.jobs.metrics.MetricValues.count;
import static io.flinkalexnet.jobs.metrics.MetricValues.gauge;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/** The classifier's metrics, under the names README.md lists, after the events that move them. */
class ClassifierMetricsTest {

    private final MetricListener listener = new MetricListener();
    private final ClassifierMetrics metrics = new ClassifierMetrics(listener.getMetricGroup());

    @Test
    void countsEmittedPredictionsAndBatchesWithTheirSizes() {
        metrics.batchEmitted(4);
        metrics.batchEmitted(1);

        assertThat(count(listener, "predictions")).isEqualTo(5);
        assertThat(count(listener, "batches")).isEqualTo(2);
        assertThat(listener.getMeter("predictionsPerSecond").map(Meter::getCount)).contains(5L);
        assertThat(listener.getMeter("batchesPerSecond").map(Meter::getCount)).contains(2L);
        HistogramStatistics sizes = statistics("batchSize", 2);
        assertThat(sizes.getMin()).isEqualTo(1);
        assertThat(sizes.getMax()).isEqualTo(4);
    }

    @Test
    void timesForwardPassesAndEachPredictionInTheirOwnHistograms() {
        metrics.forwardPassTook(30);
        metrics.forwardPassTook(50);
        metrics.predictionEmitted(120);

        HistogramStatistics inference = statistics("inferenceMillis", 2);
        assertThat(inference.getMin()).isEqualTo(30);
        assertThat(inference.getMax()).isEqualTo(50);
        assertThat(statistics("endToEndLatencyMillis", 1).getMax()).isEqualTo(120);
    }

    @Test
    void servingAModelReportsItsVersionAndEndsTheCountOfImagesHeldWithoutOne() {
        assertThat(gauge(listener, "servingModelVersion")).as("no model yet").isEqualTo(-1L);
        metrics.imagesWithoutModel(7);
        assertThat(gauge(listener, "imagesWithoutModel")).isEqualTo(7);

        metrics.modelServed(3);

        assertThat(gauge(listener, "servingModelVersion")).isEqualTo(3L);
        assertThat(gauge(listener, "imagesWithoutModel")).isEqualTo(0);
    }

    @Test
    void countsRejectedModelsAndSwapsApart() {
        metrics.modelRejected();
        assertThat(count(listener, "modelSwaps")).isZero();

        metrics.modelSwapped();
        metrics.modelRejected();
        assertThat(count(listener, "rejectedModels")).isEqualTo(2);
        assertThat(count(listener, "modelSwaps")).isEqualTo(1);
    }

    /** The statistics of histogram {@code name}, which must hold {@code count} values. */
    private HistogramStatistics statistics(String name, long count) {
        Histogram histogram = listener.getHistogram(name).orElseThrow();
        assertThat(histogram.getCount()).as(name).isEqualTo(count);
        return histogram.getStatistics();
    }
}
