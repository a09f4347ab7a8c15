package io.flinkalexnet.launcher.bench;

import io.flinkalexnet.jobs.InferenceJobConfig;
import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.launcher.ProgressBar;
import io.flinkalexnet.launcher.kafka.CommittedRecords;
import io.flinkalexnet.launcher.kafka.ImageProducer;
import io.flinkalexnet.launcher.kafka.KafkaConnection;
import io.flinkalexnet.launcher.stack.LocalFlinkCluster;
import io.flinkalexnet.launcher.stack.LocalJobs;
import io.flinkalexnet.launcher.stack.LocalKafkaBroker;
import io.flinkalexnet.launcher.stack.LocalStack;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.model.image.ImageDecoder;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.infer.ArtifactMetadata;
import io.flinkalexnet.model.infer.ImageClassifier;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordCodec;
import io.flinkalexnet.schemas.codec.RecordDecodingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The inference job against the bare model-core classifier on the same images, engine and batch size, in one run
 * on a local KRaft broker and Flink cluster:
 *
 * <ol>
 *   <li>the bare {@link ImageClassifier} decodes and classifies the images in consecutive batches (images/s, and the
 *       time of one batch), then the job, bounded, classifies the same images, produced beforehand (images/s from
 *       the predictions' Kafka timestamps after a warm-up); they alternate, bare first and last, for a number of
 *       rounds, and each job run is set against the mean of the bare runs either side of it (the machine's speed
 *       drifts within minutes); the medians are reported. A first job run, not measured, loads and compiles the
 *       job's classes;
 *   <li>the job, unbounded, classifies images produced at half its measured rate, each stamped with its send time:
 *       p50 and p99 from event time to the prediction's write, and of the part spent in the job.
 * </ol>
 *
 * The model is a freshly initialised network: the time a forward pass takes does not depend on the weights.
 */
public final class InferenceJobBenchmark {

    private static final int WARM_UP_BATCHES = 5;
    private static final int TOP_K = 3;
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    /**
     * What to measure.
     *
     * @param data CIFAR-10 data or image folder to take the images from; null for generated images
     * @param images how many images the throughput rounds classify
     * @param batchSize the job's and the bare classifier's batch size
     * @param batchTimeout the job's batch timeout
     * @param variant the network variant
     * @param engine the DJL engine
     * @param parallelism the job's parallelism
     * @param webUiPort port or range of the local cluster's web UI
     * @param rounds how many times the bare classifier and the job alternate
     * @param latencyRun how long images are produced for the latency measurement
     */
    public record Settings(Path data, int images, int batchSize, Duration batchTimeout, Variant variant,
            String engine, int parallelism, String webUiPort, int rounds, Duration latencyRun) {}

    private final Settings settings;
    private final PrintWriter out;
    private final KafkaConnection kafka;
    private final LocalKafkaBroker broker;
    private final LocalFlinkCluster flink;
    private final ModelArtifact model;

    private InferenceJobBenchmark(Settings settings, PrintWriter out, LocalKafkaBroker broker, LocalFlinkCluster flink,
            ModelArtifact model) {
        this.settings = settings;
        this.out = out;
        this.broker = broker;
        this.flink = flink;
        this.model = model;
        this.kafka = new KafkaConnection(broker.bootstrapServers(), Map.of(), READ_TIMEOUT);
    }

    /** Runs the benchmark, printing as it goes; returns the median of the rounds' job-over-bare throughput ratios. */
    public static double run(Settings settings, PrintWriter out) throws Exception {
        BenchmarkImages images = BenchmarkImages.load(settings.data(), settings.images());
        if (settings.images() < (WARM_UP_BATCHES + 2) * settings.batchSize()) {
            throw new IllegalArgumentException("--images " + settings.images() + " is too few: the measurement needs"
                    + " at least " + (WARM_UP_BATCHES + 2) + " batches of " + settings.batchSize());
        }
        out.printf(Locale.ROOT, "inference benchmark: %d images (%s), %s on %s, batch %d, batch timeout %d ms,"
                        + " parallelism %d, OMP_NUM_THREADS=%s, %d cores%n", settings.images(),
                settings.data() == null ? "generated" : settings.data(), settings.variant().id(), settings.engine(),
                settings.batchSize(), settings.batchTimeout().toMillis(), settings.parallelism(),
                System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors());
        try (LocalStack stack = LocalStack.create("bench-infer", out)) {
            ModelArtifact model = initialisedModel(settings, stack.runDirectory().folder("model"));
            LocalKafkaBroker broker = stack.startKafka();
            LocalFlinkCluster flink = stack.startFlink(new LocalFlinkCluster.Settings(settings.parallelism(),
                    settings.webUiPort(), true));
            return new InferenceJobBenchmark(settings, out, broker, flink, model).measure(images.records());
        }
    }

    private double measure(List<ImageRecord> records) throws Exception {
        int rounds = settings.rounds();
        double[] bareRates = new double[rounds + 1];
        double[] batchMillis = new double[rounds + 1];
        double[] jobRates = new double[rounds];
        double[] ratios = new double[rounds];
        // Not measured: the first job in a JVM loads and compiles its classes, which a running service has done.
        jobThroughput(records, "warm-up");
        double[] bare = bareClassifier(records);
        bareRates[0] = bare[0];
        batchMillis[0] = bare[1];
        for (int round = 0; round < rounds; round++) {
            jobRates[round] = jobThroughput(records, "round" + (round + 1));
            bare = bareClassifier(records);
            bareRates[round + 1] = bare[0];
            batchMillis[round + 1] = bare[1];
            ratios[round] = Statistics.ratioToBracket(jobRates[round], bareRates[round], bareRates[round + 1]);
            out.printf(Locale.ROOT, "round %d: bare %.1f images/s, job %.1f images/s, bare %.1f images/s (batch of"
                    + " %d: %.1f ms); ratio %.3f%n", round + 1, bareRates[round], jobRates[round],
                    bareRates[round + 1], settings.batchSize(), batchMillis[round + 1], ratios[round]);
            out.flush();
        }
        double rate = Statistics.median(jobRates) / 2;
        double[] latency = jobLatency(rate);
        double batchCompute = Statistics.median(batchMillis);
        out.println("---");
        out.printf(Locale.ROOT, "bare ImageClassifier: %8.1f images/s, one batch of %d in %.1f ms (medians of %d"
                + " runs)%n", Statistics.median(bareRates), settings.batchSize(), batchCompute, rounds + 1);
        out.printf(Locale.ROOT, "inference job:        %8.1f images/s (median of %d runs)%n",
                Statistics.median(jobRates), rounds);
        out.printf(Locale.ROOT, "latency at %.0f images/s for %d s: p50 %.0f ms, p99 %.0f ms from event time to the"
                + " prediction's write (%.1f batches' compute); in the job p50 %.0f ms, p99 %.0f ms%n", rate,
                settings.latencyRun().toSeconds(), latency[0], latency[1], latency[1] / batchCompute, latency[2],
                latency[3]);
        double ratio = Statistics.median(ratios);
        out.printf(Locale.ROOT, "ratio: %.2f%n", ratio);
        out.flush();
        return ratio;
    }

    /** Images/s of the bare classifier (decoding included) over consecutive batches after a warm-up, and ms a batch. */
    private double[] bareClassifier(List<ImageRecord> records) {
        int batch = settings.batchSize();
        ImageDecoder decoder = new ImageDecoder();
        float[] pixels = new float[batch * ImageShape.FLOATS];
        try (ImageClassifier classifier = ImageClassifier.load(model, settings.engine(), "cpu")) {
            int batches = records.size() / batch;
            long started = 0;
            for (int b = 0; b < batches; b++) {
                if (b == WARM_UP_BATCHES) {
                    started = System.nanoTime();
                }
                for (int i = 0; i < batch; i++) {
                    decoder.decodeInto(records.get(b * batch + i), pixels, i * ImageShape.FLOATS);
                }
                classifier.classify(pixels, batch, TOP_K);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int timed = batches - WARM_UP_BATCHES;
            return new double[] {timed * batch / seconds, seconds * 1000 / timed};
        }
    }

    /** Images/s of the bounded job over the images, from its predictions' write times after a warm-up. */
    private double jobThroughput(List<ImageRecord> records, String name) throws Exception {
        String images = createTopics(name);
        new ImageProducer(kafka).produce(images, records.stream(), 0, 0, ProgressBar.silent());
        CpuSampler sampler = new CpuSampler();
        sampler.start();
        Configuration bounded = options(name);
        bounded.set(AlexnetOptions.BOUNDED_END_OFFSETS, true);
        LocalJobs.infer(flink, InferenceJobConfig.from(bounded));
        sampler.stopAndPrint(out);
        long[] written = CommittedRecords.readRaw(kafka, name + "-predictions", records.size()).stream()
                .mapToLong(ConsumerRecord::timestamp).sorted().toArray();
        if (written.length != records.size()) {
            throw new IllegalStateException("expected " + records.size() + " predictions, read " + written.length);
        }
        int warmUp = Math.max(WARM_UP_BATCHES * settings.batchSize(), written.length / 10);
        return (written.length - 1 - warmUp) * 1000.0 / (written[written.length - 1] - written[warmUp]);
    }

    /**
     * p50 and p99, in ms, from event time to the prediction's write for images produced at {@code rate} a second,
     * then p50 and p99 of the part spent in the job.
     */
    private double[] jobLatency(double rate) throws Exception {
        String name = "latency";
        String images = createTopics(name);
        JobClient job = LocalJobs.startInference(flink, InferenceJobConfig.from(options(name)));
        try {
            int warmUp = settings.batchSize();
            produceAtRate(images, generatedImages(8, warmUp), 0);
            CommittedRecords.readRaw(kafka, name + "-predictions", warmUp);
            int count = (int) (rate * settings.latencyRun().toSeconds());
            produceAtRate(images, generatedImages(9, count), rate);
            RecordCodec<Prediction> codec = RecordCodec.prediction();
            long[] total = new long[count];
            long[] inJob = new long[count];
            int n = 0;
            for (ConsumerRecord<byte[], byte[]> record
                    : CommittedRecords.readRaw(kafka, name + "-predictions", warmUp + count)) {
                Prediction prediction = decode(codec, record);
                if (prediction.getImageId().startsWith("synthetic/9/")) {
                    total[n] = record.timestamp() - prediction.getEventTime().toEpochMilli();
                    inJob[n++] = prediction.getProcessingLatencyMillis();
                }
            }
            if (n != count) {
                throw new IllegalStateException("expected " + count + " predictions of the measured images, read " + n);
            }
            Arrays.sort(total);
            Arrays.sort(inJob);
            return new double[] {percentile(total, 50), percentile(total, 99), percentile(inJob, 50),
                    percentile(inJob, 99)};
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends each image at its turn on a steady schedule ({@code rate} a second; 0: at once), stamped when sent. */
    private void produceAtRate(String topic, List<ImageRecord> records, double rate) {
        Stream<ImageRecord> stamped = records.stream().peek(record -> record.setEventTime(Instant.now()));
        new ImageProducer(kafka).produce(topic, stamped, 0, rate, ProgressBar.silent());
    }

    private static List<ImageRecord> generatedImages(long seed, int count) {
        return new SyntheticImages(seed).records(0, count, 0).toList();
    }

    /** Creates the run's topics and returns the images topic. */
    private String createTopics(String name) throws Exception {
        broker.createTopic(name + "-images", settings.parallelism());
        broker.createTopic(name + "-predictions", 1);
        broker.createTopic(name + "-models", 1);
        return name + "-images";
    }

    /** The job's options for the run {@code name}, whose topics {@link #createTopics} made. */
    private Configuration options(String name) {
        Configuration configuration = new Configuration();
        configuration.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        configuration.set(InferenceJobOptions.INFERENCE_TOPIC, name + "-images");
        configuration.set(InferenceJobOptions.PREDICTIONS_TOPIC, name + "-predictions");
        configuration.set(AlexnetOptions.MODELS_TOPIC, name + "-models");
        configuration.set(AlexnetOptions.DEAD_LETTER_TOPIC, name + "-dlq");
        configuration.set(InferenceJobOptions.GROUP_ID, name);
        configuration.set(InferenceJobOptions.TRANSACTIONAL_ID_PREFIX, name);
        configuration.set(AlexnetOptions.VARIANT, settings.variant().id());
        configuration.set(AlexnetOptions.ENGINE, settings.engine());
        configuration.set(InferenceJobOptions.INITIAL_ARTIFACT, model.file().toUri().toString());
        configuration.set(InferenceJobOptions.BATCH_SIZE, settings.batchSize());
        configuration.set(InferenceJobOptions.BATCH_TIMEOUT, settings.batchTimeout());
        return configuration;
    }

    private static ModelArtifact initialisedModel(Settings settings, Path folder) throws Exception {
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(settings.variant())
                .optEngine(settings.engine()).build()) {
            ArtifactMetadata metadata = ArtifactMetadata.trained(settings.variant(), trainer.engineName(),
                    CifarBinaryReader.STANDARD_CLASS_NAMES, trainer.normalization(), 1, 0, 0,
                    System.currentTimeMillis(), Map.of());
            return ModelArtifact.writeTo(folder, metadata, trainer.parameters());
        }
    }

    private static Prediction decode(RecordCodec<Prediction> codec, ConsumerRecord<byte[], byte[]> record) {
        try {
            return codec.decode(record.value());
        } catch (RecordDecodingException e) {
            throw new IllegalStateException("the predictions topic holds a record that is not a Prediction", e);
        }
    }

    private static double percentile(long[] sorted, int percent) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }
}
