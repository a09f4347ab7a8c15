package io.flinkalexnet.it.inference;

import io.flinkalexnet.it.testutils.ImageRecords;
import io.flinkalexnet.it.testutils.KafkaBrokerExtension;
import io.flinkalexnet.it.testutils.TestDirectories;
import io.flinkalexnet.jobs.InferenceJob;
import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.model.image.ImageDecoder;
import io.flinkalexnet.model.infer.ImageClassifier;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Throughput and latency of the inference job against the bare model-core classifier, on an
 * in-process KRaft broker and a local Flink cluster; a harness to run by hand, not a test.
 *
 * <ol>
 *   <li>The bare {@link ImageClassifier} classifies the images in consecutive batches: images/s,
 *       and the compute time of one full batch.
 *   <li>The job, bounded, classifies the same images, all produced beforehand: images/s from the
 *       predictions' Kafka timestamps (written when the job emits them), after a warm-up. These two
 *       alternate for a number of rounds, and the medians are reported.
 *   <li>The job, unbounded, classifies images produced at half its measured rate, each stamped with
 *       its send time as event time: p50 and p99 of event time to the prediction's write.
 * </ol>
 *
 * <pre>
 * OMP_NUM_THREADS=2 mvn -q -pl integration-tests org.codehaus.mojo:exec-maven-plugin:3.5.0:exec \
 *     -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-Xmx4g -Djava.io.tmpdir=target/tmp -Dorg.apache.avro.limits.bytes.maxLength=16777216 -cp %classpath \
 *                  io.flinkalexnet.it.inference.InferenceBenchmark [--images 12000] [--batch 64] \
 *                  [--batch-timeout-ms 20] [--parallelism 1] [--latency-seconds 30] [--rounds 3] [--engine MXNet]"
 * </pre>
 *
 * Latency ends when the job hands a prediction to its Kafka transaction; a {@code read_committed}
 * consumer sees it once the next checkpoint completes.
 */
