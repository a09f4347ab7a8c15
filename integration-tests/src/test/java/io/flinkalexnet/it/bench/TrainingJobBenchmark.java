package io.flinkalexnet.it.bench;

import io.flinkalexnet.it.testutils.KafkaBrokerExtension;
import io.flinkalexnet.it.testutils.TestDirectories;
import io.flinkalexnet.jobs.TrainingJob;
import io.flinkalexnet.jobs.TrainingJobOptions;
import io.flinkalexnet.model.bench.BenchmarkData;
import io.flinkalexnet.model.bench.ModelBenchmark;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.TrainingStep;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The training job against the bare model-core loop on the same images, engine and batch size, in
 * one run: a local KRaft broker, a local Flink cluster, the job bounded to one pass over the topic.
 * Throughput of the job is measured from its training log (steps after the warm-up), of the bare
 * loop from the same number of steps; with checkpoints off and every 30 s.
 *
 * <pre>
 * OMP_NUM_THREADS=2 MAVEN_OPTS=-Xmx6g mvn -q -pl integration-tests exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.flinkalexnet.it.bench.TrainingJobBenchmark \
 *     -Dexec.args="--data ../../shared/data/cifar-10-batches-bin --images 6400 --batch 64"
 * </pre>
 */
public final class TrainingJobBenchmark {

    private static final int WARMUP_STEPS = 3;

    private TrainingJobBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int exit = 0;
        try {
            run(options);
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        // Kafka's and Flink's non-daemon threads would keep exec:java waiting.
        System.exit(exit);
    }

    private static void run(Map<String, String> options) throws Exception {
        Variant variant = Variant.fromId(options.get("variant"));
        String engine = options.get("engine");
        int batch = Integer.parseInt(options.get("batch"));
        int images = Integer.parseInt(options.get("images"));
        Path data = options.get("data").isEmpty() ? null : Path.of(options.get("data"));
        List<ImageRecord> records;
        try (Stream<ImageRecord> stream = data == null
                ? new SyntheticImages(7).records(0, images, 0)
                : CifarBinaryReader.directory(data, "data_batch_1.bin").records()) {
            records = stream.limit(images).toList();
        }
        BenchmarkData decoded = BenchmarkData.load(data == null ? null : data.resolve("data_batch_1.bin"), null, images);
        int steps = images / batch;

        double bare;
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(variant).optEngine(engine).build()) {
            bare = ModelBenchmark.trainingRate(trainer, decoded, batch, WARMUP_STEPS, steps - WARMUP_STEPS);
        }
        System.out.printf("bare model-core loop: %.1f images/s (%s %s batch %d, %d steps)%n", bare, variant, engine,
                batch, steps - WARMUP_STEPS);

