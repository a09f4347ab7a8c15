package io.flinkalexnet.jobs.kafka;

import io.flinkalexnet.jobs.config.KafkaSettings;
import io.flinkalexnet.jobs.kafka.epoch.EpochSource;
import io.flinkalexnet.jobs.kafka.epoch.PartitionRange;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds the jobs' Kafka sources and exactly-once sinks from {@link KafkaSettings}. */
public final class KafkaIo {

    private KafkaIo() {}

    /**
     * A source over {@code topic}: unbounded from the group's committed offsets (earliest when none)
     * if {@code epochs} is 0, else {@code epochs} consecutive passes over the records committed when
     * the job first started ({@link EpochSource}), each record tagged with its pass.
     */
    public static Source<SourceRecord, ?, ?> images(KafkaSettings kafka, String topic, String groupId, int epochs) {
        if (epochs == 0) {
            return builder(kafka, topic, groupId)
                    .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                    .build();
        }
        return new EpochSource(kafka, topic, epochs);
    }

    /** An unbounded source of encoded records over a topic, from the earliest offset (e.g. the models topic). */
    public static KafkaSource<SourceRecord> everything(KafkaSettings kafka, String topic, String groupId) {
        return builder(kafka, topic, groupId).setStartingOffsets(OffsetsInitializer.earliest()).build();
    }

    /** An exactly-once sink of encoded records to one topic. */
    public static KafkaSink<EncodedRecord> sink(KafkaSettings kafka, String topic, String transactionalIdPrefix) {
        Properties properties = kafka.properties();
        properties.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                String.valueOf(kafka.transactionTimeout().toMillis()));
        return KafkaSink.<EncodedRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(properties)
                .setRecordSerializer(new TopicSerializer(topic))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .build();
    }

    /**
     * Committed records currently in {@code topic} (earliest to last stable offset over all partitions); an upper
     * bound, since transaction markers occupy offsets too.
     */
    public static long recordCount(KafkaSettings kafka, String topic) throws Exception {
        return PartitionRange.committed(kafka, topic).stream().mapToLong(PartitionRange::size).sum();
    }

    private static KafkaSourceBuilder<SourceRecord> builder(KafkaSettings kafka, String topic, String groupId) {
        return KafkaSource.<SourceRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setProperties(kafka.properties())
                .setTopics(topic)
                .setGroupId(groupId)
                // Producers may write transactionally; never train on or classify an aborted record.
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .setDeserializer(new RawDeserializer());
    }

    /**
     * Keeps the raw bytes and their coordinates (epoch 0: an unbounded read is one pass); decoding happens in a
     * parallel operator with a dead-letter path.
     */
    private static final class RawDeserializer implements KafkaRecordDeserializationSchema<SourceRecord> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
            out.collect(new SourceRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                    record.key(), record.value(), 0));
        }

        @Override
        public TypeInformation<SourceRecord> getProducedType() {
            return TypeInformation.of(SourceRecord.class);
        }
    }

    private static final class TopicSerializer implements KafkaRecordSerializationSchema<EncodedRecord> {
        private final String topic;

        TopicSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(EncodedRecord record, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, null, timestamp, record.key, record.value);
        }
    }
}
