package io.flinkalexnet.launcher.bench;

import io.flinkalexnet.jobs.TrainingJobConfig;
import io.flinkalexnet.jobs.TrainingJobOptions;
import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.launcher.ProgressBar;
import io.flinkalexnet.launcher.kafka.CommittedRecords;
import io.flinkalexnet.launcher.kafka.ImageProducer;
import io.flinkalexnet.launcher.kafka.KafkaConnection;
import io.flinkalexnet.launcher.report.TrainingHistory;
import io.flinkalexnet.launcher.stack.LocalFlinkCluster;
import io.flinkalexnet.launcher.stack.LocalJobs;
import io.flinkalexnet.launcher.stack.LocalKafkaBroker;
import io.flinkalexnet.launcher.stack.LocalStack;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.util.stats.StatsSummarySnapshot;
import org.apache.flink.util.TimeUtils;

/**
 * The training job against the bare model-core loop on the same images, engine and batch size, in one run on a local
 * KRaft broker and Flink cluster. The bare loop and the job, bounded to one pass over the images, take turns: bare,
 * job with the first checkpoint setting, bare, job with the next, bare, and so on for a number of rounds, every
 * other round taking the settings in reverse order. Like the job, each bare run trains a new model. Each job run is
 * set against the mean of the bare runs either side of it, since the machine's speed drifts within minutes, and the
 * medians over the rounds are reported; a first job run, not measured, loads and compiles the job's classes. The
 * job's throughput comes from its training log's step times after a warm-up, the bare loop's from the same number of
 * steps. What checkpoints cost is also read from the job's own step times ({@link CheckpointPauses}), which resolves
 * far less than comparing whole runs can.
 */
public final class TrainingJobBenchmark {

    private static final int WARMUP_STEPS = 3;
    private static final String NO_CHECKPOINTS = "none";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What to measure.
     *
     * @param data CIFAR-10 data or image folder to take the images from; null for generated images
     * @param images how many images (one pass)
     * @param batchSize images per step
     * @param variant the network variant
     * @param engine the DJL engine
     * @param checkpointIntervals the job's checkpoint settings to measure, e.g. {@code none} and {@code 30s}
     * @param parallelism the job's parallelism
     * @param webUiPort port or range of the local cluster's web UI
     * @param rounds how many times every checkpoint setting is measured
     */
    public record Settings(Path data, int images, int batchSize, Variant variant, String engine,
            List<String> checkpointIntervals, int parallelism, String webUiPort, int rounds) {}

    private TrainingJobBenchmark() {}