        KafkaBrokerExtension kafka = new KafkaBrokerExtension();
        kafka.start("training benchmark");
        Map<String, Double> rates = new LinkedHashMap<>();
        try {
            RecordCodec<ImageRecord> codec = RecordCodec.imageRecord();
            List<byte[]> values = records.stream().map(codec::encode).toList();
            for (String interval : options.get("checkpoints").split(",")) {
                rates.put(interval, jobRate(kafka, values, options, interval, steps));
                System.out.printf("training job, checkpoints %s: %.1f images/s%n", interval, rates.get(interval));
            }
        } finally {
            kafka.stop();
        }
        System.out.println("---");
        System.out.printf("bare loop %.1f images/s%n", bare);
        rates.forEach((interval, rate) -> System.out.printf("job (checkpoints %s) %.1f images/s, ratio to bare %.3f%n",
                interval, rate, rate / bare));
        if (rates.containsKey("none") && rates.containsKey("30s")) {
            System.out.printf("checkpoints every 30 s against none: ratio %.3f%n", rates.get("30s") / rates.get("none"));
        }
        System.out.printf("ratio: %.2f%n", rates.values().iterator().next() / bare);
    }

    /** Sustained images/s of one bounded run, from the training log's step times after the warm-up. */
    private static double jobRate(KafkaBrokerExtension kafka, List<byte[]> values, Map<String, String> options,
            String interval, int steps) throws Exception {
        String topic = kafka.uniqueTopic("bench-train");
        String log = kafka.uniqueTopic("bench-log");
        kafka.createTopic(topic, 2);
        kafka.createTopic(log, 1);
        kafka.produce(topic, values);
        Path store = TestDirectories.newDirectory("bench-models");
        TrainingJobOptions job = TrainingJobOptions.fromArgs(new Configuration(), new String[] {
            "--kafka.bootstrap-servers", kafka.bootstrapServers(),
            "--topic.train", topic, "--topic.training-log", log,
            "--topic.models", kafka.uniqueTopic("bench-models"), "--topic.dead-letter", kafka.uniqueTopic("bench-dlq"),
            "--kafka.transactional-id-prefix", topic, "--kafka.group-id", topic,
            "--model-store.uri", store.toUri().toString(),
            "--model.variant", options.get("variant"), "--model.engine", options.get("engine"),
            "--train.batch-size", options.get("batch"),
            "--bounded.end-offsets", "true", "--export.every-steps", "1000000",
            "--checkpoint.interval", interval.equals("none") ? "24 h" : interval.replace("s", " s"),
            "--log.every-steps", "20"});
        Configuration cluster = new Configuration();
        cluster.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        cluster.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                TestDirectories.newDirectory("bench-checkpoints").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        env.setParallelism(Integer.parseInt(options.get("parallelism")));
        TrainingJob.configure(env, job);
        TrainingJob.build(env, job);
        ThreadCpuSampler sampler = new ThreadCpuSampler();
        sampler.start();
        long started = System.nanoTime();
        env.execute("training benchmark, checkpoints " + interval);
        sampler.stopAndPrint(System.nanoTime() - started);

        RecordCodec<TrainingStep> codec = RecordCodec.trainingStep();
        List<TrainingStep> trained = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.readCommitted(log, steps, Duration.ofSeconds(60))) {
            trained.add(codec.decode(record.value()));
        }
        trained.sort(Comparator.comparingLong(TrainingStep::getStep));
        TrainingStep first = trained.get(WARMUP_STEPS - 1);
        TrainingStep last = trained.get(trained.size() - 1);
        long images = trained.subList(WARMUP_STEPS, trained.size()).stream()
                .mapToLong(step -> step.getImageIds().size()).sum();
        double seconds = (last.getCreatedAt().toEpochMilli() - first.getCreatedAt().toEpochMilli()) / 1000.0;
        return images / seconds;
    }

    /** Where the CPU went during a run: JVM threads sampled while they live, native threads (the engine's) as the rest. */
    private static final class ThreadCpuSampler extends Thread {
        private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        private final Map<Long, Long> before = new java.util.HashMap<>();
        private final Map<Long, Long> latest = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Long, String> names = new java.util.concurrent.ConcurrentHashMap<>();
        private final long processBefore = processCpuNanos();
        private volatile boolean running = true;

        ThreadCpuSampler() {
            super("cpu-sampler");
            setDaemon(true);
            for (long id : threads.getAllThreadIds()) {
                before.put(id, threads.getThreadCpuTime(id));
            }
        }

        @Override
        public void run() {
            while (running) {
                for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                    if (info != null) {
                        long cpu = threads.getThreadCpuTime(info.getThreadId());
                        if (cpu > 0) {
                            latest.put(info.getThreadId(), cpu);
                            names.putIfAbsent(info.getThreadId(), info.getThreadName().replaceAll("[0-9]+", "#"));
                        }
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopAndPrint(long wallNanos) throws InterruptedException {
            running = false;
            join();
            Map<String, Long> byName = new java.util.TreeMap<>();
            long jvm = 0;
            for (Map.Entry<Long, Long> entry : latest.entrySet()) {
                long used = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
                jvm += used;
                byName.merge(names.get(entry.getKey()), used, Long::sum);
            }
            long process = processCpuNanos() - processBefore;
            System.out.printf("CPU during the run: %.1f s in %.1f s (%.2f cores); JVM threads %.1f s, native (engine)"
                    + " %.1f s%n", process / 1e9, wallNanos / 1e9, (double) process / wallNanos, jvm / 1e9,
                    (process - jvm) / 1e9);
            byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                    .forEach(e -> System.out.printf("  %6.2f s  %s%n", e.getValue() / 1e9, e.getKey()));
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>(Map.of("variant", "cifar", "engine", "MXNet", "batch", "64",
                "images", "6400", "data", "", "checkpoints", "none,30s", "parallelism",
                String.valueOf(Runtime.getRuntime().availableProcessors())));
        for (int i = 0; i + 1 < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; accepted: " + values.keySet());
            }
            values.put(name, args[i + 1]);
        }
        return values;
    }
}
