package io.flinkalexnet.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

class ModelMemoryMetricsTest {

    private static final int MIB = 1 << 20;

    @Test
    void residentMemoryCountsNativeMemoryOutsideTheHeap() {
        long before = ModelMemoryMetrics.residentBytes();
        ByteBuffer nativeBlock = ByteBuffer.allocateDirect(64 * MIB);
        // Pages count once written.
        for (int i = 0; i < nativeBlock.capacity(); i += 4096) {
            nativeBlock.put(i, (byte) 1);
        }
        long after = ModelMemoryMetrics.residentBytes();

        assertThat(before).isPositive();
        assertThat(after - before).isGreaterThan(32L * MIB);
        assertThat(nativeBlock.get(4096)).isEqualTo((byte) 1);
    }

    @Test
    void gaugesReadTheProcessAndTheModelsLiveArraysWhenAsked() {
        MetricListener listener = new MetricListener();
        AtomicInteger liveArrays = new AtomicInteger(12);
        ModelMemoryMetrics.register(listener.getMetricGroup(), liveArrays::get);
        Gauge<Integer> live = listener.<Integer>getGauge(ModelMemoryMetrics.LIVE_ND_ARRAYS).orElseThrow();
        Gauge<Long> resident = listener.<Long>getGauge(ModelMemoryMetrics.RESIDENT_MEMORY).orElseThrow();

        assertThat(live.getValue()).isEqualTo(12);
        liveArrays.set(40);
        assertThat(live.getValue()).isEqualTo(40);
        assertThat(resident.getValue()).isPositive();
    }
}
