package io.flinkalexnet.jobs.infer;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;

/**
 * A processing-time callback that is registered at most once at a time: asking for it again before it has fired
 * changes nothing, so a burst of requests (images, announcements) costs one timer.
 */
final class CoalescingTimer {

    private final ProcessingTimeService timers;
    private final ProcessingTimeCallback callback;
    private boolean scheduled;

    CoalescingTimer(ProcessingTimeService timers, ProcessingTimeCallback callback) {
        this.timers = timers;
        this.callback = callback;
    }

    /** Registers the callback at {@code time}, unless it is registered already (then it fires when registered). */
    void scheduleAt(long time) {
        if (!scheduled) {
            scheduled = true;
            timers.registerTimer(time, now -> {
                scheduled = false;
                callback.onProcessingTime(now);
            });
        }
    }
}
