package io.flinkalexnet.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.it.testutils.ImageRecords;
import io.flinkalexnet.it.testutils.InferenceTopics;
import io.flinkalexnet.it.testutils.KafkaBrokerExtension;
import io.flinkalexnet.it.testutils.StandaloneFlinkCluster;
import io.flinkalexnet.it.testutils.TestDirectories;
import io.flinkalexnet.jobs.InferenceJob;
import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.jobs.TrainingJob;
import io.flinkalexnet.jobs.TrainingJobOptions;
import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.jobs.config.JobConfiguration;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordCodec;
import io.flinkalexnet.schemas.codec.RecordDecodingException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shaded job jar submitted over REST, as users deploy it, to a standalone Flink cluster of a JobManager and a
 * TaskManager process whose {@code lib/} folder holds DJL; the jobs read and write the test's real KRaft broker.
 */
class StandaloneClusterITCase {

    private static final String TRAINING_JOB = TrainingJob.class.getName();
    private static final String INFERENCE_JOB = InferenceJob.class.getName();
    private static final int BATCH = 16;
    /** Training images per wave: a whole number of batches, so each wave ends in an export. */
    private static final int WAVE = 96;
    private static final int PARTITIONS = 2;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final StandaloneFlinkCluster FLINK = StandaloneFlinkCluster.withJobLibraries();

    private static String jarId;

    @BeforeAll
    static void uploadJobJar() throws Exception {
        jarId = FLINK.uploadJar(StandaloneFlinkCluster.jobJar());
    }

    @Test
    void inferenceJobServesEachModelTheTrainingJobExportsAndSwapsToTheNextWithoutRestarting() throws Exception {
        Topics topics = Topics.create("serve");
        String inference = FLINK.run(jarId, INFERENCE_JOB, JobConfiguration.toArgs(topics.inferenceOptions()));
        Configuration exportEachWave = topics.trainingOptions(Engines.MXNET);
        exportEachWave.set(TrainingJobOptions.EXPORT_EVERY_STEPS, WAVE / BATCH);
        String training = FLINK.run(jarId, TRAINING_JOB, JobConfiguration.toArgs(exportEachWave));
        try {
            KAFKA.produce(topics.train, ImageRecords.encode(ImageRecords.synthetic(1, 0, WAVE, null)));
            assertThat(KAFKA.readCommitted(topics.models, 1, READ_TIMEOUT)).as("the first export").hasSize(1);
            List<ImageRecord> first = ImageRecords.synthetic(7, 0, 32, null);
            KAFKA.produce(topics.images, ImageRecords.encode(first));
            assertThat(predictions(topics, first.size())).extracting(Prediction::getModelVersion)
                    .as("the first export classifies the first images").hasSize(first.size()).containsOnly(1L);

            KAFKA.produce(topics.train, ImageRecords.encode(ImageRecords.synthetic(2, 0, WAVE, null)));
            List<ConsumerRecord<byte[], byte[]>> models = KAFKA.readCommitted(topics.models, 2, READ_TIMEOUT);
            assertThat(models).as("the second export").hasSize(2);
            awaitModelsRead(topics, models.get(1));
            List<ImageRecord> second = ImageRecords.synthetic(7, 32, 32, null);
            KAFKA.produce(topics.images, ImageRecords.encode(second));

            List<Prediction> predictions = predictions(topics, first.size() + second.size());
            assertThat(predictions).extracting(Prediction::getImageId).as("each image classified once")
                    .containsExactlyInAnyOrderElementsOf(ids(first, second));
            assertThat(predictions).filteredOn(prediction -> ids(second).contains(prediction.getImageId()))
                    .extracting(Prediction::getModelVersion).as("the second export classifies what comes after it")
                    .containsOnly(2L);
            ModelUpdate update = RecordCodec.modelUpdate().decode(models.get(1).value());
            ModelArtifact artifact = ModelArtifact.open(Path.of(URI.create(update.getArtifactUri())),
                    update.getSha256());
            assertThat(artifact.metadata().trainingStep()).isEqualTo(2L * WAVE / BATCH);
            assertThat(FLINK.state(inference)).as("the inference job never restarted").isEqualTo("RUNNING");
        } finally {
            FLINK.cancel(training);
            FLINK.cancel(inference);
        }
    }

    /**
     * PyTorch's JNI library can be loaded by one classloader only and Flink gives each job its own: with DJL in the
     * job jar the second job in a TaskManager fails with "already loaded in another classloader"; with DJL in
     * {@code lib/} both jobs share the one engine.
     */
    @Test
    void secondSubmissionOfAPyTorchJobRunsInTheSameTaskManager() throws Exception {
        List<String> taskManagers = FLINK.taskManagerIds();

        ModelUpdate first = trainOnce("pytorch-first", 2);
        ModelUpdate second = trainOnce("pytorch-second", 3);

        assertThat(FLINK.taskManagerIds()).as("the same TaskManager process ran both jobs")
                .hasSize(1)
                .isEqualTo(taskManagers);
        for (ModelUpdate update : List.of(first, second)) {
            assertThat(update.getEngine()).isEqualTo("PyTorch");
            assertThat(update.getTrainingStep()).isEqualTo(WAVE / BATCH);
            ModelArtifact.open(Path.of(URI.create(update.getArtifactUri())), update.getSha256());
        }
    }

