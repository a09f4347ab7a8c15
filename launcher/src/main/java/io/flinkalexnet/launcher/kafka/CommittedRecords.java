package io.flinkalexnet.launcher.kafka;

import io.flinkalexnet.launcher.LauncherException;
import io.flinkalexnet.schemas.codec.RecordCodec;
import io.flinkalexnet.schemas.codec.RecordDecodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a whole topic as it stands: every committed record up to the end offsets, decoded with a codec. */
public final class CommittedRecords {

    private static final Duration POLL = Duration.ofMillis(200);

    private CommittedRecords() {}

    /**
     * The committed records of {@code topic} from its first offset to its last stable offset, decoded.
     *
     * @throws RecordDecodingException if a record is not of the codec's schema
     */
    public static <T extends SpecificRecord> List<T> read(KafkaConnection kafka, String topic, RecordCodec<T> codec)
            throws RecordDecodingException {
        List<T> decoded = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readRaw(kafka, topic, 0)) {
            decoded.add(codec.decode(record.value()));
        }
        return decoded;
    }

    /**
     * The committed records of {@code topic} from its first offset, as they are: at least {@code minimumCount} of
     * them (waiting for a running job to commit more) and then up to the last stable offset, within the
     * connection's timeout.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readRaw(KafkaConnection kafka, String topic, int minimumCount) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + kafka.timeout().toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumerProperties())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, kafka.timeout()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < minimumCount || !atEnd(consumer, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new LauncherException("reading " + (minimumCount > 0 ? minimumCount + " records of " : "")
                            + "topic '" + topic + "' from " + kafka.bootstrapServers() + " took longer than "
                            + kafka.timeout().toSeconds() + " s (" + records.size() + " read)");
                }
                consumer.poll(POLL).forEach(records::add);
            }
        }
        return records;
    }

    /** Whether the consumer read every partition to its end offset, which for read_committed is the last stable one. */
    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
    }
}
