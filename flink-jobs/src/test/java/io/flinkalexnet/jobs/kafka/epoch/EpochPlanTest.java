package io.flinkalexnet.jobs.kafka.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EpochPlanTest {

    private static final String TOPIC = "images";
    private static final List<PartitionRange> RANGES =
            List.of(new PartitionRange(0, 0, 10), new PartitionRange(1, 5, 20), new PartitionRange(2, 0, 0));
    private static final Set<Integer> READERS = Set.of(0, 1);

    private final EpochPlan plan = EpochPlan.start(TOPIC, RANGES, 2);

    @Test
    void assignsNothingUntilEveryReaderHasReported() {
        plan.progressReported(0, idle());
        assertThat(plan.next(READERS, 2).assignments()).isEmpty();

        plan.progressReported(1, idle());
        EpochPlan.Decision decision = plan.next(READERS, 2);

        assertThat(decision.assignments()).isEqualTo(Map.of(
                0, List.of(split(0, 0, 0, 10), split(2, 0, 0, 0)),
                1, List.of(split(1, 0, 5, 20))));
        assertThat(decision.noMoreSplits()).isEmpty();
    }

    @Test
    void opensTheNextEpochOnlyWhenNoReaderReadsTheLastOne() {
        startEpochZero();
        plan.progressReported(0, new ReaderProgress(Set.of(), Set.of(id(0, 0), id(2, 0))));
        assertThat(plan.next(READERS, 2).assignments()).as("reader 1 still reads epoch 0").isEmpty();

        plan.progressReported(1, new ReaderProgress(Set.of(), Set.of(id(1, 0))));
        EpochPlan.Decision decision = plan.next(READERS, 2);

        assertThat(decision.assignments()).isEqualTo(Map.of(
                0, List.of(split(0, 1, 0, 10), split(2, 1, 0, 0)),
                1, List.of(split(1, 1, 5, 20))));
        assertThat(decision.noMoreSplits()).as("the last epoch is handed out").containsExactly(0, 1);
    }

    @Test
    void takesEachReportsNewlyFinishedSplitsOnce() {
        startEpochZero();
        plan.progressReported(0, new ReaderProgress(Set.of(id(2, 0)), Set.of(id(0, 0))));
        plan.progressReported(1, new ReaderProgress(Set.of(), Set.of(id(1, 0))));
        assertThat(plan.next(READERS, 2).assignments()).as("reader 0 still reads partition 2").isEmpty();

        plan.progressReported(0, new ReaderProgress(Set.of(), Set.of(id(2, 0))));

        assertThat(plan.next(READERS, 2).assignments()).containsOnlyKeys(0, 1);
    }

    @Test
    void countsASplitAsReadUntilItsReaderReportsIt() {
        startEpochZero();
        // Both reports were sent before the readers received their epoch-0 splits.
        plan.progressReported(0, idle());
        plan.progressReported(1, idle());

        assertThat(plan.next(READERS, 2).assignments()).isEmpty();
    }

    @Test
    void givesReturnedSplitsBackToTheRestartedReaderAfterItReports() {
        startEpochZero();
        plan.progressReported(0, new ReaderProgress(Set.of(), Set.of(id(0, 0), id(2, 0))));
        plan.splitsReturned(1, List.of(split(1, 0, 12, 20)));
        assertThat(plan.next(Set.of(0), 2).assignments()).as("reader 1 has not restarted").isEmpty();

        plan.readerRegistered(1);
        assertThat(plan.next(READERS, 2).assignments()).as("reader 1 has not reported").isEmpty();
        plan.progressReported(1, idle());

        assertThat(plan.next(READERS, 2).assignments()).isEqualTo(Map.of(1, List.of(split(1, 0, 12, 20))));
    }

    @Test
    void holdsTheNextEpochWhileARestoredReaderReadsAnEarlierOne() {
        startEpochZero();
        plan.progressReported(0, new ReaderProgress(Set.of(), Set.of(id(0, 0), id(2, 0))));
        plan.progressReported(1, new ReaderProgress(Set.of(), Set.of(id(1, 0))));
        plan.next(READERS, 2);
        // Reader 0 fails; its restored state still reads epoch 0, and its epoch-1 splits come back.
        plan.splitsReturned(0, List.of(split(0, 1, 0, 10), split(2, 1, 0, 0)));
        plan.readerRegistered(0);
        plan.progressReported(0, new ReaderProgress(Set.of(id(0, 0)), Set.of()));
        assertThat(plan.next(READERS, 2).assignments()).isEmpty();

        plan.progressReported(0, new ReaderProgress(Set.of(), Set.of(id(0, 0))));
        EpochPlan.Decision decision = plan.next(READERS, 2);

        assertThat(decision.assignments()).isEqualTo(Map.of(0, List.of(split(0, 1, 0, 10), split(2, 1, 0, 0))));
        assertThat(decision.noMoreSplits()).as("the restarted reader hears it again").containsExactly(0);
    }

    @Test
    void resumesFromItsCheckpointedEpochAndSplits() {
        EpochPlan restored = new EpochPlan(TOPIC, RANGES, 3, 2, List.of(split(1, 1, 7, 20)));
        restored.progressReported(0, idle());
        restored.progressReported(1, new ReaderProgress(Set.of(id(0, 1)), Set.of()));

        assertThat(restored.next(READERS, 2).assignments()).isEqualTo(Map.of(1, List.of(split(1, 1, 7, 20))));
        assertThat(restored.nextEpoch()).isEqualTo(2);
    }

    private void startEpochZero() {
        plan.progressReported(0, idle());
        plan.progressReported(1, idle());
        plan.next(READERS, 2);
    }

    private static ReaderProgress idle() {
        return new ReaderProgress(Set.of(), Set.of());
    }

    private static EpochSplit split(int partition, int epoch, long from, long to) {
        return new EpochSplit(TOPIC, partition, epoch, from, to);
    }

    private static String id(int partition, int epoch) {
        return EpochSplit.id(TOPIC, partition, epoch);
    }
}
