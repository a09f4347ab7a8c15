package io.flinkalexnet.launcher.kafka;

import io.flinkalexnet.launcher.LauncherException;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordCodec;
import io.flinkalexnet.schemas.codec.RecordDecodingException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads a predictions topic with {@code isolation.level=read_committed} (so only predictions of committed
 * checkpoints), from the beginning or from the end, until a count is reached, the topic stays idle for a while, or
 * {@link #stop()} is called from another thread.
 */
public final class PredictionTail {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final RecordCodec<Prediction> CODEC = RecordCodec.prediction();

    private final KafkaConnection kafka;
    private final String topic;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopped;

    /** What the tail hands over. */
    public interface Listener {

        /** One decoded prediction. */
        void prediction(Prediction prediction);

        /** A record that is not a Prediction, with the reason. */
        void undecodable(ConsumerRecord<byte[], byte[]> record, String reason);
    }

    /** A tail of {@code topic}. */
    public PredictionTail(KafkaConnection kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    /**
     * Reads until {@code limit} predictions were handed over (0: no limit), no record arrived for {@code idleTimeout}
     * (null: wait forever), or {@link #stop()}; returns how many predictions were handed over.
     */
    public long run(boolean fromBeginning, long limit, Duration idleTimeout, Listener listener) {
        kafka.checkTopic(topic, false);
        long delivered = 0;
        try (KafkaConsumer<byte[], byte[]> opened = new KafkaConsumer<>(kafka.consumerProperties())) {
            consumer = opened;
            if (stopped) {
                return 0;
            }
            List<PartitionInfo> infos = opened.partitionsFor(topic, kafka.timeout());
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            opened.assign(partitions);
            if (fromBeginning) {
                opened.seekToBeginning(partitions);
            } else {
                opened.seekToEnd(partitions);
            }
            long lastRecordNanos = System.nanoTime();
            while (!stopped && (limit == 0 || delivered < limit)) {
                var records = opened.poll(POLL);
                if (!records.isEmpty()) {
                    lastRecordNanos = System.nanoTime();
                } else if (idleTimeout != null && System.nanoTime() - lastRecordNanos > idleTimeout.toNanos()) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (limit != 0 && delivered >= limit) {
                        break;
                    }
                    try {
                        Prediction prediction = CODEC.decode(record.value());
                        listener.prediction(prediction);
                        delivered++;
                    } catch (RecordDecodingException e) {
                        listener.undecodable(record, e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() was called.
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new LauncherException("Kafka at " + kafka.bootstrapServers() + " did not answer within "
                    + kafka.timeout().toSeconds() + " s while reading '" + topic + "': check that the broker runs", e);
        } finally {
            consumer = null;
        }
        return delivered;
    }

    /** Makes {@link #run} return soon; callable from any thread. */
    public void stop() {
        stopped = true;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }
}
