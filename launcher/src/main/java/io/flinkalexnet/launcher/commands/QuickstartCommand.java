package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.launcher.DurationConverter;
import io.flinkalexnet.launcher.LauncherCommand;
import io.flinkalexnet.launcher.data.Cifar10Download;
import io.flinkalexnet.launcher.data.ImageSource;
import io.flinkalexnet.launcher.quickstart.Quickstart;
import io.flinkalexnet.launcher.quickstart.QuickstartData;
import io.flinkalexnet.launcher.quickstart.QuickstartSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quickstart}: the whole system on an embedded local stack, with a report. */
@Command(name = "quickstart", sortOptions = false,
        header = "Runs the whole system locally: Kafka, Flink, training, inference and a report.",
        description = {"Starts a Kafka broker (KRaft) and a Flink cluster with its web UI in this process, produces"
                + " the training images to Kafka, runs the training job for --epochs or --steps, produces the"
                + " held-out images and classifies them with the inference job and the final model, prints the"
                + " accuracy, and writes the model, the predictions and report.html into --out.",
                "The held-out images are CIFAR-10's test_batch.bin, or data_batch_5.bin when there is no test batch"
                        + " (it is then never trained on). Everything it starts is stopped at the end or on Ctrl-C."})
public final class QuickstartCommand extends LauncherCommand {

    /** Which images to run on. */
    enum Dataset { CIFAR10, SYNTHETIC }

    @Option(names = "--dataset", defaultValue = "CIFAR10", paramLabel = "cifar10|synthetic",
            description = "cifar10 (from --data, the cache, or downloaded) or synthetic: generated, learnable images,"
                    + " no download (default: cifar10).")
    Dataset dataset;

    @Option(names = "--data", paramLabel = "PATH",
            description = "A cifar-10-batches-bin folder or cifar-10-binary.tar.gz. Without it, CIFAR-10 is looked"
                    + " for in --cache and otherwise downloaded there (162 MiB, SHA-256 checked).")
    Path data;

    @Option(names = "--cache", paramLabel = "DIR", description = "Where CIFAR-10 is looked for and downloaded to"
            + " (default: $XDG_CACHE_HOME/flink-alexnet or ~/.cache/flink-alexnet).")
    Path cache;

    @Option(names = "--cifar-url", paramLabel = "URL",
            description = "Where to download CIFAR-10 from: the official archive (default) or a mirror of the same"
                    + " file, which must have its SHA-256.")
    URI cifarUrl = Cifar10Download.ARCHIVE_URL;

    @Mixin
    ModelOptions model;

    @ArgGroup(exclusive = true)
    Length length = new Length();

    /** How long to train: epochs or steps. */
    static final class Length {
        @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training images (default: 1).")
        int epochs = 1;

        @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps to train for instead of epochs.")
        long steps;
    }

    @Option(names = "--batch", defaultValue = "128", paramLabel = "N",
            description = "Images per optimizer step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--train-images", defaultValue = "0", paramLabel = "N",
            description = "Use only the first N training images (default: all; synthetic: 8000).")
    long trainImages;

    @Option(names = "--held-out-images", defaultValue = "0", paramLabel = "N",
            description = "Classify only the first N held-out images (default: all; synthetic: 2000).")
    long heldOutImages;

    @Option(names = "--validation-fraction", defaultValue = "0.05", paramLabel = "F",
            description = "Share of the training images held out to score each exported version (default:"
                    + " ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--exports", defaultValue = "8", paramLabel = "N",
            description = "About how many model versions to export over the run (default: ${DEFAULT-VALUE}).")
    int exports;

    @Option(names = "--checkpoint-interval", defaultValue = "15s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Checkpoint interval of the jobs; exports happen at checkpoints (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Mixin
    LocalClusterOptions cluster;

    @Option(names = "--out", defaultValue = "out/quickstart", paramLabel = "DIR",
            description = "Where the model, the predictions and the report go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        QuickstartSettings settings = new QuickstartSettings(data(), model.variant(), model.engineName(),
                length.epochs, length.steps, batch, validationFraction, exports, checkpointInterval,
                cluster.parallelism(), cluster.webUiPort, out);
        new Quickstart(settings, out(), err()).run();
        return 0;
    }

    private QuickstartData data() {
        if (dataset == Dataset.SYNTHETIC) {
            return QuickstartData.synthetic(trainImages > 0 ? trainImages : 8000,
                    heldOutImages > 0 ? heldOutImages : 2000);
        }
        Path path = data != null ? data
                : Cifar10Download.locate(cache != null ? cache : Cifar10Download.defaultCacheFolder(), cifarUrl, err());
        return QuickstartData.cifar(ImageSource.open(path), trainImages, heldOutImages);
    }
}
