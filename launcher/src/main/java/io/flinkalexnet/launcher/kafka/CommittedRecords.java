package io.flinkalexnet.launcher.kafka;

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
        for (ConsumerRecord<byte[], byte[]> record : readRaw(kafka, topic)) {
            decoded.add(codec.decode(record.value()));
        }
        return decoded;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readRaw(KafkaConnection kafka, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + kafka.timeout().toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumerProperties())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, kafka.timeout()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // For a read_committed consumer the end offsets are the last stable offsets.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new io.flinkalexnet.launcher.LauncherException("reading topic '" + topic + "' from "
                            + kafka.bootstrapServers() + " took longer than " + kafka.timeout().toSeconds() + " s");
                }
                consumer.poll(POLL).forEach(records::add);
            }
        }
        return records;
    }
}
