package io.flinkalexnet.jobs.kafka.epoch;

import io.flinkalexnet.jobs.config.KafkaSettings;
import io.flinkalexnet.jobs.kafka.SourceRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Emits each record tagged with its split's epoch and tells the enumerator what it reads: at start (restored splits
 * included) and whenever a split finishes.
 */
final class EpochSourceReader
        extends SingleThreadMultiplexSourceReaderBase<ConsumerRecord<byte[], byte[]>, SourceRecord, EpochSplit,
                EpochSourceReader.Position> {

    private final Set<String> reading = new HashSet<>();
    /** Finished since the last report. */
    private final Set<String> finished = new HashSet<>();

    EpochSourceReader(KafkaSettings kafka, SourceReaderContext context) {
        super(() -> new EpochSplitReader(kafka), EpochSourceReader::emit, context.getConfiguration(), context);
    }

    /** A split being read and the next offset to read in it. */
    static final class Position {
        final EpochSplit split;
        long nextOffset;

        Position(EpochSplit split) {
            this.split = split;
            this.nextOffset = split.nextOffset();
        }
    }

    private static void emit(ConsumerRecord<byte[], byte[]> record,
            SourceOutput<SourceRecord> output, Position position) {
        output.collect(new SourceRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), record.value(), position.split.epoch()), record.timestamp());
        position.nextOffset = record.offset() + 1;
    }

    @Override
    public void start() {
        super.start();
        report();
    }

    @Override
    public void addSplits(List<EpochSplit> splits) {
        splits.forEach(split -> reading.add(split.splitId()));
        super.addSplits(splits);
    }

    @Override
    protected void onSplitFinished(Map<String, Position> finishedSplits) {
        reading.removeAll(finishedSplits.keySet());
        finished.addAll(finishedSplits.keySet());
        report();
    }

    private void report() {
        context.sendSourceEventToCoordinator(new ReaderProgress(Set.copyOf(reading), Set.copyOf(finished)));
        // The enumerator takes reports in the order sent, so it never needs a finished split twice.
        finished.clear();
    }

    @Override
    protected Position initializedState(EpochSplit split) {
        return new Position(split);
    }

    @Override
    protected EpochSplit toSplitType(String splitId, Position position) {
        return position.split.at(position.nextOffset);
    }
}
