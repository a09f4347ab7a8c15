package io.flinkalexnet.launcher.quickstart;

import io.flinkalexnet.launcher.kafka.KafkaConnection;
import io.flinkalexnet.schemas.TrainingStep;
import io.flinkalexnet.schemas.codec.RecordCodec;
import io.flinkalexnet.schemas.codec.RecordDecodingException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints a line about the training job's progress every few seconds while it runs, from the training log's
 * uncommitted records (committed ones appear only at checkpoints); the report reads the committed ones afterwards.
 */
final class TrainingProgress implements AutoCloseable {

    private static final Duration EVERY = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final RecordCodec<TrainingStep> CODEC = RecordCodec.trainingStep();
    private static final Logger LOG = LoggerFactory.getLogger(TrainingProgress.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final PrintWriter out;
    private final long expectedSteps;
    private final Thread thread;
    private volatile boolean running = true;

    private TrainingProgress(KafkaConsumer<byte[], byte[]> consumer, PrintWriter out, long expectedSteps) {
        this.consumer = consumer;
        this.out = out;
        this.expectedSteps = expectedSteps;
        this.thread = new Thread(this::run, "training-progress");
        thread.setDaemon(true);
    }

    /** Starts reporting the steps on {@code trainingLogTopic}, out of about {@code expectedSteps}. */
    static TrainingProgress start(KafkaConnection kafka, String trainingLogTopic, long expectedSteps,
            PrintWriter out) {
        Properties properties = kafka.consumerProperties();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = consumer.partitionsFor(trainingLogTopic, kafka.timeout()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        TrainingProgress progress = new TrainingProgress(consumer, out, expectedSteps);
        progress.thread.start();
        return progress;
    }

    private void run() {
        long lastPrintNanos = System.nanoTime();
        long lastPrintedStep = 0;
        long lastPrintedMillis = 0;
        long imagesSincePrint = 0;
        TrainingStep latest = null;
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    try {
                        TrainingStep step = CODEC.decode(record.value());
                        imagesSincePrint += step.getImageIds().size();
                        latest = step;
                    } catch (RecordDecodingException e) {
                        // Not shown: the report reads the log again and fails there, with the reason.
                    }
                }
                if (latest != null && latest.getStep() > lastPrintedStep
                        && System.nanoTime() - lastPrintNanos >= EVERY.toNanos()) {
                    long millis = latest.getCreatedAt().toEpochMilli();
                    String rate = lastPrintedMillis > 0 && millis > lastPrintedMillis
                            ? String.format(Locale.ROOT, ", %.0f images/s", imagesSincePrint * 1000.0
                                    / (millis - lastPrintedMillis))
                            : "";
                    out.printf(Locale.ROOT, "  step %d of ~%d (epoch %d): loss %.3f, batch accuracy %.3f%s%n",
                            latest.getStep(), expectedSteps, latest.getEpoch() + 1, latest.getLoss(),
                            latest.getAccuracy(), rate);
                    out.flush();
                    lastPrintNanos = System.nanoTime();
                    lastPrintedStep = latest.getStep();
                    lastPrintedMillis = millis;
                    imagesSincePrint = 0;
                }
            }
        } catch (WakeupException e) {
            // close() was called.
        } catch (KafkaException e) {
            // Progress lines are a courtesy: the job's own failure is what the command reports.
            LOG.warn("training progress stopped", e);
        }
    }

    /** Stops reporting. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join();
        consumer.close(Duration.ofSeconds(2));
    }
}
