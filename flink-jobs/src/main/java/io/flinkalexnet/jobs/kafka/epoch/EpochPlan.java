package io.flinkalexnet.jobs.kafka.epoch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which split goes to which reader, and when: an epoch's splits are handed out only once no reader holds a split of
 * an earlier epoch, so epochs never overlap, even after a failure restored some readers into an older epoch. It knows
 * what each reader holds from the readers' {@link ReaderProgress} reports plus what it assigned since; it hands out
 * nothing until every reader has reported since it last (re)started, since a restored reader may hold older splits.
 *
 * <p>No Flink types: the enumerator passes the readers' events in and carries out the decisions.
 */
final class EpochPlan {

    /** Splits to assign, per reader, and the readers that will get no more splits. */
    record Decision(Map<Integer, List<EpochSplit>> assignments, Set<Integer> noMoreSplits) {}

    private final String topic;
    private final List<PartitionRange> ranges;
    private final int epochs;
    private int nextEpoch;
    private final List<EpochSplit> unassigned;
    /** Splits a failed reader gave back go to the same subtask again; a reader told "no more splits" takes none. */
    private final Map<String, Integer> returnedBy = new HashMap<>();
    private final Map<Integer, Set<String>> assignedSinceReport = new HashMap<>();
    private final Map<Integer, ReaderProgress> progress = new HashMap<>();
    private final Set<Integer> toldNoMoreSplits = new HashSet<>();

    EpochPlan(String topic, List<PartitionRange> ranges, int epochs, int nextEpoch, List<EpochSplit> unassigned) {
        this.topic = topic;
        this.ranges = List.copyOf(ranges);
        this.epochs = epochs;
        this.nextEpoch = nextEpoch;
        this.unassigned = new ArrayList<>(unassigned);
    }

    /** A fresh plan: epoch 0 first. */
    static EpochPlan start(String topic, List<PartitionRange> ranges, int epochs) {
        return new EpochPlan(topic, ranges, epochs, 0, List.of());
    }

    List<PartitionRange> ranges() {
        return ranges;
    }

    int nextEpoch() {
        return nextEpoch;
    }

    List<EpochSplit> unassigned() {
        return List.copyOf(unassigned);
    }

    /** A reader (re)started: forget what the previous attempt of that subtask held until it reports. */
    void readerRegistered(int reader) {
        assignedSinceReport.remove(reader);
        progress.remove(reader);
        toldNoMoreSplits.remove(reader);
    }

    /** A reader failed; the splits assigned to it since the last checkpoint come back. */
    void splitsReturned(int reader, List<EpochSplit> splits) {
        readerRegistered(reader);
        for (EpochSplit split : splits) {
            unassigned.add(split);
            returnedBy.put(split.splitId(), reader);
        }
    }

    void progressReported(int reader, ReaderProgress report) {
        progress.put(reader, report);
        Set<String> assigned = assignedSinceReport.get(reader);
        if (assigned != null) {
            assigned.removeAll(report.reading());
            assigned.removeAll(report.finished());
        }
    }

    /**
     * What to do now, given the registered readers and the source's parallelism. Assignments are recorded as made;
     * the caller must carry them out.
     */
    Decision next(Set<Integer> registered, int parallelism) {
        for (int reader = 0; reader < parallelism; reader++) {
            if (!progress.containsKey(reader)) {
                return new Decision(Map.of(), Set.of());
            }
        }
        if (unassigned.isEmpty() && nextEpoch < epochs) {
            for (PartitionRange range : ranges) {
                unassigned.add(new EpochSplit(topic, range.partition(), nextEpoch, range.startOffset(),
                        range.stopOffset()));
            }
            nextEpoch++;
        }
        int oldestReading = Integer.MAX_VALUE;
        for (int reader = 0; reader < parallelism; reader++) {
            for (String id : reading(reader)) {
                oldestReading = Math.min(oldestReading, EpochSplit.epochOf(id));
            }
        }
        int oldestWaiting = unassigned.stream().mapToInt(EpochSplit::epoch).min().orElse(Integer.MAX_VALUE);
        Map<Integer, List<EpochSplit>> assignments = new TreeMap<>();
        if (oldestWaiting <= oldestReading) {
            for (Iterator<EpochSplit> it = unassigned.iterator(); it.hasNext(); ) {
                EpochSplit split = it.next();
                int reader = returnedBy.getOrDefault(split.splitId(), split.partition() % parallelism);
                if (split.epoch() == oldestWaiting && registered.contains(reader)) {
                    assignments.computeIfAbsent(reader, r -> new ArrayList<>()).add(split);
                    assignedSinceReport.computeIfAbsent(reader, r -> new HashSet<>()).add(split.splitId());
                    returnedBy.remove(split.splitId());
                    it.remove();
                }
            }
        }
        Set<Integer> noMoreSplits = new TreeSet<>();
        if (unassigned.isEmpty() && nextEpoch == epochs) {
            for (int reader : registered) {
                if (toldNoMoreSplits.add(reader)) {
                    noMoreSplits.add(reader);
                }
            }
        }
        return new Decision(assignments, noMoreSplits);
    }

    /**
     * The splits a reader holds: those it last reported reading, and those assigned to it that no report has named
     * yet (a report sent before the assignment arrived cannot know them).
     */
    private Set<String> reading(int reader) {
        Set<String> reading = new HashSet<>(progress.get(reader).reading());
        reading.addAll(assignedSinceReport.getOrDefault(reader, Set.of()));
        return reading;
    }
}
