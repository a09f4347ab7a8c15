package io.flinkalexnet.jobs.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.Test;

class CoalescingTimerTest {

    private final TestProcessingTimeService time = new TestProcessingTimeService();
    private final List<Long> fired = new ArrayList<>();
    private final CoalescingTimer timer = new CoalescingTimer(time, fired::add);

    @Test
    void aBurstOfRequestsCostsOneTimerThatFiresOnce() throws Exception {
        timer.scheduleAt(10);
        timer.scheduleAt(10);
        timer.scheduleAt(30);

        assertThat(time.getNumActiveTimers()).isOne();
        time.setCurrentTime(100);
        assertThat(fired).containsExactly(10L);
        assertThat(time.getNumActiveTimers()).isZero();
    }

    @Test
    void aRequestForAnEarlierTimeWaitsForTheRegisteredOne() throws Exception {
        timer.scheduleAt(50);
        timer.scheduleAt(20);

        time.setCurrentTime(20);
        assertThat(fired).isEmpty();
        time.setCurrentTime(50);
        assertThat(fired).containsExactly(50L);
    }

    @Test
    void onceFiredItIsRegisteredAgainByTheNextRequest() throws Exception {
        timer.scheduleAt(10);
        time.setCurrentTime(10);
        timer.scheduleAt(40);

        assertThat(time.getActiveTimerTimestamps()).containsExactly(40L);
        time.setCurrentTime(40);
        assertThat(fired).containsExactly(10L, 40L);
    }

    @Test
    void itsCallbackCanRegisterItAgain() throws Exception {
        CoalescingTimer[] rescheduling = new CoalescingTimer[1];
        rescheduling[0] = new CoalescingTimer(time, now -> {
            fired.add(now);
            rescheduling[0].scheduleAt(now + 10);
        });
        rescheduling[0].scheduleAt(10);

        time.setCurrentTime(10);
        time.setCurrentTime(20);
        assertThat(fired).containsExactly(10L, 20L);
        assertThat(time.getActiveTimerTimestamps()).containsExactly(30L);
    }
}
