package io.flinkalexnet.jobs.kafka.epoch;

import java.util.Set;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * What a reader holds, sent to the enumerator when the reader starts and whenever it finishes a split: the splits it
 * still reads (restored from a checkpoint or assigned) and those it finished since its last report. The enumerator
 * opens the next epoch only when no reader holds a split of an earlier one.
 */
record ReaderProgress(Set<String> reading, Set<String> finished) implements SourceEvent {}
