package io.flinkalexnet.launcher.kafka;

import io.flinkalexnet.launcher.LauncherException;
import io.flinkalexnet.launcher.ProgressBar;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes images to a topic as Avro single-object encoded {@link ImageRecord}s keyed by
 * their id (as UTF-8), optionally at a limited rate, and returns once the broker acknowledged all of them.
 */
public final class ImageProducer {

    private static final RecordCodec<ImageRecord> CODEC = RecordCodec.imageRecord();

    private final KafkaConnection kafka;

    /** A producer for the cluster {@code kafka} names. */
    public ImageProducer(KafkaConnection kafka) {
        this.kafka = kafka;
    }

    /**
     * Produces up to {@code limit} of the records (all when {@code limit} is 0) at most {@code ratePerSecond} a second
     * (no limit when 0), counting them on {@code progress}; returns how many were acknowledged. The caller closes
     * the stream.
     */
    public long produce(String topic, Stream<ImageRecord> records, long limit, double ratePerSecond,
            ProgressBar progress) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        long startNanos = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProperties())) {
            Iterator<ImageRecord> iterator = records.iterator();
            while ((limit == 0 || sent < limit) && iterator.hasNext() && failure.get() == null) {
                ImageRecord record = iterator.next();
                if (ratePerSecond > 0) {
                    long dueNanos = startNanos + (long) (sent * 1e9 / ratePerSecond);
                    LockSupport.parkNanos(dueNanos - System.nanoTime());
                }
                producer.send(new ProducerRecord<>(topic, record.getId().getBytes(StandardCharsets.UTF_8),
                        CODEC.encode(record)), (metadata, exception) -> {
                            if (exception != null) {
                                failure.compareAndSet(null, exception);
                            }
                        });
                sent++;
                progress.advance(1);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new LauncherException("Kafka at " + kafka.bootstrapServers() + " did not accept the images for"
                    + " topic '" + topic + "' (" + failure.get().getMessage() + "); nothing after the first"
                    + " failure was sent", failure.get());
        }
        return sent;
    }
}
