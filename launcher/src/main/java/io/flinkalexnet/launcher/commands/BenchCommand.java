package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.launcher.LauncherCommand;
import io.flinkalexnet.launcher.bench.TrainingJobBenchmark;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: the jobs against the bare model-core loops, in one run each. */
@Command(name = "bench", header = "Benchmarks a job against the bare model-core loop; the last line is 'ratio: X.XX'.",
        description = "Runs a job against the bare model-core loop on the same images, engine and batch size, in one"
                + " run on a local Kafka broker and Flink cluster, prints both throughputs and, as the last line,"
                + " 'ratio: X.XX' (job over bare loop).",
        subcommands = {BenchCommand.Train.class})
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

        @Option(names = "--engine", paramLabel = "MXNet|PyTorch",
                description = "DJL engine (default: MXNet, or DJL_DEFAULT_ENGINE).")
        String engine;

        @Option(names = "--variant", defaultValue = "cifar", paramLabel = "cifar|seed",
                description = "Network variant (default: ${DEFAULT-VALUE}).")
        String variant;

        @Option(names = "--parallelism", paramLabel = "N",
                description = "Parallelism of the job (default: the number of cores).")
        Integer parallelism;

        String engineName() {
            return engine == null ? Engines.defaultEngineName() : Engines.canonicalName(engine);
        }

        int parallelismOrCores() {
            return parallelism == null ? Runtime.getRuntime().availableProcessors() : parallelism;
        }
    }

    /** {@code bench train}. */
    @Command(name = "train", sortOptions = false,
            header = "The training job against the bare training loop.",
            description = "The bare model-core training loop, then the training job bounded to one pass over the same"
                    + " images for each --checkpoints setting; the job's rate comes from its training log after a"
                    + " 3-step warm-up. The CPU time of the job's threads is printed too.")
    static final class Train extends Benchmark {

        @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
                description = "Images per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--images", defaultValue = "6400", paramLabel = "N",
                description = "Images to train on, one pass (default: ${DEFAULT-VALUE}).")
        int images;

        @Option(names = "--checkpoints", defaultValue = "none,30s", split = ",", paramLabel = "none|INTERVAL",
                description = "Checkpoint settings to run the job with; the ratio uses the first (default:"
                        + " ${DEFAULT-VALUE}).")
        List<String> checkpoints;

        @Override
        public Integer call() throws Exception {
            TrainingJobBenchmark.run(new TrainingJobBenchmark.Settings(data, images, batch, Variant.fromId(variant),
                    engineName(), checkpoints, parallelismOrCores()), out());
            return 0;
        }
    }
}