    /**
     * Runs the benchmark, printing as it goes; returns the median ratio of the job with the first checkpoint setting
     * to the bare loop.
     */
    public static double run(Settings settings, PrintWriter out) throws Exception {
        BenchmarkImages images = BenchmarkImages.load(settings.data(), settings.images());
        int steps = settings.images() / settings.batchSize();
        if (steps <= WARMUP_STEPS + 1) {
            throw new IllegalArgumentException("--images " + settings.images() + " gives only " + steps + " steps of "
                    + settings.batchSize() + "; the measurement needs more than " + (WARMUP_STEPS + 1));
        }
        out.printf(Locale.ROOT, "training benchmark: %d images (%s), %s on %s, batch %d, parallelism %d, %d rounds,"
                        + " OMP_NUM_THREADS=%s, %d cores%n", settings.images(),
                settings.data() == null ? "generated" : settings.data(), settings.variant().id(), settings.engine(),
                settings.batchSize(), settings.parallelism(), settings.rounds(), System.getenv("OMP_NUM_THREADS"),
                Runtime.getRuntime().availableProcessors());
        List<String> intervals = settings.checkpointIntervals();
        List<Double> bareRates = new ArrayList<>();
        Map<String, double[]> jobRates = new LinkedHashMap<>();
        Map<String, double[]> ratios = new LinkedHashMap<>();
        Map<String, CheckpointPauses[]> pauses = new LinkedHashMap<>();
        intervals.forEach(interval -> {
            jobRates.put(interval, new double[settings.rounds()]);
            ratios.put(interval, new double[settings.rounds()]);
            pauses.put(interval, new CheckpointPauses[settings.rounds()]);
        });
        try (LocalStack stack = LocalStack.create("bench-train", out)) {
            LocalKafkaBroker kafka = stack.startKafka();
            LocalFlinkCluster flink = stack.startFlink(new LocalFlinkCluster.Settings(settings.parallelism(),
                    settings.webUiPort(), true));
            // Not measured: the first job in a JVM loads and compiles its classes, which a running job has done.
            jobRun(settings, stack, kafka, flink, images, intervals.get(0), -1, out);
            bareRates.add(bareRate(images, settings, out));
            for (int round = 0; round < settings.rounds(); round++) {
                for (String interval : roundOrder(intervals, round)) {
                    JobRun job = jobRun(settings, stack, kafka, flink, images, interval, round, out);
                    double before = bareRates.get(bareRates.size() - 1);
                    double after = bareRate(images, settings, out);
                    bareRates.add(after);
                    jobRates.get(interval)[round] = job.imagesPerSecond();
                    ratios.get(interval)[round] = Statistics.ratioToBracket(job.imagesPerSecond(), before, after);
                    pauses.get(interval)[round] = job.checkpoints();
                    out.printf(Locale.ROOT, "round %d, checkpoints %s: job %.1f images/s, ratio to the bare runs"
                            + " either side %.3f%n", round + 1, interval, job.imagesPerSecond(),
                            ratios.get(interval)[round]);
                    out.flush();
                }
            }
        }
        out.println("---");
        out.printf(Locale.ROOT, "bare loop %.1f images/s (median of %d runs)%n",
                Statistics.median(bareRates.stream().mapToDouble(Double::doubleValue).toArray()), bareRates.size());
        String first = intervals.get(0);
        for (String interval : intervals) {
            out.printf(Locale.ROOT, "job (checkpoints %s) %.1f images/s, ratio to bare %.3f (medians of %d rounds)%n",
                    interval, Statistics.median(jobRates.get(interval)), Statistics.median(ratios.get(interval)),
                    settings.rounds());
            if (!interval.equals(first)) {
                double[] againstFirst = new double[settings.rounds()];
                for (int round = 0; round < settings.rounds(); round++) {
                    againstFirst[round] = ratios.get(interval)[round] / ratios.get(first)[round];
                }
                out.printf(Locale.ROOT, "checkpoints %s against %s: %.3f (median of the rounds)%n", interval, first,
                        Statistics.median(againstFirst));
            }
            CheckpointPauses pooled = Arrays.stream(pauses.get(interval)).reduce(CheckpointPauses::plus).orElseThrow();
            if (pooled.checkpoints() > 0) {
                out.printf(Locale.ROOT, "checkpoints %s paused training %.0f ms each (%d checkpoints within the"
                        + " measured steps): the job trains at %.3f of its speed without them, from its own step"
                        + " times%n", interval, pooled.meanPauseMillis(), pooled.checkpoints(),
                        1 - pooled.shareOfTime());
            }
            if (!interval.equals(NO_CHECKPOINTS)
                    && Arrays.stream(pauses.get(interval)).anyMatch(run -> run.checkpoints() == 0)) {
                out.printf(Locale.ROOT, "warning: a job run with checkpoints %s ended before its first checkpoint,"
                        + " so its figure does not measure checkpoints; give more --images (a run lasts about images /"
                        + " job rate)%n", interval);
            }
        }
        double ratio = Statistics.median(ratios.get(first));
        out.printf(Locale.ROOT, "ratio: %.2f%n", ratio);
        out.flush();
        return ratio;
    }

