package io.flinkalexnet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.jobs.config.JobConfiguration;
import io.flinkalexnet.launcher.kafka.CommittedRecords;
import io.flinkalexnet.launcher.kafka.KafkaConnection;
import io.flinkalexnet.launcher.stack.LocalKafkaBroker;
import io.flinkalexnet.model.data.LabelledImage;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.Split;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce}, the inference job ({@code infer}) and {@code predictions} through a real broker. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProducePredictionsITCase {

    private static final long SEED = 21;
    private static final int IMAGES = 200;

    @TempDir
    static Path folder;

    private static LocalKafkaBroker kafka;
    private static ModelArtifact model;
    private static Path batch;

    @BeforeAll
    static void startBrokerAndMakeData() throws Exception {
        kafka = LocalKafkaBroker.start(folder.resolve("kafka"));
        model = TestData.trainedModel(folder.resolve("model"), 30);
        batch = TestData.cifarBatch(folder.resolve("images.bin"), SEED, IMAGES);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @Test
    void produceWritesEveryImageOnceKeyedByItsIdWithItsPixelsAndSplit() throws Exception {
        LauncherRun run = LauncherRun.of("produce", "--kafka.bootstrap-servers", kafka.bootstrapServers(), "--topic", "produced",
                "--data", batch.toString(), "--split", "test", "--limit", "150");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lastLine()).startsWith("produced 150 images to topic 'produced'");
        List<ImageRecord> records = CommittedRecords.read(connection(), "produced", RecordCodec.imageRecord());
        List<LabelledImage> expected = new SyntheticImages(SEED).images(0, 150);
        assertThat(records).hasSize(150);
        for (ImageRecord record : records) {
            int index = Integer.parseInt(record.getId().substring(record.getId().lastIndexOf('/') + 1));
            assertThat(record.getId()).startsWith("cifar10/images/");
            assertThat(record.getLabel()).isEqualTo(expected.get(index).label());
            assertThat(record.getPixels()).isEqualTo(ByteBuffer.wrap(expected.get(index).planarPixels()));
            assertThat(record.getSplit()).isEqualTo(Split.TEST);
        }
    }

    @Test
    void predictionsOfTheInferenceJobOnProducedImagesGiveTheClassifiersAccuracy() throws Exception {
        long correct = TestData.correctPredictions(model, new SyntheticImages(SEED).images(0, IMAGES));
        kafka.createTopic("no-models", 1);
        assertThat(LauncherRun.of("produce", "--kafka.bootstrap-servers", kafka.bootstrapServers(), "--topic", "to-classify",
                "--data", batch.toString()).exitCode()).isZero();

        Configuration job = boundedInference("to-classify");
        job.set(InferenceJobOptions.PREDICTIONS_TOPIC, "classified");
        job.set(AlexnetOptions.MODELS_TOPIC, "no-models");
        job.set(AlexnetOptions.DEAD_LETTER_TOPIC, "rejected");
        job.set(InferenceJobOptions.INITIAL_ARTIFACT, model.file().toUri().toString());
        job.set(InferenceJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        LauncherRun infer = infer(job, "--parallelism", "2", "--web-ui-port", "0");
        LauncherRun predictions = LauncherRun.of("predictions", "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                "--topic", "classified", "--labels", batch.toString(), "--limit", String.valueOf(IMAGES),
                "--idle-timeout", "30s");

        assertThat(infer.exitCode()).as(infer.err()).isZero();
        assertThat(predictions.exitCode()).as(predictions.err()).isZero();
        assertThat(predictions.out()).contains(String.format(Locale.ROOT,
                "summary: %d predictions, accuracy %.4f (%d of %d labelled)", IMAGES, (double) correct / IMAGES,
                correct, IMAGES));
        assertThat(predictions.outLines()).filteredOn(line -> line.startsWith("cifar10/images/"))
                .hasSize(IMAGES)
                .allMatch(line -> line.contains("model v1"));
    }

    @Test
    void inferWithAMissingInputTopicFailsNamingItBeforeStartingFlink() {
        LauncherRun infer = infer(boundedInference("never-produced"));

        assertThat(infer.exitCode()).isEqualTo(1);
        assertThat(infer.errLines()).containsExactly("error: topic 'never-produced' does not exist on "
                + kafka.bootstrapServers() + ": check the topic's name, or create it");
        assertThat(infer.out()).doesNotContain("Flink web UI");
    }

    /** The inference job's options for classifying what {@code images} holds now, on the test's broker. */
    private static Configuration boundedInference(String images) {
        Configuration job = new Configuration();
        job.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        job.set(InferenceJobOptions.INFERENCE_TOPIC, images);
        job.set(AlexnetOptions.BOUNDED_END_OFFSETS, true);
        return job;
    }

    /** {@code infer} with the launcher's own options, then the job's as its arguments. */
    private static LauncherRun infer(Configuration job, String... launcherOptions) {
        List<String> args = new ArrayList<>(List.of("infer"));
        args.addAll(List.of(launcherOptions));
        args.addAll(JobConfiguration.toArgs(job));
        return LauncherRun.of(args.toArray(String[]::new));
    }

    private static KafkaConnection connection() {
        return new KafkaConnection(kafka.bootstrapServers(), Map.of(), Duration.ofSeconds(30));
    }
}
