package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.launcher.DurationConverter;
import io.flinkalexnet.launcher.LauncherCommand;
import io.flinkalexnet.launcher.data.ImageSource;
import io.flinkalexnet.launcher.kafka.PredictionStats;
import io.flinkalexnet.launcher.kafka.PredictionTail;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code predictions}: tails a predictions topic, with running accuracy and latency when labels are known. */
@Command(name = "predictions", sortOptions = false,
        header = "Tails a predictions topic, with accuracy and latency when labels are known.",
        description = {"Tails a predictions topic (read_committed: only predictions of completed checkpoints) and"
                + " prints each prediction. With --labels (the images that were produced) it also reports the"
                + " running accuracy and processing-latency percentiles.",
                "Runs until Ctrl-C, --limit or --idle-timeout, then prints a summary."})
public final class PredictionsCommand extends LauncherCommand {

    @Mixin
    KafkaOptions kafka;

    /** The Kafka client properties ({@link KafkaOptions}). */
    @Unmatched
    List<String> kafkaProperties = new ArrayList<>();

    @Option(names = "--topic", defaultValue = InferenceJobOptions.DEFAULT_PREDICTIONS_TOPIC, paramLabel = "TOPIC",
            description = "Predictions topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--labels", paramLabel = "PATH",
            description = "The labelled images the predictions are for, as given to produce --data: true labels are"
                    + " looked up by image id.")
    Path labels;

    /** Where reading starts. */
    enum Start { EARLIEST, LATEST }

    @Option(names = "--from", defaultValue = "EARLIEST", paramLabel = "earliest|latest",
            description = "Start at the earliest prediction, or show only new ones (default: earliest).")
    Start from;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Stop after N predictions (default: no limit).")
    long limit;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop when no prediction arrived for this long, e.g. 30s (default: wait forever).")
    Duration idleTimeout;

    @Option(names = "--summary-every", defaultValue = "1000", paramLabel = "N",
            description = "Print the running summary every N predictions (default: ${DEFAULT-VALUE}).")
    long summaryEvery;

    @Option(names = "--quiet", description = "Print only the summaries, not every prediction.")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Integer> trueLabels = Map.of();
        List<String> classNames = CifarBinaryReader.STANDARD_CLASS_NAMES;
        if (labels != null) {
            ImageSource source = ImageSource.open(labels);
            classNames = source.classNames();
            trueLabels = labelsById(source);
            err().printf("%,d labels from %s%n", trueLabels.size(), source.description());
        }
        PredictionStats stats = new PredictionStats(classNames);
        PredictionTail tail = new PredictionTail(kafka.connection(kafkaProperties), topic);
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopOnSignal = new Thread(() -> {
            tail.stop();
            awaitQuietly(finished);
        }, "predictions-stop");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            Map<String, Integer> known = trueLabels;
            tail.run(from == Start.EARLIEST, limit, idleTimeout, new PredictionTail.Listener() {
                @Override
                public void prediction(Prediction prediction) {
                    Integer actual = known.get(prediction.getImageId());
                    stats.add(prediction, actual);
                    if (!quiet) {
                        out().println(line(prediction, actual, stats));
                    }
                    if (summaryEvery > 0 && stats.count() % summaryEvery == 0) {
                        out().println("-- " + stats.summaryLine());
                    }
                    out().flush();
                }

                @Override
                public void undecodable(ConsumerRecord<byte[], byte[]> record, String reason) {
                    err().printf("partition %d offset %d is not a Prediction: %s%n", record.partition(),
                            record.offset(), reason);
                }
            });
            out().println("summary: " + stats.summaryLine());
            if (stats.confusionMatrix().count() > 0) {
                out().print(stats.confusionMatrix().format());
            }
            out().flush();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it waited for this summary.
            }
        }
        return 0;
    }

    private static String line(Prediction prediction, Integer actual, PredictionStats stats) {
        String verdict = "";
        if (actual != null) {
            boolean correct = actual == prediction.getLabel();
            verdict = String.format(Locale.ROOT, "  %s (actual %s), running accuracy %.4f", correct ? "right" : "WRONG",
                    stats.confusionMatrix().classNames().get(actual), stats.confusionMatrix().accuracy());
        }
        return String.format(Locale.ROOT, "%s  %s (%.2f)  model v%d  %d ms%s", prediction.getImageId(),
                prediction.getClassName(), prediction.getConfidence(), prediction.getModelVersion(),
                prediction.getProcessingLatencyMillis(), verdict);
    }

    private static Map<String, Integer> labelsById(ImageSource source) {
        Map<String, Integer> labels = new HashMap<>();
        try (Stream<ImageRecord> records = source.records()) {
            records.filter(record -> record.getLabel() != null)
                    .forEach(record -> labels.put(record.getId(), record.getLabel()));
        }
        return labels;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
