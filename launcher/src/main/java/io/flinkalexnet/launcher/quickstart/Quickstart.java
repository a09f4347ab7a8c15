package io.flinkalexnet.launcher.quickstart;

import io.flinkalexnet.jobs.InferenceJob;
import io.flinkalexnet.jobs.InferenceJobConfig;
import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.jobs.TrainingJob;
import io.flinkalexnet.jobs.TrainingJobConfig;
import io.flinkalexnet.jobs.TrainingJobOptions;
import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.launcher.LauncherException;
import io.flinkalexnet.launcher.ProgressBar;
import io.flinkalexnet.launcher.kafka.CommittedRecords;
import io.flinkalexnet.launcher.kafka.ImageProducer;
import io.flinkalexnet.launcher.kafka.KafkaConnection;
import io.flinkalexnet.launcher.kafka.PredictionStats;
import io.flinkalexnet.launcher.report.QuickstartReport;
import io.flinkalexnet.launcher.report.TrainingHistory;
import io.flinkalexnet.launcher.stack.LocalFlinkCluster;
import io.flinkalexnet.launcher.stack.LocalJobs;
import io.flinkalexnet.launcher.stack.LocalKafkaBroker;
import io.flinkalexnet.launcher.stack.LocalStack;
import io.flinkalexnet.model.eval.ConfusionMatrix;
import io.flinkalexnet.model.infer.ChecksumFile;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;

/**
 * The one-command local run: a Kafka broker and a Flink cluster in this JVM, the training images produced to Kafka,
 * the training job bounded to the requested epochs or steps, the held-out images produced and classified by the
 * inference job with the final model, and the results written to the output folder (the model, the predictions and
 * a report). Everything it starts is stopped when it returns, fails, or the JVM is asked to stop.
 */
public final class Quickstart {

    /** The predictions summary's file name in the output folder. */
    public static final String PREDICTIONS_SUMMARY = "predictions-summary.txt";
    /** The file with one line per prediction in the output folder. */
    public static final String PREDICTIONS_CSV = "predictions.csv";
    /** The folder of the final model in the output folder. */
    public static final String MODEL_FOLDER = "model";

    private static final String TRAIN_TOPIC = TrainingJobOptions.DEFAULT_TRAINING_TOPIC;
    private static final String INFER_TOPIC = InferenceJobOptions.DEFAULT_INFERENCE_TOPIC;
    private static final String MODELS_TOPIC = AlexnetOptions.DEFAULT_MODELS_TOPIC;
    /** Stays empty: the inference job serves the final model only, not every version announced while training. */
    private static final String SERVING_MODELS_TOPIC = "models.final-only";
    private static final String TRAINING_LOG_TOPIC = "training.log";
    private static final String PREDICTIONS_TOPIC = InferenceJobOptions.DEFAULT_PREDICTIONS_TOPIC;
    private static final String DEAD_LETTER_TOPIC = AlexnetOptions.DEFAULT_DEAD_LETTER_TOPIC;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final QuickstartSettings settings;
    private final PrintWriter out;
    private final PrintWriter err;

    /** A run of {@code settings} reporting on {@code out} (steps, results) and {@code err} (progress bars). */
    public Quickstart(QuickstartSettings settings, PrintWriter out, PrintWriter err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    /** Runs everything and returns the final model's confusion matrix on the held-out images. */
    public ConfusionMatrix run() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(settings.out());
        out.println("flink-alexnet quickstart: " + settings.data().description());
        out.printf(Locale.ROOT, "  %s variant on %s, %s, batch %d; results in %s%n", settings.variant().id(),
                settings.engine(), settings.steps() > 0 ? settings.steps() + " steps" : settings.epochs() + " epoch(s)",
                settings.batchSize(), settings.out().toAbsolutePath());
        out.flush();
        ConfusionMatrix heldOut;
        try (LocalStack stack = LocalStack.create("quickstart", out)) {
            heldOut = run(stack, started);
        }
        out.printf(Locale.ROOT, "done in %s; everything it started is stopped%n", duration(seconds(started)));
        out.printf(Locale.ROOT, "accuracy: %.4f (n=%d)%n", heldOut.accuracy(), heldOut.count());
        out.flush();
        return heldOut;
    }

