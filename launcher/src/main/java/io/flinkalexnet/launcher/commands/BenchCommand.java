package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.launcher.DurationConverter;
import io.flinkalexnet.launcher.LauncherCommand;
import io.flinkalexnet.launcher.RateConverter;
import io.flinkalexnet.launcher.bench.CifarTrainingRun;
import io.flinkalexnet.launcher.bench.InferenceJobBenchmark;
import io.flinkalexnet.launcher.bench.ModelBenchmark;
import io.flinkalexnet.launcher.bench.RecipeBenchmark;
import io.flinkalexnet.launcher.bench.SoakBenchmark;
import io.flinkalexnet.launcher.bench.TrainingJobBenchmark;
import io.flinkalexnet.model.train.TrainingRecipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code bench}: the jobs against the bare model-core loops, the bare loop alone, and the opt-in long run. */
@Command(name = "bench", header = "Benchmarks: the jobs against the bare model-core loop, the loop alone, the long run.",
        description = "train and infer run a job against the bare model-core loop on the same images, engine and"
                + " batch size, in one run on a local Kafka broker and Flink cluster, print both throughputs and, as"
                + " the last line, 'ratio: X.XX' (job over bare loop); model times the bare loop alone; accuracy is"
                + " the opt-in long run on CIFAR-10; soak runs both jobs for a long time and watches their memory.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Infer.class, BenchCommand.Model.class,
                BenchCommand.Accuracy.class, BenchCommand.Recipe.class, BenchCommand.Soak.class})
public final class BenchCommand extends LauncherCommand {

    @Override
    public Integer call() {
        err().println("error: name a benchmark: train, infer, model, accuracy, recipe or soak (see 'flink-alexnet bench --help')");
        err().flush();
        return 2;
    }

    /** The options every benchmark takes. */
    abstract static class Benchmark extends LauncherCommand {

        @Option(names = "--data", paramLabel = "PATH",
                description = "Images to run on: a CIFAR-10 batch, folder or archive (its first images), or a"
                        + " folder of PNG/JPEG files (default: generated images).")
        Path data;

        @Mixin
        ModelOptions model;