    /** Runs one bounded PyTorch pass of the training job over fresh images; returns the ModelUpdate it published. */
    private static ModelUpdate trainOnce(String name, long seed) throws Exception {
        Topics topics = Topics.create(name);
        KAFKA.produce(topics.train, ImageRecords.encode(ImageRecords.synthetic(seed, 0, WAVE, null)));

        Configuration onePass = topics.trainingOptions(Engines.PYTORCH);
        onePass.set(AlexnetOptions.BOUNDED_END_OFFSETS, true);
        FLINK.awaitFinished(FLINK.run(jarId, TRAINING_JOB, JobConfiguration.toArgs(onePass)), JOB_TIMEOUT);

        List<ConsumerRecord<byte[], byte[]>> models = KAFKA.readCommitted(topics.models, 1, READ_TIMEOUT);
        assertThat(models).as("model updates on %s", topics.models).hasSize(1);
        return RecordCodec.modelUpdate().decode(models.get(0).value());
    }

    /**
     * Waits until the inference job has committed its models source past {@code update}: a checkpoint that every
     * classifier subtask took after receiving it, so the images produced from then on are classified with it.
     */
    private static void awaitModelsRead(Topics topics, ConsumerRecord<byte[], byte[]> update) throws Exception {
        TopicPartition partition = new TopicPartition(update.topic(), update.partition());
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            while (System.nanoTime() < deadline) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(topics.images + "-models")
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).get(partition);
                if (committed != null && committed.offset() > update.offset()) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new TimeoutException("The inference job did not commit the model update at offset " + update.offset()
                + " within " + READ_TIMEOUT + "; see the TaskManager log in " + FLINK.home().resolve("log") + ".");
    }

    private static List<Prediction> predictions(Topics topics, int expected) throws RecordDecodingException {
        RecordCodec<Prediction> codec = RecordCodec.prediction();
        List<Prediction> predictions = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.readCommitted(topics.predictions, expected, READ_TIMEOUT)) {
            predictions.add(codec.decode(record.value()));
        }
        return predictions;
    }

    @SafeVarargs
    private static List<String> ids(List<ImageRecord>... images) {
        List<String> ids = new ArrayList<>();
        for (List<ImageRecord> part : images) {
            part.forEach(image -> ids.add(image.getId()));
        }
        return ids;
    }

    /** Fresh topics and model store for one test, and the options that point both jobs at them. */
    private record Topics(String train, String deadLetters, String models, String images, String predictions,
                          Path store) {

        static Topics create(String name) throws Exception {
            Topics topics = new Topics(KAFKA.uniqueTopic(name + "-train"), KAFKA.uniqueTopic(name + "-dlq"),
                    KAFKA.uniqueTopic(name + "-models"), KAFKA.uniqueTopic(name + "-images"),
                    KAFKA.uniqueTopic(name + "-predictions"), TestDirectories.newDirectory(name + "-store"));
            KAFKA.createTopic(topics.train, PARTITIONS);
            KAFKA.createTopic(topics.deadLetters, 1);
            KAFKA.createTopic(topics.models, 1);
            KAFKA.createTopic(topics.images, PARTITIONS);
            KAFKA.createTopic(topics.predictions, PARTITIONS);
            return topics;
        }

        Configuration trainingOptions(String engine) {
            Configuration options = new Configuration();
            options.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
            options.set(TrainingJobOptions.TRAINING_TOPIC, train);
            options.set(AlexnetOptions.DEAD_LETTER_TOPIC, deadLetters);
            options.set(AlexnetOptions.MODELS_TOPIC, models);
            options.set(TrainingJobOptions.GROUP_ID, train);
            options.set(TrainingJobOptions.TRANSACTIONAL_ID_PREFIX, train);
            options.set(TrainingJobOptions.MODEL_STORE, store.toUri().toString());
            options.set(AlexnetOptions.ENGINE, engine);
            options.set(TrainingJobOptions.BATCH_SIZE, BATCH);
            options.set(TrainingJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
            return options;
        }

        Configuration inferenceOptions() {
            Configuration options = new InferenceTopics(images, predictions, deadLetters, models).jobOptions(KAFKA);
            options.set(InferenceJobOptions.BATCH_SIZE, BATCH);
            options.set(InferenceJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
            return options;
        }
    }
}
