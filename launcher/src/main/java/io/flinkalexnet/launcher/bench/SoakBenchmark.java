package io.flinkalexnet.launcher.bench;

import io.flinkalexnet.jobs.InferenceJobConfig;
import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.jobs.TrainingJobConfig;
import io.flinkalexnet.jobs.TrainingJobOptions;
import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.jobs.metrics.ModelMemoryMetrics;
import io.flinkalexnet.launcher.ProgressBar;
import io.flinkalexnet.launcher.kafka.ImageProducer;
import io.flinkalexnet.launcher.kafka.KafkaConnection;
import io.flinkalexnet.launcher.kafka.PredictionTail;
import io.flinkalexnet.launcher.report.LineChart;
import io.flinkalexnet.launcher.stack.LocalFlinkCluster;
import io.flinkalexnet.launcher.stack.LocalJobs;
import io.flinkalexnet.launcher.stack.LocalKafkaBroker;
import io.flinkalexnet.launcher.stack.LocalStack;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.infer.ImageClassifier;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.Prediction;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Both jobs running for a long time on one local stack, watched as an operator would watch them: the training job
 * trains continuously (pass after pass over its images) and exports a model every few minutes, which the inference
 * job swaps to while it classifies a steady stream produced at half its measured capacity; both checkpoint every
 * 30 s. Every sample interval it records the process's resident memory, heap, the models' live NDArrays (from the
 * jobs' own gauges, read from the Prometheus endpoint the cluster serves), the throughput of both jobs and the
 * inference job's p99 end-to-end latency; at the end it counts lost and duplicated predictions, compares the last
 * quarter with the first, writes the samples (CSV) and an RSS chart (PNG), and prints as its last line
 * {@code rss growth: X%}, from the end of the first quarter to the end of the run.
 */
public final class SoakBenchmark {

    private static final int CALIBRATION_STEPS = 10;
    private static final Duration CAPACITY_RUN = Duration.ofSeconds(15);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
    // The first minutes fill the meters' 60 s windows and drain the start-up backlog: not steady state.
    private static final Duration WARM_UP = Duration.ofMinutes(2);
    private static final Pattern SAMPLE = Pattern.compile("^(flink_[A-Za-z0-9_:]+)\\{([^}]*)} (\\S+)$");
    private static final Pattern QUANTILE = Pattern.compile("quantile=\"([^\"]+)\"");

    /**
     * What to run.
     *
     * @param data CIFAR-10 data or an image folder to train on; null for generated images
     * @param trainImages how many of them the training job passes over again and again
     * @param variant the network variant
     * @param engine the DJL engine
     * @param batch images per training step and per forward pass
     * @param duration how long the stream is produced
     * @param sampleEvery the interval between samples
     * @param swapEvery about how often the training job exports a model version (the inference job swaps to it)
     * @param rate images a second of the inference stream; null for half the measured capacity
     * @param out where the samples and the chart go
     */
    public record Settings(Path data, int trainImages, Variant variant, String engine, int batch,
            Duration duration, Duration sampleEvery, Duration swapEvery, Double rate, Path out) {}

    /** One sample. */
    record Sample(double minutes, long rssBytes, long heapBytes, double liveArrays, double predictionsPerSecond,
            double trainingImagesPerSecond, double p99Millis, double servingVersion, long predictionsRead) {}

    private final Settings settings;
    private final PrintWriter out;
    private final LocalKafkaBroker broker;
    private final LocalFlinkCluster flink;
    private final KafkaConnection kafka;
    private final URI metrics;
    private final HttpClient http = HttpClient.newHttpClient();

    private SoakBenchmark(Settings settings, PrintWriter out, LocalKafkaBroker broker, LocalFlinkCluster flink,
            int metricsPort) {
        this.settings = settings;
        this.out = out;
        this.broker = broker;
        this.flink = flink;
        this.kafka = new KafkaConnection(broker.bootstrapServers(), Map.of(), Duration.ofSeconds(30));
        this.metrics = URI.create("http://localhost:" + metricsPort + "/metrics");
    }

    /** Runs the soak, printing a line per sample and a summary; returns the RSS growth in percent. */
    public static double run(Settings settings, PrintWriter out) throws Exception {
        int metricsPort = freePort();
        out.printf(Locale.ROOT, "soak: %s on %s for %d min, samples every %d s, a model about every %d s,"
                        + " checkpoints every 30 s, OMP_NUM_THREADS=%s, %d cores%n", settings.variant().id(),
                settings.engine(), settings.duration().toMinutes(), settings.sampleEvery().toSeconds(),
                settings.swapEvery().toSeconds(), System.getenv("OMP_NUM_THREADS"),
                Runtime.getRuntime().availableProcessors());
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        if (heap.getInit() < heap.getMax()) {
            // A heap that may still grow makes RSS growth say nothing about native memory.
            out.printf(Locale.ROOT, "note: the heap may grow from %d to %d MB; for a native-memory reading run with"
                    + " FLINK_ALEXNET_JAVA_OPTS=\"-Xms3g -Xmx3g -XX:+AlwaysPreTouch\"%n", heap.getInit() >> 20,
                    heap.getMax() >> 20);
        }
        try (LocalStack stack = LocalStack.create("bench-soak", out)) {
            LocalKafkaBroker broker = stack.startKafka();
            LocalFlinkCluster flink = stack.startFlink(new LocalFlinkCluster.Settings(2, "0", true,
                    String.valueOf(metricsPort)));
            return new SoakBenchmark(settings, out, broker, flink, metricsPort).soak(stack);
        }
    }

    private double soak(LocalStack stack) throws Exception {
        for (String topic : List.of("train", "models", "dlq", "images", "predictions")) {
            broker.createTopic(topic, 1);
        }
        BenchmarkImages training = BenchmarkImages.load(settings.data(), settings.trainImages());
        new ImageProducer(kafka).produce("train", training.records().stream(), 0, 0, ProgressBar.silent());
        ModelArtifact initial = initialModel(stack.runDirectory().folder("initial-model"));
        double stepsPerSecond = bareStepsPerSecond(training);
        // The two jobs share the cores: the trainer gets about half of what it has alone.
        int exportEvery = (int) Math.max(1, settings.swapEvery().toSeconds() * stepsPerSecond / 2);
        JobClient trainingJob = LocalJobs.startTraining(flink, trainingConfig(stack, exportEvery), oneSlot());
        awaitTrainingSteps(trainingJob);
        double capacity = classifierCapacity(initial);
        double rate = settings.rate() != null ? settings.rate() : capacity / 2;
        out.printf(Locale.ROOT, "bare training %.2f steps/s alone: export every %d steps; classifier capacity beside"
                + " the training job %.0f images/s: stream at %.0f images/s%n", stepsPerSecond, exportEvery, capacity,
                rate);
        JobClient inferenceJob = LocalJobs.startInference(flink, inferenceConfig(initial), oneSlot());

        long images = (long) (rate * settings.duration().toSeconds());
        PredictionCounter counter = new PredictionCounter();
        PredictionTail tail = new PredictionTail(kafka, "predictions");
        CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> tail.run(true, 0, null, counter));
        AtomicLong produced = new AtomicLong();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
            Stream<ImageRecord> stream = new SyntheticImages(11).records(0, images, 0)
                    .peek(record -> record.setEventTime(Instant.now()))
                    .peek(record -> produced.incrementAndGet());
            new ImageProducer(kafka).produce("images", stream, 0, rate, ProgressBar.silent());
        });

        List<Sample> samples = new ArrayList<>();
        out.println("minute   rss MB  heap MB  live NDArrays  predictions/s  training images/s  p99 ms  serving");
        long started = System.nanoTime();
        long next = started;
        while (!producing.isDone()) {
            next += settings.sampleEvery().toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    producing.get(wait, TimeUnit.NANOSECONDS);
                } catch (TimeoutException due) {
                    // Time for the next sample.
                }
            }
            failIfEnded(trainingJob, "training");
            failIfEnded(inferenceJob, "inference");
            Sample sample = sample((System.nanoTime() - started) / 60e9, counter.read());
            samples.add(sample);
            out.printf(Locale.ROOT, "%6.1f %8d %8d %14.0f %14.1f %18.1f %7.0f %8.0f%n", sample.minutes(),
                    sample.rssBytes() >> 20, sample.heapBytes() >> 20, sample.liveArrays(),
                    sample.predictionsPerSecond(), sample.trainingImagesPerSecond(), sample.p99Millis(),
                    sample.servingVersion());
            out.flush();
        }
        producing.get();
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (counter.distinct() < produced.get() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        tail.stop();
        reading.get(30, TimeUnit.SECONDS);
        inferenceJob.cancel().get(30, TimeUnit.SECONDS);
        trainingJob.cancel().get(30, TimeUnit.SECONDS);
        return summarise(samples, produced.get(), counter);
    }

    private double summarise(List<Sample> all, long produced, PredictionCounter counter) throws IOException {
        writeSamples(all);
        double warmUp = Math.min(WARM_UP.toSeconds(), settings.duration().toSeconds() / 5) / 60.0;
        List<Sample> samples = all.stream().filter(sample -> sample.minutes() >= warmUp).toList();
        if (samples.size() < 4) {
            throw new IllegalStateException("only " + samples.size() + " samples after the warm-up: run for at"
                    + " least four sample intervals");
        }
        int quarter = samples.size() / 4;
        List<Sample> first = samples.subList(0, quarter);
        List<Sample> last = samples.subList(samples.size() - quarter, samples.size());
        double firstThroughput = mean(first, Sample::predictionsPerSecond);
        double lastThroughput = mean(last, Sample::predictionsPerSecond);
        double firstP99 = mean(first, Sample::p99Millis);
        double lastP99 = mean(last, Sample::p99Millis);
        long rssAtQuarter = samples.get(quarter - 1).rssBytes();
        long rssAtEnd = samples.get(samples.size() - 1).rssBytes();
        double growth = 100.0 * (rssAtEnd - rssAtQuarter) / rssAtQuarter;
        long swaps = all.stream().mapToDouble(Sample::servingVersion).distinct().count() - 1;
        out.println("---");
        out.printf(Locale.ROOT, "quarters of the %d samples after a %.1f min warm-up%n", samples.size(), warmUp);
        out.printf(Locale.ROOT, "predictions: %d images produced, %d predicted, %d lost, %d duplicated%n", produced,
                counter.distinct(), produced - counter.distinct(), counter.duplicates());
        out.printf(Locale.ROOT, "model versions served: %d swaps (the last served version %.0f)%n", swaps,
                all.get(all.size() - 1).servingVersion());
        out.printf(Locale.ROOT, "inference throughput: first quarter %.1f, last quarter %.1f images/s (%+.1f%%)%n",
                firstThroughput, lastThroughput, 100 * (lastThroughput / firstThroughput - 1));
        out.printf(Locale.ROOT, "p99 end-to-end latency: first quarter %.0f ms, last quarter %.0f ms (%+.1f%%)%n",
                firstP99, lastP99, 100 * (lastP99 / firstP99 - 1));
        out.printf(Locale.ROOT, "live NDArrays: first quarter %.0f, last quarter %.0f; heap at the end %d MB%n",
                mean(first, Sample::liveArrays), mean(last, Sample::liveArrays),
                samples.get(samples.size() - 1).heapBytes() >> 20);
        out.printf(Locale.ROOT, "rss: %d MB at the end of the first quarter, %d MB at the end (samples and chart in"
                + " %s)%n", rssAtQuarter >> 20, rssAtEnd >> 20, settings.out());
        out.printf(Locale.ROOT, "rss growth: %.1f%%%n", growth);
        out.flush();
        return growth;
    }

    private void writeSamples(List<Sample> samples) throws IOException {
        Files.createDirectories(settings.out());
        List<String> lines = new ArrayList<>(List.of("minute,rss_bytes,heap_bytes,live_ndarrays,predictions_per_s,"
                + "training_images_per_s,p99_ms,serving_version,predictions_read"));
        for (Sample s : samples) {
            lines.add(String.format(Locale.ROOT, "%.2f,%d,%d,%.0f,%.2f,%.2f,%.0f,%.0f,%d", s.minutes(), s.rssBytes(),
                    s.heapBytes(), s.liveArrays(), s.predictionsPerSecond(), s.trainingImagesPerSecond(),
                    s.p99Millis(), s.servingVersion(), s.predictionsRead()));
        }
        Files.write(settings.out().resolve("soak.csv"), lines);
        double[] minutes = samples.stream().mapToDouble(Sample::minutes).toArray();
        new LineChart("Resident memory of the local stack", "minutes", "MB")
                .line("RSS", new Color(31, 119, 180), 2f, minutes,
                        samples.stream().mapToDouble(s -> s.rssBytes() / 1048576.0).toArray())
                .line("heap used", new Color(255, 127, 14), 1.5f, minutes,
                        samples.stream().mapToDouble(s -> s.heapBytes() / 1048576.0).toArray())
                .writePng(settings.out().resolve("soak-rss.png"));
    }

    private Sample sample(double minutes, long predictionsRead) throws Exception {
        Map<String, List<Double>> scraped = scrape();
        return new Sample(minutes, ModelMemoryMetrics.residentBytes(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                sum(scraped, "flink_taskmanager_job_task_operator_" + ModelMemoryMetrics.LIVE_ND_ARRAYS),
                sum(scraped, "flink_taskmanager_job_task_operator_predictionsPerSecond"),
                sum(scraped, "flink_taskmanager_job_task_operator_imagesPerSecond"),
                max(scraped, "flink_taskmanager_job_task_operator_endToEndLatencyMillis/0.99"),
                max(scraped, "flink_taskmanager_job_task_operator_servingModelVersion"), predictionsRead);
    }

    /** The endpoint's samples by name (a histogram's quantiles as {@code name/quantile}). */
    private Map<String, List<Double>> scrape() throws Exception {
        String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, List<Double>> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher matcher = SAMPLE.matcher(line);
            if (matcher.matches()) {
                Matcher quantile = QUANTILE.matcher(matcher.group(2));
                String name = quantile.find() ? matcher.group(1) + "/" + quantile.group(1) : matcher.group(1);
                samples.computeIfAbsent(name, k -> new ArrayList<>()).add(Double.parseDouble(matcher.group(3)));
            }
        }
        return samples;
    }

    private static double sum(Map<String, List<Double>> samples, String name) {
        return samples.getOrDefault(name, List.of()).stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double max(Map<String, List<Double>> samples, String name) {
        return samples.getOrDefault(name, List.of()).stream().mapToDouble(Double::doubleValue).max()
                .orElse(Double.NaN);
    }

    private static double mean(List<Sample> samples, ToDoubleFunction<Sample> value) {
        return samples.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    /** Waits until the training job trains, so that the classifier's capacity is measured beside a busy trainer. */
    private void awaitTrainingSteps(JobClient trainingJob) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!(max(scrape(), "flink_taskmanager_job_task_operator_step") >= CALIBRATION_STEPS)) {
            failIfEnded(trainingJob, "training");
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the training job took no " + CALIBRATION_STEPS + " steps in 3 min");
            }
            Thread.sleep(1000);
        }
    }

    private static void failIfEnded(JobClient job, String name) throws Exception {
        if (job.getJobExecutionResult().isDone()) {
            job.getJobExecutionResult().get();
            throw new IllegalStateException("the " + name + " job ended before the soak did");
        }
    }

    private TrainingJobConfig trainingConfig(LocalStack stack, int exportEvery) {
        Configuration configuration = common();
        configuration.set(TrainingJobOptions.TRAINING_TOPIC, "train");
        configuration.set(TrainingJobOptions.GROUP_ID, "soak-training");
        configuration.set(TrainingJobOptions.TRANSACTIONAL_ID_PREFIX, "soak-training");
        configuration.set(TrainingJobOptions.MODEL_STORE,
                stack.runDirectory().folder("models").toUri().toString());
        configuration.set(TrainingJobOptions.BATCH_SIZE, settings.batch());
        configuration.set(TrainingJobOptions.EXPORT_EVERY_STEPS, exportEvery);
        configuration.set(TrainingJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(30));
        // Its images/s gauge is updated at each log line.
        configuration.set(TrainingJobOptions.LOG_EVERY_STEPS, 10);
        // Pass after pass over the images produced at start, for as long as the soak runs.
        configuration.set(TrainingJobOptions.BOUNDED_EPOCHS, 1_000_000);
        return TrainingJobConfig.from(configuration);
    }

    private InferenceJobConfig inferenceConfig(ModelArtifact initial) {
        Configuration configuration = common();
        configuration.set(InferenceJobOptions.INFERENCE_TOPIC, "images");
        configuration.set(InferenceJobOptions.PREDICTIONS_TOPIC, "predictions");
        configuration.set(InferenceJobOptions.GROUP_ID, "soak-inference");
        configuration.set(InferenceJobOptions.TRANSACTIONAL_ID_PREFIX, "soak-inference");
        configuration.set(InferenceJobOptions.INITIAL_ARTIFACT, initial.file().toUri().toString());
        configuration.set(InferenceJobOptions.BATCH_SIZE, settings.batch());
        configuration.set(InferenceJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(30));
        return InferenceJobConfig.from(configuration);
    }

    /** Each job in a slot of its own, so that both run on the two slots. */
    private static Configuration oneSlot() {
        Configuration configuration = new Configuration();
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        return configuration;
    }

    private Configuration common() {
        Configuration configuration = new Configuration();
        configuration.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        configuration.set(AlexnetOptions.MODELS_TOPIC, "models");
        configuration.set(AlexnetOptions.DEAD_LETTER_TOPIC, "dlq");
        configuration.set(AlexnetOptions.VARIANT, settings.variant().id());
        configuration.set(AlexnetOptions.ENGINE, settings.engine());
        return configuration;
    }

    private ModelArtifact initialModel(Path folder) throws Exception {
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(settings.variant())
                .optEngine(settings.engine()).build()) {
            return ModelArtifact.writeTo(folder, ModelBenchmark.metadata(trainer), trainer.parameters());
        }
    }

    /** Training steps a second of the bare loop, alone on the machine. */
    private double bareStepsPerSecond(BenchmarkImages images) {
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(settings.variant())
                .optEngine(settings.engine()).build()) {
            int batch = settings.batch();
            return ModelBenchmark.trainingRate(trainer, images.decoded(), batch, 2, CALIBRATION_STEPS) / batch;
        }
    }

    /** Images a second the bare classifier classifies while the training job runs beside it. */
    private double classifierCapacity(ModelArtifact model) {
        int batch = settings.batch();
        float[] pixels = new float[batch * ImageShape.FLOATS];
        try (ImageClassifier classifier = ImageClassifier.load(model, settings.engine(), "cpu")) {
            classifier.classify(pixels, batch, 1);
            long started = System.nanoTime();
            long classified = 0;
            while (System.nanoTime() - started < CAPACITY_RUN.toNanos()) {
                classifier.classify(pixels, batch, 1);
                classified += batch;
            }
            return classified * 1e9 / (System.nanoTime() - started);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the metrics endpoint", e);
        }
    }

    /** Counts the predictions read, by image id: every id once is nothing lost and nothing duplicated. */
    private static final class PredictionCounter implements PredictionTail.Listener {
        private final Set<String> seen = new HashSet<>();
        private long read;
        private long duplicates;

        @Override
        public synchronized void prediction(Prediction prediction) {
            read++;
            if (!seen.add(prediction.getImageId())) {
                duplicates++;
            }
        }

        @Override
        public void undecodable(ConsumerRecord<byte[], byte[]> record, String reason) {
            throw new IllegalStateException("the predictions topic holds a record that is not a Prediction: " + reason);
        }

        synchronized long read() {
            return read;
        }

        synchronized long distinct() {
            return seen.size();
        }

        synchronized long duplicates() {
            return duplicates;
        }
    }
}