        @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
                description = "Images per training step or forward pass, of the jobs and the bare loop (default:"
                        + " ${DEFAULT-VALUE}).")
        int batch;
    }

    /** The options of the benchmarks that set a job against the bare loop, round after round. */
    abstract static class JobBenchmark extends Benchmark {

        @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
                description = "Times each job run is measured, between runs of the bare loop (default:"
                        + " ${DEFAULT-VALUE}).")
        int rounds;
    }

    /** {@code bench train}. */
    @Command(name = "train", sortOptions = false,
            header = "The training job against the bare training loop.",
            description = "The bare model-core training loop and the training job bounded to one pass over the same"
                    + " images, taking turns for --rounds rounds of every --checkpoints setting (every other round in"
                    + " reverse order); each job run is set against the bare runs either side of it and the medians"
                    + " are reported. The job's rate comes from its training log after a 3-step warm-up. The CPU time"
                    + " of the job's threads and the checkpoints each job run completed are printed too.")
    static final class Train extends JobBenchmark {

        @Option(names = "--images", defaultValue = "25600", paramLabel = "N",
                description = "Images to train on, one pass (default: ${DEFAULT-VALUE}, about a minute on 2 cores, so"
                        + " that a run with checkpoints every 30 s completes two).")
        int images;

        @Option(names = "--checkpoints", defaultValue = "none,30s", split = ",", paramLabel = "none|INTERVAL",
                description = "Checkpoint settings to run the job with; the ratio uses the first (default:"
                        + " ${DEFAULT-VALUE}).")
        List<String> checkpoints;

        @Mixin
        LocalClusterOptions cluster;

        @Override
        public Integer call() throws Exception {
            TrainingJobBenchmark.run(new TrainingJobBenchmark.Settings(data, images, batch, model.variant(),
                    model.engineName(), checkpoints, cluster.parallelism(), cluster.webUiPort, rounds), out());
            return 0;
        }
    }

    /** {@code bench infer}. */
    @Command(name = "infer", sortOptions = false,
            header = "The inference job against the bare classifier.",
            description = "The bare model-core classifier and the inference job bounded to the same images, taking"
                    + " turns for --rounds rounds, bare first and last (the job's rate comes from its predictions'"
                    + " write times after a warm-up; each job run is set against the bare runs either side of it and"
                    + " the ratio is the median), then the job's latency with images produced at half its rate."
                    + " --parallelism is 1 unless given.")
    static final class Infer extends JobBenchmark {

        @Option(names = "--images", defaultValue = "12000", paramLabel = "N",
                description = "Images per round (default: ${DEFAULT-VALUE}).")
        int images;

        @Option(names = "--batch-timeout", defaultValue = "20ms", paramLabel = "DURATION",
                converter = DurationConverter.class,
                description = "The job's batch timeout (default: ${DEFAULT-VALUE}).")
        Duration batchTimeout;

        @Option(names = "--latency-run", defaultValue = "30s", paramLabel = "DURATION",
                converter = DurationConverter.class,
                description = "How long images are produced for the latency (default: ${DEFAULT-VALUE}).")
        Duration latencyRun;

        @Mixin
        LocalClusterOptions cluster;

        @Override
        public Integer call() throws Exception {
            // One classifier subtask unless asked: its latency is the one the README reports.
            int parallelism = cluster.parallelism == null ? 1 : cluster.parallelism;
            InferenceJobBenchmark.run(new InferenceJobBenchmark.Settings(data, images, batch, batchTimeout,
                    model.variant(), model.engineName(), parallelism, cluster.webUiPort, rounds, latencyRun), out());
            return 0;
        }
    }

    /** {@code bench model}. */
    @Command(name = "model", sortOptions = false,
            header = "The bare model-core loop: training and inference images/s, batch-1 latency, peak RSS.",
            description = "Times the bare model-core loop (no Flink, no Kafka) for one variant and engine: training"
                    + " images/s at each --train-batches size, inference images/s at --infer-batch, batch-1 latency"
                    + " percentiles and the JVM's peak RSS (run one variant and engine per JVM for a peak of its own).")
    static final class Model extends LauncherCommand {

        @Option(names = "--data", paramLabel = "PATH",
                description = "A CIFAR-10 folder, batch or archive (its first images; default: generated images).")
        Path data;

        @Mixin
        ModelOptions model;

        @Option(names = "--train-batches", defaultValue = "64,128", split = ",", paramLabel = "N[,N...]",
                description = "Batch sizes to time training at (default: ${DEFAULT-VALUE}).")
        List<Integer> trainBatches;

        @Option(names = "--steps", defaultValue = "20", paramLabel = "N",
                description = "Timed training steps per batch size (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--warmup", defaultValue = "3", paramLabel = "N",
                description = "Untimed training steps before them (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--infer-batch", defaultValue = "256", paramLabel = "N",
                description = "Batch size to time inference at (default: ${DEFAULT-VALUE}).")
        int inferBatch;

        @Option(names = "--infer-batches", defaultValue = "8", paramLabel = "N",
                description = "Timed inference batches (default: ${DEFAULT-VALUE}).")
        int inferBatches;

        @Option(names = "--latency-runs", defaultValue = "50", paramLabel = "N",
                description = "Timed single-image classifications (default: ${DEFAULT-VALUE}).")
        int latencyRuns;

        @Override
        public Integer call() throws Exception {
            ModelBenchmark.run(new ModelBenchmark.Settings(data, model.variant(), model.engineName(), trainBatches,
                    steps, warmup, inferBatch, inferBatches, latencyRuns), out());
            return 0;
        }
    }

    /** {@code bench accuracy}. */
    @Command(name = "accuracy", sortOptions = false,
            header = "The opt-in long run: trains on data_batch_1-4, prints the held-out accuracy per epoch.",
            description = "Trains the bare model-core loop on CIFAR-10 data_batch_1..4 with a recipe's augmentation"
                    + " and prints the loss, the held-out accuracy and the throughput after every epoch, and the last"
                    + " epoch's confusion matrix. Held out is data_batch_5, or with --tune the last 5,000 images of"
                    + " data_batch_1..4 (not trained on), so that choosing hyper-parameters never sees data_batch_5.")
    static final class Accuracy extends LauncherCommand {

        @Option(names = "--data", required = true, paramLabel = "DIR",
                description = "A cifar-10-batches-bin folder.")
        Path data;

        @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
                description = "Passes over data_batch_1..4, the recipe's budget (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--recipe", defaultValue = "reference", paramLabel = "reference|modern",
                converter = RecipeConverter.class,
                description = "Training recipe (default: ${DEFAULT-VALUE}).")
        TrainingRecipe recipe;

        @Option(names = "--train-images", defaultValue = "40000", paramLabel = "N",
                description = "Train on the first N images of data_batch_1..4 (default: ${DEFAULT-VALUE}).")
        int trainImages;

        @Option(names = "--tune", description = "Hold out the last 5,000 training images instead of data_batch_5.")
        boolean tune;

        @Mixin
        ModelOptions model;

        @Option(names = "--batch", defaultValue = "128", paramLabel = "N",
                description = "Images per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--learning-rate", paramLabel = "LR",
                description = "Base learning rate (default: the recipe's).")
        Double learningRate;

        @Option(names = "--out", paramLabel = "DIR", description = "Write the final model there (model.zip).")
        Path out;

        @Override
        public Integer call() throws Exception {
            CifarTrainingRun.run(new CifarTrainingRun.Settings(data, epochs, trainImages, tune, recipe,
                    model.variant(), model.engineName(), batch, learningRate, out), out());
            return 0;
        }
    }

    /** {@code bench recipe}. */
    @Command(name = "recipe", sortOptions = false,
            header = "The default network and recipe against today's cifar network: the last line is"
                    + " 'throughput ratio: X'.",
            description = "Times the bare training loop of the modern recipe on cifar-bn and of the reference recipe"
                    + " on cifar, same engine, batch and images, taking turns for --rounds rounds; prints both rates"
                    + " per round and, as the last line, the median ratio modern / reference.")
    static final class Recipe extends LauncherCommand {

        @Option(names = "--data", paramLabel = "PATH",
                description = "A CIFAR-10 folder, batch or archive (its first images; default: generated images).")
        Path data;

        @Mixin
        EngineOption engine;

        @Option(names = "--batch", defaultValue = "128", paramLabel = "N",
                description = "Images per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--steps", defaultValue = "15", paramLabel = "N",
                description = "Timed steps per round and recipe (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
                description = "Rounds of both (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() {
            RecipeBenchmark.run(new RecipeBenchmark.Settings(data, engine.engineName(), batch, steps, rounds), out());
            return 0;
        }
    }

    /** {@code bench soak}. */
    @Command(name = "soak", sortOptions = false,
            header = "Both jobs for --minutes, watched: memory, throughput, latency; the last line is 'rss growth: X%'.",
            description = {"Runs the training job continuously (pass after pass over its images, a model about every"
                    + " --swap-every) and the inference job on a steady stream at half the classifier's measured"
                    + " capacity, both checkpointing every 30 s, on one local stack. Every --sample-every it prints"
                    + " the process's resident memory and heap, the models' live NDArrays, both jobs' throughput and"
                    + " the inference job's p99 latency (the jobs' own metrics, read from the cluster's Prometheus"
                    + " endpoint).",
                    "At the end: predictions lost and duplicated, the last quarter against the first, the samples"
                            + " (soak.csv) and an RSS chart (soak-rss.png) in --out, and as the last line the RSS"
                            + " growth from the end of the first quarter to the end."})
    static final class Soak extends Benchmark {

        @Option(names = "--minutes", defaultValue = "60", paramLabel = "M",
                description = "How long the stream is produced (default: ${DEFAULT-VALUE}).")
        long minutes;

        @Option(names = "--train-images", defaultValue = "10000", paramLabel = "N",
                description = "Images the training job passes over again and again (default: ${DEFAULT-VALUE}).")
        int trainImages;

        @Option(names = "--sample-every", defaultValue = "30s", paramLabel = "DURATION",
                converter = DurationConverter.class,
                description = "Interval between samples (default: ${DEFAULT-VALUE}).")
        Duration sampleEvery;

        @Option(names = "--swap-every", defaultValue = "4m", paramLabel = "DURATION",
                converter = DurationConverter.class,
                description = "About how often a model is exported and swapped in (default: ${DEFAULT-VALUE}).")
        Duration swapEvery;

        @Option(names = "--rate", paramLabel = "N/s", converter = RateConverter.class,
                description = "Images a second of the inference stream (default: half the measured capacity).")
        Double rate;

        @Option(names = "--out", defaultValue = "out/soak", paramLabel = "DIR",
                description = "Where the samples and the chart go (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            SoakBenchmark.run(new SoakBenchmark.Settings(data, trainImages, model.variant(), model.engineName(),
                    batch, Duration.ofMinutes(minutes), sampleEvery, swapEvery, rate, out), out());
            return 0;
        }
    }

    /** Reads a recipe by its id, naming the accepted ones when it fails. */
    static final class RecipeConverter implements ITypeConverter<TrainingRecipe> {
        @Override
        public TrainingRecipe convert(String value) {
            return TrainingRecipe.fromId(value);
        }
    }
}
