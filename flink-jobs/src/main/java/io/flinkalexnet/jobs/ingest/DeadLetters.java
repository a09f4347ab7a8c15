package io.flinkalexnet.jobs.ingest;

import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.kafka.SourceRecord;
import io.flinkalexnet.schemas.DeadLetter;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.util.OutputTag;

/** The dead-letter side output and the {@code DeadLetter} records on it. */
public final class DeadLetters {

    /** Side output of every operator that can reject a record. */
    public static final OutputTag<EncodedRecord> TAG = new OutputTag<>("dead-letters") {};

    private static final RecordCodec<DeadLetter> CODEC = RecordCodec.deadLetter();

    private DeadLetters() {}

    /** A dead letter for {@code record}, keyed like the original, carrying its bytes unchanged. */
    public static EncodedRecord of(SourceRecord record, String reason, String message, String recordId, String job) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(record.topic)
                .setPartition(record.partition)
                .setOffset(record.offset)
                .setReason(reason)
                .setMessage(message)
                .setRecordId(recordId)
                .setFailedAt(Instant.now())
                .setJob(job)
                .setPayload(ByteBuffer.wrap(record.value == null ? new byte[0] : record.value))
                .build();
        return new EncodedRecord(record.key, CODEC.encode(letter));
    }
}