    private ConfusionMatrix run(LocalStack stack, long started) throws Exception {
        LocalKafkaBroker kafka = stack.startKafka();
        LocalFlinkCluster flink = stack.startFlink(new LocalFlinkCluster.Settings(settings.parallelism(),
                settings.webUiPorts(), true));
        KafkaConnection connection = new KafkaConnection(kafka.bootstrapServers(), Map.of(), READ_TIMEOUT);
        createTopics(kafka);
        TrainingResults training = train(stack, kafka, flink, connection);
        Path model = copyModel(training.finalVersion());
        HeldOutResults heldOutResults = classify(kafka, flink, connection, training.finalVersion(), model);

        out.println("[5/5] writing the results");
        Path summary = writePredictions(heldOutResults);
        QuickstartReport.write(settings.out(), new QuickstartReport.Content("flink-alexnet quickstart",
                facts(kafka, flink, training, heldOutResults, model, started), training.history(),
                heldOutResults.stats().confusionMatrix()));
        out.println("  model:        " + model);
        out.println("  predictions:  " + summary + ", " + settings.out().resolve(PREDICTIONS_CSV));
        out.println("  report:       " + settings.out().resolve(QuickstartReport.HTML));
        out.flush();
        return heldOutResults.stats().confusionMatrix();
    }

    /** What training produced: the images it was given, its history, the last exported version, how long it took. */
    private record TrainingResults(long images, TrainingHistory history, ModelUpdate finalVersion, double seconds) {}

    /** What classifying the held-out images produced, with their true labels by image id. */
    private record HeldOutResults(long images, List<Prediction> predictions, Map<String, Integer> labels,
            PredictionStats stats, double seconds) {}

    private TrainingResults train(LocalStack stack, LocalKafkaBroker kafka, LocalFlinkCluster flink,
            KafkaConnection connection) throws Exception {
        long images = produce("[1/5] producing the training images to " + TRAIN_TOPIC, connection, TRAIN_TOPIC,
                settings.data().training().apply(System.currentTimeMillis()), null);
        long expectedSteps = expectedSteps(images);
        out.printf(Locale.ROOT, "[2/5] training on Flink (job %s; follow it in the web UI)%n", TrainingJob.NAME);
        out.flush();
        long started = System.nanoTime();
        try (TrainingProgress progress = TrainingProgress.start(connection, TRAINING_LOG_TOPIC, expectedSteps, out)) {
            LocalJobs.train(flink, trainingConfig(kafka, stack.runDirectory().folder("models"), expectedSteps));
        }
        double seconds = seconds(started);
        TrainingHistory history = TrainingHistory.of(
                CommittedRecords.read(connection, TRAINING_LOG_TOPIC, RecordCodec.trainingStep()),
                CommittedRecords.read(connection, MODELS_TOPIC, RecordCodec.modelUpdate()));
        if (history.updates().isEmpty()) {
            throw new LauncherException("the training job ended without exporting a model: train for more steps"
                    + " (--steps) or epochs (--epochs)");
        }
        ModelUpdate finalVersion = history.updates().get(history.updates().size() - 1);
        out.printf(Locale.ROOT, "  trained %d steps (%,d images) in %s; %d model version(s) exported, the last with"
                        + " validation accuracy %s%n", history.stepCount(), history.imagesTrained(), duration(seconds),
                history.updates().size(), finalVersion.getValidationAccuracy() == null ? "n/a"
                        : String.format(Locale.ROOT, "%.4f", finalVersion.getValidationAccuracy()));
        return new TrainingResults(images, history, finalVersion, seconds);
    }

    private HeldOutResults classify(LocalKafkaBroker kafka, LocalFlinkCluster flink, KafkaConnection connection,
            ModelUpdate finalVersion, Path model) throws Exception {
        Map<String, Integer> labels = new HashMap<>();
        long images = produce("[3/5] producing the held-out images to " + INFER_TOPIC, connection, INFER_TOPIC,
                settings.data().heldOut().apply(System.currentTimeMillis()), labels);
        out.printf(Locale.ROOT, "[4/5] classifying the held-out images with model version %d (job %s)%n",
                finalVersion.getModelVersion(), InferenceJob.NAME);
        out.flush();
        long started = System.nanoTime();
        LocalJobs.infer(flink, inferenceConfig(kafka, model));
        double seconds = seconds(started);
        List<Prediction> predictions = CommittedRecords.read(connection, PREDICTIONS_TOPIC, RecordCodec.prediction());
        PredictionStats stats = new PredictionStats(settings.data().classNames());
        predictions.forEach(prediction -> stats.add(prediction, labels.get(prediction.getImageId())));
        out.printf(Locale.ROOT, "  %s in %s%n", stats.summaryLine(), duration(seconds));
        if (stats.count() != images) {
            throw new LauncherException("the inference job wrote " + stats.count() + " predictions for " + images
                    + " held-out images: the dead letters on " + DEAD_LETTER_TOPIC + " and the log say why");
        }
        return new HeldOutResults(images, predictions, labels, stats, seconds);
    }

