package io.flinkalexnet.it.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.it.testutils.FailOnceAfterCheckpoint;
import io.flinkalexnet.it.testutils.FlinkMiniCluster;
import io.flinkalexnet.it.testutils.ImageRecords;
import io.flinkalexnet.it.testutils.KafkaBrokerExtension;
import io.flinkalexnet.it.testutils.TestDirectories;
import io.flinkalexnet.jobs.TrainingJob;
import io.flinkalexnet.jobs.TrainingJobConfig;
import io.flinkalexnet.jobs.TrainingJobOptions;
import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.schemas.DeadLetter;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.Split;
import io.flinkalexnet.schemas.TrainingStep;
import io.flinkalexnet.schemas.codec.RecordCodec;
import io.flinkalexnet.schemas.codec.RecordDecodingException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The training job against a real KRaft broker and a Flink MiniCluster, training the cifar variant for real. */
class TrainingJobITCase {

    private static final int BATCH = 16;
    private static final int PARTITIONS = 2;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    @Test
    void trainsOnGeneratedImagesAndPublishesAModelWhoseArtifactLoads() throws Exception {
        Topics topics = Topics.create("learn");
        KAFKA.produce(topics.train, ImageRecords.encode(ImageRecords.synthetic(1, 0, 320, null)));
        KAFKA.produce(topics.train, ImageRecords.encode(ImageRecords.synthetic(2, 0, 48, Split.VALIDATION)));

        Configuration options = options(topics);
        options.set(TrainingJobOptions.BOUNDED_EPOCHS, 3);
        options.set(TrainingJobOptions.EXPORT_EVERY_STEPS, 20);
        run(topics, options);

        List<TrainingStep> steps = trainingLog(topics, 60);
        assertThat(steps).hasSize(60);
        double firstLoss = steps.subList(0, 10).stream().mapToDouble(TrainingStep::getLoss).average().orElseThrow();
        double lastLoss = steps.subList(50, 60).stream().mapToDouble(TrainingStep::getLoss).average().orElseThrow();
        assertThat(lastLoss).as("mean loss of the last ten steps against the first ten").isLessThan(firstLoss * 0.8);

        List<ModelUpdate> updates = modelUpdates(topics, 1);
        ModelUpdate last = updates.get(updates.size() - 1);
        assertThat(last.getTrainingStep()).isEqualTo(60);
        assertThat(last.getValidationCount()).isEqualTo(48);
        assertThat(last.getValidationAccuracy()).isNotNull();
        ModelArtifact artifact = ModelArtifact.open(Path.of(URI.create(last.getArtifactUri())), last.getSha256());
        assertThat(artifact.sha256()).isEqualTo(last.getSha256());
        assertThat(artifact.metadata().modelVersion()).isEqualTo(last.getModelVersion());
        assertThat(artifact.metadata().trainingStep()).isEqualTo(60);
    }

