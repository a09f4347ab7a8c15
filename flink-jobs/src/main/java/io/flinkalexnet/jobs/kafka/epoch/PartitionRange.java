package io.flinkalexnet.jobs.kafka.epoch;

import io.flinkalexnet.jobs.config.KafkaSettings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The offsets of one partition that every epoch reads: those present when the job first started. */
public record PartitionRange(int partition, long startOffset, long stopOffset) implements Serializable {

    /** Offsets in the range; transaction markers occupy offsets too, so an upper bound of its records. */
    public long size() {
        return stopOffset - startOffset;
    }

    /**
     * The committed records of each partition of {@code topic} now, by partition: from the earliest offset to the last
     * stable offset, so records of transactions still open are left out, as a read_committed consumer leaves them.
     */
    public static List<PartitionRange> committed(KafkaSettings kafka, String topic) throws Exception {
        Properties properties = kafka.properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            TopicDescription description;
            try {
                description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new IllegalArgumentException("topic " + topic + " does not exist", e.getCause());
                }
                throw e;
            }
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            });
            ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
            var starts = admin.listOffsets(earliest, committed).all().get();
            var stops = admin.listOffsets(latest, committed).all().get();
            List<PartitionRange> ranges = new ArrayList<>();
            for (TopicPartition partition : earliest.keySet()) {
                ranges.add(new PartitionRange(partition.partition(), starts.get(partition).offset(),
                        stops.get(partition).offset()));
            }
            ranges.sort(Comparator.comparingInt(PartitionRange::partition));
            return ranges;
        }
    }
}