    /** The run's facts for the report, in display order. */
    private Map<String, String> facts(LocalKafkaBroker kafka, LocalFlinkCluster flink, TrainingResults training,
            HeldOutResults heldOutResults, Path model, long started) {
        TrainingHistory history = training.history();
        ModelUpdate finalVersion = training.finalVersion();
        ConfusionMatrix heldOut = heldOutResults.stats().confusionMatrix();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("data", settings.data().description());
        facts.put("images", String.format(Locale.ROOT, "%,d for training (%.0f%% of them held out for validation),"
                + " %,d held out for the final accuracy", training.images(), 100 * settings.validationFraction(),
                heldOutResults.images()));
        facts.put("model", String.format(Locale.ROOT, "%s variant on %s, batch %d", settings.variant().id(),
                settings.engine(), settings.batchSize()));
        facts.put("training", String.format(Locale.ROOT, "%d steps, %d epoch(s), %,d images in %s; %.0f images/s"
                        + " sustained", history.stepCount(), history.epochs(), history.imagesTrained(),
                duration(training.seconds()), history.sustainedImagesPerSecond(Math.min(3, history.stepCount() / 2))));
        facts.put("final model", String.format(Locale.ROOT, "version %d of %d, step %d, sha256 %s (%s)",
                finalVersion.getModelVersion(), history.updates().size(), finalVersion.getTrainingStep(),
                finalVersion.getSha256(), settings.out().relativize(model)));
        facts.put("inference", String.format(Locale.ROOT, "%s in %s", heldOutResults.stats().summaryLine(),
                duration(heldOutResults.seconds())));
        facts.put("held-out accuracy", String.format(Locale.ROOT, "%.4f (n=%d)", heldOut.accuracy(), heldOut.count()));
        facts.put("run", String.format(Locale.ROOT, "%s in total; Kafka at %s, Flink web UI at %s (both stopped)",
                duration(seconds(started)), kafka.bootstrapServers(), flink.webUiAddress()));
        return facts;
    }

    private void createTopics(LocalKafkaBroker kafka) throws Exception {
        for (String topic : List.of(TRAIN_TOPIC, INFER_TOPIC, PREDICTIONS_TOPIC)) {
            kafka.createTopic(topic, settings.parallelism());
        }
        for (String topic : List.of(MODELS_TOPIC, SERVING_MODELS_TOPIC, TRAINING_LOG_TOPIC, DEAD_LETTER_TOPIC)) {
            kafka.createTopic(topic, 1);
        }
    }

    /**
     * Produces the records with a progress bar, noting each one's label in {@code labels} unless it is null; returns
     * how many were produced.
     */
    private long produce(String title, KafkaConnection connection, String topic, Stream<ImageRecord> records,
            Map<String, Integer> labels) {
        out.println(title);
        out.flush();
        ProgressBar progress = ProgressBar.forConsole(err, "images", -1);
        long produced;
        try (records) {
            Stream<ImageRecord> noted = labels == null ? records
                    : records.peek(record -> labels.put(record.getId(), record.getLabel()));
            produced = new ImageProducer(connection).produce(topic, noted, 0, 0, progress);
        }
        progress.finish();
        return produced;
    }

    /** About how many steps the job will take: the step limit, or the epochs over the non-validation images. */
    private long expectedSteps(long trainingImages) {
        if (settings.steps() > 0) {
            return settings.steps();
        }
        long trained = Math.round(trainingImages * (1 - settings.validationFraction()));
        return Math.max(1, settings.epochs() * ((trained + settings.batchSize() - 1) / settings.batchSize()));
    }

    /** The options both jobs of the run share: the broker, the dead-letter topic and the model. */
    private Configuration sharedOptions(LocalKafkaBroker kafka) {
        Configuration configuration = new Configuration();
        configuration.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        configuration.set(AlexnetOptions.DEAD_LETTER_TOPIC, DEAD_LETTER_TOPIC);
        configuration.set(AlexnetOptions.VARIANT, settings.variant().id());
        configuration.set(AlexnetOptions.ENGINE, settings.engine());
        return configuration;
    }