    /** At parallelism 1 the trainer is chained to the source; above it, the images are keyed to it. */
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, FlinkMiniCluster.SLOTS})
    void resumesFromTheLastCheckpointAfterAFailureWithoutLosingOrRepeatingARecord(int parallelism) throws Exception {
        resumeAfterAFailure("failover-p" + parallelism, parallelism, 256, BATCH, 8, new Configuration());
    }

    /**
     * Opt-in ({@code -Dalexnet.it.seed=true}, about two minutes on 2 cores): the same with the seed variant, whose
     * training state (weights and both Adam moments) is about 560 MB; prints how long the restore took.
     */
    @Test
    @EnabledIfSystemProperty(named = "alexnet.it.seed", matches = "true")
    void resumesTheSeedVariantFromASeedSizeCheckpoint() throws Exception {
        Configuration seed = new Configuration();
        seed.set(AlexnetOptions.VARIANT, "seed");
        seed.set(TrainingJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(3));
        TrainingStep restored = resumeAfterAFailure("seed-failover", FlinkMiniCluster.SLOTS, 192, 8, 24, seed);
        System.out.printf("seed variant: from the injected failure to the first step after the restore: %d ms%n",
                restored.getCreatedAt().toEpochMilli() - FailOnceAfterCheckpoint.failedAtMillis());
    }

    /**
     * Trains two epochs of {@code count} images with a failure injected after the first completed checkpoint, checks
     * that every step ran once, numbered on from the checkpoint, and every image was trained once per epoch; returns
     * the first step after the restore.
     */
    private static TrainingStep resumeAfterAFailure(String name, int parallelism, int count, int batch,
            int exportEverySteps, Configuration extra) throws Exception {
        Topics topics = Topics.create(name);
        List<ImageRecord> images = ImageRecords.synthetic(3, 0, count, null);
        KAFKA.produce(topics.train, ImageRecords.encode(images));
        FailOnceAfterCheckpoint.reset();
        int steps = 2 * count / batch;

        Configuration options = options(topics);
        options.set(TrainingJobOptions.BOUNDED_EPOCHS, 2);
        options.set(TrainingJobOptions.BATCH_SIZE, batch);
        options.set(TrainingJobOptions.EXPORT_EVERY_STEPS, exportEverySteps);
        options.addAll(extra);
        TrainingJobConfig config = TrainingJobConfig.from(options);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FailOnceAfterCheckpoint.restartOnce());
        env.setParallelism(parallelism);
        TrainingJob.configure(env, config);
        TrainingJob.TrainingInput input = TrainingJob.readImages(env, config);
        TrainingJob.writeOutputs(
                TrainingJob.train(input.images().map(new FailOnceAfterCheckpoint<DecodedImage>(20, 10))
                        .name("inject-failure"), config),
                input.deadLetters(), config);
        FlinkMiniCluster.executeAndWait(env, "training with a failure", JOB_TIMEOUT);

        assertThat(FailOnceAfterCheckpoint.failed()).as("the injected failure happened").isTrue();
        List<TrainingStep> log = trainingLog(topics, steps);
        assertThat(log).extracting(TrainingStep::getStep)
                .as("each step exactly once, numbered on from the checkpoint")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, steps).boxed().toList());
        List<TrainingStep> restored = log.stream().filter(step -> step.getRestoredStateSha256() != null).toList();
        assertThat(restored).as("the first step after the restore names the verified state").hasSize(1);
        Map<Integer, Map<String, Long>> trainedPerEpoch = new HashMap<>();
        for (TrainingStep step : log) {
            for (int i = 0; i < step.getImageIds().size(); i++) {
                trainedPerEpoch.computeIfAbsent(step.getImageEpochs().get(i), e -> new HashMap<>())
                        .merge(step.getImageIds().get(i), 1L, Long::sum);
            }
        }
        List<String> ids = images.stream().map(ImageRecord::getId).toList();
        for (int epoch = 0; epoch < 2; epoch++) {
            assertThat(trainedPerEpoch.get(epoch)).as("epoch %d: every image trained exactly once", epoch)
                    .containsOnlyKeys(ids)
                    .allSatisfy((id, times) -> assertThat(times).isEqualTo(1L));
        }
        assertThat(modelUpdates(topics, 1)).last().extracting(ModelUpdate::getTrainingStep).isEqualTo((long) steps);
        return restored.get(0);
    }

    @Test
    void deadLettersEachKindOfBadRecordWithItsReasonWhileTrainingGoesOn() throws Exception {
        Topics topics = Topics.create("bad");
        List<byte[]> values = new ArrayList<>(ImageRecords.encode(ImageRecords.synthetic(4, 0, 64, null)));
        Map<String, byte[]> bad = ImageRecords.badRecords(5);
        bad.put("MISSING_LABEL", ImageRecords.encode(ImageRecords.copy(ImageRecords.synthetic(5, 0, 1, null).get(0),
                r -> r.setLabel(null))));
        values.addAll(32, bad.values());
        KAFKA.produce(topics.train, values);

        Configuration options = options(topics);
        options.set(AlexnetOptions.BOUNDED_END_OFFSETS, true);
        options.set(AlexnetOptions.MAX_RECORD_BYTES, 20000);
        run(topics, options);

        RecordCodec<DeadLetter> codec = RecordCodec.deadLetter();
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.readCommitted(topics.deadLetters, bad.size(), READ_TIMEOUT)) {
            letters.add(codec.decode(record.value()));
        }
        assertThat(letters).extracting(DeadLetter::getReason)
                .containsExactlyInAnyOrderElementsOf(bad.keySet());
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(topics.train);
            assertThat(letter.getMessage()).isNotBlank().doesNotContain("\n");
            assertThat(letter.getPayload()).isEqualTo(ByteBuffer.wrap(bad.get(letter.getReason())));
        });
        assertThat(modelUpdates(topics, 1)).last().extracting(ModelUpdate::getTrainingStep)
                .as("all 64 good images trained").isEqualTo(4L);
    }

    private record Topics(String train, String deadLetters, String models, String log, Path store) {
        static Topics create(String name) throws Exception {
            Topics topics = new Topics(KAFKA.uniqueTopic(name + "-train"), KAFKA.uniqueTopic(name + "-dlq"),
                    KAFKA.uniqueTopic(name + "-models"), KAFKA.uniqueTopic(name + "-log"),
                    TestDirectories.newDirectory(name + "-models"));
            KAFKA.createTopic(topics.train, PARTITIONS);
            KAFKA.createTopic(topics.deadLetters, 1);
            KAFKA.createTopic(topics.models, 1);
            KAFKA.createTopic(topics.log, 1);
            return topics;
        }
    }

    /** The tests' options for these topics; a test sets its own on top. */
    private static Configuration options(Topics topics) {
        Configuration options = new Configuration();
        options.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        options.set(TrainingJobOptions.TRAINING_TOPIC, topics.train);
        options.set(AlexnetOptions.DEAD_LETTER_TOPIC, topics.deadLetters);
        options.set(AlexnetOptions.MODELS_TOPIC, topics.models);
        options.set(TrainingJobOptions.TRAINING_LOG_TOPIC, topics.log);
        options.set(TrainingJobOptions.TRANSACTIONAL_ID_PREFIX, topics.train);
        options.set(TrainingJobOptions.GROUP_ID, topics.train);
        options.set(TrainingJobOptions.MODEL_STORE, topics.store.toUri().toString());
        options.set(TrainingJobOptions.BATCH_SIZE, BATCH);
        options.set(TrainingJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        options.set(TrainingJobOptions.LOG_EVERY_STEPS, 8);
        return options;
    }

    private static void run(Topics topics, Configuration options) throws Exception {
        TrainingJobConfig config = TrainingJobConfig.from(options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        TrainingJob.configure(env, config);
        TrainingJob.build(env, config);
        FlinkMiniCluster.executeAndWait(env, "training " + topics.train, JOB_TIMEOUT);
    }

    private static List<TrainingStep> trainingLog(Topics topics, int expected) throws RecordDecodingException {
        RecordCodec<TrainingStep> codec = RecordCodec.trainingStep();
        List<TrainingStep> steps = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.readCommitted(topics.log, expected, READ_TIMEOUT)) {
            steps.add(codec.decode(record.value()));
        }
        steps.sort(java.util.Comparator.comparingLong(TrainingStep::getStep));
        return steps;
    }

    private static List<ModelUpdate> modelUpdates(Topics topics, int atLeast) throws RecordDecodingException {
        RecordCodec<ModelUpdate> codec = RecordCodec.modelUpdate();
        List<ModelUpdate> updates = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.readCommitted(topics.models, atLeast, READ_TIMEOUT)) {
            updates.add(codec.decode(record.value()));
        }
        assertThat(updates).extracting(ModelUpdate::getModelVersion)
                .as("versions published once each, in order")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, updates.size()).boxed().toList());
        return updates;
    }
}
