package io.flinkalexnet.jobs.kafka.epoch;

import io.flinkalexnet.jobs.config.KafkaSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the assigned splits with one Kafka consumer (assigned partitions, no consumer group, no offset commits: the
 * checkpoint holds the offsets). A split is finished once the consumer's position reaches its stop offset, which also
 * covers transaction markers at the end of a partition.
 */
final class EpochSplitReader implements SplitReader<ConsumerRecord<byte[], byte[]>, EpochSplit> {

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, EpochSplit> reading = new HashMap<>();
    /** Splits with nothing to read, reported finished by the next fetch. */
    private final List<String> empty = new ArrayList<>();

    EpochSplitReader(KafkaSettings kafka) {
        Properties properties = kafka.properties();
        properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> fetch() throws IOException {
        RecordsBySplits.Builder<ConsumerRecord<byte[], byte[]>> batch = new RecordsBySplits.Builder<>();
        batch.addFinishedSplits(empty);
        empty.clear();
        if (reading.isEmpty()) {
            return batch.build();
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
            return batch.build();
        } catch (OffsetOutOfRangeException e) {
            throw new IOException("records of " + e.partitions() + " were deleted (retention) while this bounded"
                    + " run still had to read them; raise the topic's retention or start a new run", e);
        }
        for (TopicPartition partition : records.partitions()) {
            EpochSplit split = reading.get(partition);
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (record.offset() < split.stopOffset()) {
                    batch.add(split.splitId(), record);
                }
            }
        }
        try {
            boolean finished = false;
            for (Iterator<EpochSplit> it = reading.values().iterator(); it.hasNext(); ) {
                EpochSplit split = it.next();
                if (consumer.position(split.topicPartition()) >= split.stopOffset()) {
                    batch.addFinishedSplit(split.splitId());
                    it.remove();
                    finished = true;
                }
            }
            if (finished) {
                consumer.assign(reading.keySet());
            }
        } catch (WakeupException e) {
            // The records are returned; the next fetch looks at the positions again.
        }
        return batch.build();
    }

    @Override
    public void handleSplitsChanges(SplitsChange<EpochSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("the epoch source only adds splits, got " + change);
        }
        List<EpochSplit> added = new ArrayList<>();
        for (EpochSplit split : change.splits()) {
            if (split.nextOffset() >= split.stopOffset()) {
                empty.add(split.splitId());
            } else {
                reading.put(split.topicPartition(), split);
                added.add(split);
            }
        }
        consumer.assign(reading.keySet());
        for (EpochSplit split : added) {
            consumer.seek(split.topicPartition(), split.nextOffset());
        }
    }

    @Override
    public void wakeUp() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