    /**
     * A fresh model trained like the job's: the first hundred or so steps of a new model run measurably slower (about
     * 5% with MXNet on CPU) than later ones, so a bare loop that had trained on would flatter itself.
     */
    private static double bareRate(BenchmarkImages images, Settings settings, PrintWriter out) {
        int steps = settings.images() / settings.batchSize();
        double rate;
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(settings.variant())
                .optEngine(settings.engine()).build()) {
            rate = ModelBenchmark.trainingRate(trainer, images.decoded(), settings.batchSize(), WARMUP_STEPS,
                    steps - WARMUP_STEPS);
        }
        out.printf(Locale.ROOT, "bare model-core loop: %.1f images/s (%d steps after %d warm-up)%n", rate,
                steps - WARMUP_STEPS, WARMUP_STEPS);
        out.flush();
        return rate;
    }

    /**
     * The settings in the order a round runs them: every other round reverses them, since the first job after a bare
     * run measures a few per cent slower than the second on the development machine (cause unknown), and alternating
     * cancels that out of the comparison of the settings.
     */
    private static List<String> roundOrder(List<String> intervals, int round) {
        List<String> order = new ArrayList<>(intervals);
        if (round % 2 == 1) {
            Collections.reverse(order);
        }
        return order;
    }

    /** One bounded pass of the job: its sustained images/s after the warm-up, and what its checkpoints cost. */
    private record JobRun(double imagesPerSecond, CheckpointPauses checkpoints) {}

    /**
     * One bounded pass; the rate comes from the training log's step times after the warm-up. Prints where the CPU
     * went and what the checkpoints cost.
     */
    private static JobRun jobRun(Settings settings, LocalStack stack, LocalKafkaBroker kafka,
            LocalFlinkCluster flink, BenchmarkImages images, String interval, int round, PrintWriter out)
            throws Exception {
        String name = "bench-" + (round < 0 ? "warm-up" : String.valueOf(round + 1)) + "-"
                + interval.replaceAll("[^a-z0-9]", "");
        String topic = name + "-images";
        String log = name + "-log";
        kafka.createTopic(topic, settings.parallelism());
        kafka.createTopic(log, 1);
        KafkaConnection connection = new KafkaConnection(kafka.bootstrapServers(), Map.of(), READ_TIMEOUT);
        new ImageProducer(connection).produce(topic, images.records().stream(), 0, 0, ProgressBar.silent());
        Configuration configuration = new Configuration();
        configuration.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        configuration.set(TrainingJobOptions.TRAINING_TOPIC, topic);
        configuration.set(TrainingJobOptions.TRAINING_LOG_TOPIC, log);
        configuration.set(AlexnetOptions.MODELS_TOPIC, name + "-models");
        configuration.set(AlexnetOptions.DEAD_LETTER_TOPIC, name + "-dlq");
        configuration.set(TrainingJobOptions.TRANSACTIONAL_ID_PREFIX, name);
        configuration.set(TrainingJobOptions.GROUP_ID, name);
        configuration.set(TrainingJobOptions.MODEL_STORE,
                stack.runDirectory().folder(name + "-models").toUri().toString());
        configuration.set(AlexnetOptions.VARIANT, settings.variant().id());
        configuration.set(AlexnetOptions.ENGINE, settings.engine());
        configuration.set(TrainingJobOptions.BATCH_SIZE, settings.batchSize());
        configuration.set(AlexnetOptions.BOUNDED_END_OFFSETS, true);
        configuration.set(TrainingJobOptions.EXPORT_EVERY_STEPS, 1_000_000);
        configuration.set(TrainingJobOptions.CHECKPOINT_INTERVAL,
                interval.equals(NO_CHECKPOINTS) ? Duration.ofHours(24) : TimeUtils.parseDuration(interval));
        configuration.set(TrainingJobOptions.LOG_EVERY_STEPS, 20);
        CpuSampler sampler = new CpuSampler();
        sampler.start();
        JobExecutionResult result = LocalJobs.train(flink, TrainingJobConfig.from(configuration));
        sampler.stopAndPrint(out);
        TrainingHistory history = TrainingHistory.of(
                CommittedRecords.read(connection, log, RecordCodec.trainingStep()), List.of());
        CheckpointStatsSnapshot checkpoints = flink.checkpointStats(result.getJobID());
        List<Long> triggers = checkpoints.getHistory().getCheckpoints().stream()
                .filter(checkpoint -> checkpoint.getStatus().isCompleted())
                .map(AbstractCheckpointStats::getTriggerTimestamp).toList();
        CheckpointPauses pauses = CheckpointPauses.of(history.stepEndMillis(), triggers, WARMUP_STEPS - 1);
        if (!triggers.isEmpty()) {
            StatsSummarySnapshot duration = checkpoints.getSummaryStats().getEndToEndDurationStats();
            out.printf(Locale.ROOT, "  checkpoints: %d completed (%d within the measured steps), %.1f MB, %d ms end"
                    + " to end on average (longest %d ms)%n", triggers.size(), pauses.checkpoints(),
                    checkpoints.getSummaryStats().getCheckpointedSize().getAverage() / 1e6, duration.getAverage(),
                    duration.getMaximum());
        }
        if (pauses.checkpoints() > 0) {
            out.printf(Locale.ROOT, "  training paused %.0f ms a checkpoint (the two steps around it against two"
                    + " median steps): %.2f%% of the measured time%n", pauses.meanPauseMillis(),
                    pauses.shareOfTime() * 100);
        }
        return new JobRun(history.sustainedImagesPerSecond(WARMUP_STEPS - 1), pauses);
    }
}