    private TrainingJobConfig trainingConfig(LocalKafkaBroker kafka, Path modelStore, long expectedSteps) {
        Configuration configuration = sharedOptions(kafka);
        configuration.set(TrainingJobOptions.TRAINING_TOPIC, TRAIN_TOPIC);
        configuration.set(AlexnetOptions.MODELS_TOPIC, MODELS_TOPIC);
        configuration.set(TrainingJobOptions.TRAINING_LOG_TOPIC, TRAINING_LOG_TOPIC);
        configuration.set(TrainingJobOptions.MODEL_STORE, modelStore.toUri().toString());
        configuration.set(TrainingJobOptions.BATCH_SIZE, settings.batchSize());
        configuration.set(TrainingJobOptions.VALIDATION_FRACTION, settings.validationFraction());
        configuration.set(TrainingJobOptions.EXPORT_EVERY_STEPS,
                Math.toIntExact(Math.max(1, expectedSteps / settings.exports())));
        configuration.set(TrainingJobOptions.CHECKPOINT_INTERVAL, settings.checkpointInterval());
        configuration.set(TrainingJobOptions.LOG_EVERY_STEPS, 10);
        if (settings.steps() > 0) {
            configuration.set(TrainingJobOptions.BOUNDED_STEPS, settings.steps());
        } else {
            configuration.set(TrainingJobOptions.BOUNDED_EPOCHS, settings.epochs());
        }
        return TrainingJobConfig.from(configuration);
    }

    private InferenceJobConfig inferenceConfig(LocalKafkaBroker kafka, Path model) {
        Configuration configuration = sharedOptions(kafka);
        configuration.set(InferenceJobOptions.INFERENCE_TOPIC, INFER_TOPIC);
        configuration.set(InferenceJobOptions.PREDICTIONS_TOPIC, PREDICTIONS_TOPIC);
        configuration.set(AlexnetOptions.MODELS_TOPIC, SERVING_MODELS_TOPIC);
        configuration.set(InferenceJobOptions.INITIAL_ARTIFACT,
                model.resolve(ModelArtifact.FILE_NAME).toUri().toString());
        configuration.set(InferenceJobOptions.CHECKPOINT_INTERVAL, settings.checkpointInterval());
        configuration.set(AlexnetOptions.BOUNDED_END_OFFSETS, true);
        return InferenceJobConfig.from(configuration);
    }

    /** Copies the exported artifact of {@code update} into the output folder, checked against its SHA-256. */
    private Path copyModel(ModelUpdate update) throws IOException {
        Path exported = Path.of(URI.create(update.getArtifactUri()));
        Path folder = Files.createDirectories(settings.out().resolve(MODEL_FOLDER));
        Files.copy(exported, folder.resolve(ModelArtifact.FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        Path checksum = ChecksumFile.beside(exported);
        Files.copy(checksum, folder.resolve(checksum.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        ModelArtifact.open(folder, update.getSha256());
        return folder;
    }

    /** Writes the summary (figures and confusion matrix) and one CSV line per prediction; returns the summary. */
    private Path writePredictions(HeldOutResults heldOutResults) throws IOException {
        PredictionStats stats = heldOutResults.stats();
        StringBuilder csv = new StringBuilder("image_id,actual,predicted,confidence,model_version,latency_ms\n");
        List<String> classes = settings.data().classNames();
        for (Prediction prediction : heldOutResults.predictions()) {
            Integer actual = heldOutResults.labels().get(prediction.getImageId());
            csv.append(prediction.getImageId()).append(',')
                    .append(actual == null ? "" : classes.get(actual)).append(',')
                    .append(classes.get(prediction.getLabel())).append(',')
                    .append(String.format(Locale.ROOT, "%.4f", prediction.getConfidence())).append(',')
                    .append(prediction.getModelVersion()).append(',')
                    .append(prediction.getProcessingLatencyMillis()).append('\n');
        }
        Files.writeString(settings.out().resolve(PREDICTIONS_CSV), csv, StandardCharsets.UTF_8);
        StringBuilder summary = new StringBuilder("Predictions of the inference job on the held-out images\n")
                .append(stats.summaryLine()).append('\n')
                .append("per model version: ").append(stats.perModelVersion()).append("\n\n")
                .append(stats.confusionMatrix().format());
        Path file = settings.out().resolve(PREDICTIONS_SUMMARY);
        Files.writeString(file, summary, StandardCharsets.UTF_8);
        return file;
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static String duration(double seconds) {
        long whole = Math.round(seconds);
        return whole < 60 ? whole + " s" : String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }
}
