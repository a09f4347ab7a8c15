package io.flinkalexnet.jobs.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;

/** What the metrics registered in a {@link MetricListener}'s group read now, by name; a missing one fails. */
public final class MetricValues {

    private MetricValues() {}

    public static long count(MetricListener listener, String counter) {
        return listener.getCounter(counter).map(Counter::getCount).orElseThrow();
    }

    public static Object gauge(MetricListener listener, String gauge) {
        return listener.getGauge(gauge).map(Gauge::getValue).orElseThrow();
    }
}
