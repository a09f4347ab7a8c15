package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.launcher.DurationConverter;
import io.flinkalexnet.launcher.LauncherCommand;
import io.flinkalexnet.launcher.bench.InferenceJobBenchmark;
import io.flinkalexnet.launcher.bench.TrainingJobBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench}: the jobs against the bare model-core loops, in one run each. */
@Command(name = "bench", header = "Benchmarks a job against the bare model-core loop; the last line is 'ratio: X.XX'.",
        description = "Runs a job against the bare model-core loop on the same images, engine and batch size, in one"
                + " run on a local Kafka broker and Flink cluster, prints both throughputs and, as the last line,"
                + " 'ratio: X.XX' (job over bare loop).",
        subcommands = {BenchCommand.Train.class, BenchCommand.Infer.class})
public final class BenchCommand extends LauncherCommand {

    @Override
    public Integer call() {
        err().println("error: name a benchmark: train or infer (see 'flink-alexnet bench --help')");
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
    static final class Train extends Benchmark {

        @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
                description = "Images per step (default: ${DEFAULT-VALUE}).")
        int batch;

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
    static final class Infer extends Benchmark {

        @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
                description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
        int batch;

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
}