public final class InferenceBenchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int TOP_K = 3;
    private static final int WARM_UP_BATCHES = 5;

    private final KafkaBrokerExtension kafka;
    private final ModelArtifact model;
    private final int batch;
    private final long batchTimeoutMillis;
    private final int parallelism;
    private final String engine;

    private InferenceBenchmark(KafkaBrokerExtension kafka, ModelArtifact model, int batch, long batchTimeoutMillis,
            int parallelism, String engine) {
        this.kafka = kafka;
        this.model = model;
        this.batch = batch;
        this.batchTimeoutMillis = batchTimeoutMillis;
        this.parallelism = parallelism;
        this.engine = engine;
    }

    public static void main(String[] args) throws Exception {
        ParameterTool parameters = ParameterTool.fromArgs(args);
        int images = parameters.getInt("images", 12000);
        int batch = parameters.getInt("batch", 64);
        long batchTimeoutMillis = parameters.getLong("batch-timeout-ms", 20);
        int parallelism = parameters.getInt("parallelism", 1);
        int latencySeconds = parameters.getInt("latency-seconds", 30);
        String engine = Engines.canonicalName(parameters.get("engine", Engines.MXNET));
        int rounds = parameters.getInt("rounds", 3);

        KafkaBrokerExtension kafka = new KafkaBrokerExtension();
        kafka.start("the inference benchmark");
        try {
            ModelArtifact model = TestModels.train(1, 1, TestDirectories.newDirectory("inference-benchmark"));
            InferenceBenchmark benchmark = new InferenceBenchmark(kafka, model, batch, batchTimeoutMillis, parallelism,
                    engine);
            List<ImageRecord> records = ImageRecords.synthetic(7, 0, images, null);
            System.out.printf("inference benchmark: %d images, cifar on %s, batch %d, batch timeout %d ms,"
                            + " parallelism %d, OMP_NUM_THREADS=%s, %d cores%n", images, engine, batch,
                    batchTimeoutMillis, parallelism, System.getenv("OMP_NUM_THREADS"),
                    Runtime.getRuntime().availableProcessors());

            // The machine's load from other work changes within a minute: alternate the two measurements, compare
            // each pair, and report the medians.
            double[] bareRates = new double[rounds];
            double[] batchMillis = new double[rounds];
            double[] jobRates = new double[rounds];
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                double[] bare = benchmark.bareClassifier(records);
                bareRates[round] = bare[0];
                batchMillis[round] = bare[1];
                jobRates[round] = benchmark.jobThroughput(records);
                ratios[round] = jobRates[round] / bareRates[round];
                System.out.printf("round %d: bare %.1f images/s (batch of %d: %.1f ms), job %.1f images/s, ratio %.3f%n",
                        round + 1, bareRates[round], batch, batchMillis[round], jobRates[round], ratios[round]);
            }
            double rate = median(jobRates) / 2;
            double[] latency = benchmark.jobLatency(rate, latencySeconds);
            double[] bareAfter = benchmark.bareClassifier(records);

            System.out.println("---");
            System.out.printf("bare ImageClassifier: %8.1f images/s, one batch of %d in %.1f ms (medians of %d rounds)%n",
                    median(bareRates), batch, median(batchMillis), rounds);
            System.out.printf("inference job:        %8.1f images/s, ratio %.3f (median of the rounds' ratios;"
                    + " target >= 0.90)%n", median(jobRates), median(ratios));
            System.out.printf("latency at %.0f images/s for %d s: p50 %.0f ms, p99 %.0f ms (target p99 <= 3 x %.1f"
                    + " = %.1f ms; one batch took %.1f ms right after); in the job: p50 %.0f ms, p99 %.0f ms%n", rate,
                    latencySeconds, latency[0], latency[1], median(batchMillis), 3 * median(batchMillis), bareAfter[1],
                    latency[2], latency[3]);
        } finally {
            kafka.stop();
        }
    }

    private static double percentile(long[] sorted, int percent) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** Images/s of the bare classifier over consecutive batches after a warm-up, and ms per full batch. */
    private double[] bareClassifier(List<ImageRecord> records) {
        ImageDecoder decoder = new ImageDecoder();
        float[] pixels = new float[batch * ImageDecoder.IMAGE_FLOATS];
        try (ImageClassifier classifier = ImageClassifier.load(ModelArtifact.open(model.file(), model.sha256()),
                engine, "cpu")) {
            int batches = records.size() / batch;
            long started = 0;
            for (int b = 0; b < batches; b++) {
                if (b == WARM_UP_BATCHES) {
                    started = System.nanoTime();
                }
                for (int i = 0; i < batch; i++) {
                    decoder.decodeInto(records.get(b * batch + i), pixels, i * ImageDecoder.IMAGE_FLOATS);
                }
                classifier.classify(pixels, batch, TOP_K);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int timed = batches - WARM_UP_BATCHES;
            return new double[] {timed * batch / seconds, seconds * 1000 / timed};
        }
    }

    /** Images/s of the bounded job over the same images, from its predictions' timestamps after a warm-up. */
    private double jobThroughput(List<ImageRecord> records) throws Exception {
        InferenceTopics topics = InferenceTopics.create(kafka, "throughput", parallelism);
        kafka.produce(topics.models(), List.of(TestModels.announcement(model)));
        kafka.produce(topics.images(), ImageRecords.encode(records));
        StreamExecutionEnvironment env = environment(topics, "--bounded.end-offsets", "true");
        env.execute("inference benchmark: throughput");
        long[] emitted = kafka.readCommitted(topics.predictions(), records.size(), TIMEOUT).stream()
                .mapToLong(ConsumerRecord::timestamp).sorted().toArray();
        if (emitted.length != records.size()) {
            throw new IllegalStateException("expected " + records.size() + " predictions, read " + emitted.length);
        }
        int warmUp = Math.max(WARM_UP_BATCHES * batch, emitted.length / 10);
        return (emitted.length - 1 - warmUp) * 1000.0 / (emitted[emitted.length - 1] - emitted[warmUp]);
    }

    /**
     * p50 and p99, in ms, of event time to emission for images produced at {@code rate} per second,
     * then p50 and p99 of the part spent in the job (from the decoder's reading to emission).
     */
    private double[] jobLatency(double rate, int seconds) throws Exception {
        InferenceTopics topics = InferenceTopics.create(kafka, "latency", parallelism);
        kafka.produce(topics.models(), List.of(TestModels.announcement(model)));
        JobClient job = environment(topics).executeAsync("inference benchmark: latency");
        try {
            List<ImageRecord> warmUp = ImageRecords.synthetic(8, 0, batch, null);
            kafka.produce(topics.images(), ImageRecords.encode(warmUp));
            kafka.readCommitted(topics.predictions(), warmUp.size(), TIMEOUT);

            int count = (int) (rate * seconds);
            produceAtRate(topics.images(), ImageRecords.synthetic(9, 0, count, null), rate);
            RecordCodec<Prediction> codec = RecordCodec.prediction();
            long[] total = new long[count];
            long[] inJob = new long[count];
            int n = 0;
            for (ConsumerRecord<byte[], byte[]> record : kafka.readCommitted(topics.predictions(),
                    warmUp.size() + count, TIMEOUT)) {
                Prediction prediction = codec.decode(record.value());
                if (prediction.getImageId().startsWith("synthetic/9/")) {
                    if (n == count) {
                        throw new IllegalStateException("more predictions than the " + count + " images sent");
                    }
                    total[n] = record.timestamp() - prediction.getEventTime().toEpochMilli();
                    inJob[n++] = prediction.getProcessingLatencyMillis();
                }
            }
            if (n != count) {
                throw new IllegalStateException("expected " + count + " predictions, read " + n);
            }
            Arrays.sort(total);
            Arrays.sort(inJob);
            return new double[] {percentile(total, 50), percentile(total, 99), percentile(inJob, 50),
                    percentile(inJob, 99)};
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends each image at its turn on a steady schedule, stamped with the time it is sent. */
    private void produceAtRate(String topic, List<ImageRecord> images, double rate) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProperties())) {
            long started = System.nanoTime();
            for (int i = 0; i < images.size(); i++) {
                long due = started + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                ImageRecord image = images.get(i);
                image.setEventTime(java.time.Instant.now());
                producer.send(new ProducerRecord<>(topic, ImageRecords.encode(image)));
            }
            producer.flush();
        }
    }

    private StreamExecutionEnvironment environment(InferenceTopics topics, String... extra) {
        List<String> args = topics.jobArguments(kafka);
        args.addAll(List.of("--model.engine", engine, "--inference.batch-size", String.valueOf(batch),
                "--inference.batch-timeout", batchTimeoutMillis + " ms"));
        args.addAll(List.of(extra));
        InferenceJobOptions options = InferenceJobOptions.fromArgs(new Configuration(), args.toArray(new String[0]));
        Configuration cluster = new Configuration();
        cluster.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, cluster);
        InferenceJob.configure(env, options);
        InferenceJob.build(env, options);
        return env;
    }
}
