package io.flinkalexnet.it.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.it.testutils.FailOnceAfterCheckpoint;
import io.flinkalexnet.it.testutils.FlinkMiniCluster;
import io.flinkalexnet.it.testutils.ImageRecords;
import io.flinkalexnet.it.testutils.InferenceTopics;
import io.flinkalexnet.it.testutils.KafkaBrokerExtension;
import io.flinkalexnet.it.testutils.TestDirectories;
import io.flinkalexnet.jobs.InferenceJob;
import io.flinkalexnet.jobs.InferenceJobConfig;
import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.jobs.ingest.DeadLetters;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.schemas.ClassProbability;
import io.flinkalexnet.schemas.DeadLetter;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordCodec;
import io.flinkalexnet.schemas.codec.RecordDecodingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The inference job against a real KRaft broker and a Flink MiniCluster, classifying with real cifar models. */
class InferenceJobITCase {

    private static final int PARTITIONS = 2;
    private static final int BATCH = 16;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final RecordCodec<Prediction> PREDICTIONS = RecordCodec.prediction();
    private static final List<Long> SERVING_VERSION_2 = java.util.Collections.nCopies(FlinkMiniCluster.SLOTS, 2L);

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkMiniCluster.extension(METRICS.addToConfiguration(new Configuration()));

    private static Path modelFolder;
    private static ModelArtifact version1;
    private static ModelArtifact version2;

    @BeforeAll
    static void trainModels() throws Exception {
        modelFolder = TestDirectories.newDirectory("inference-models");
        version1 = TestModels.train(1, 1, modelFolder.resolve("v1"));
        version2 = TestModels.train(2, 2, modelFolder.resolve("v2"));
    }

    @Test
    void classifiesEveryImageExactlyOnceAcrossATaskFailure() throws Exception {
        InferenceTopics topics = InferenceTopics.create(KAFKA, "failover", PARTITIONS);
        KAFKA.produce(topics.models(), List.of(TestModels.announcement(version1)));
        List<ImageRecord> images = ImageRecords.synthetic(11, 0, 600, null);
        KAFKA.produce(topics.images(), ImageRecords.encode(images));
        FailOnceAfterCheckpoint.reset();

        // A long batch timeout keeps partial batches in the checkpoints, so the restore must bring them back.
        Configuration options = options(topics);
        options.set(AlexnetOptions.BOUNDED_END_OFFSETS, true);
        options.set(InferenceJobOptions.BATCH_TIMEOUT, Duration.ofMillis(500));
        InferenceJobConfig config = InferenceJobConfig.from(options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                FailOnceAfterCheckpoint.restartOnce());
        InferenceJob.configure(env, config);
        SingleOutputStreamOperator<DecodedImage> decoded = InferenceJob.readImages(env, config);
        InferenceJob.writeOutputs(
                InferenceJob.classify(decoded.map(new FailOnceAfterCheckpoint<DecodedImage>(40, 10),
                                TypeInformation.of(DecodedImage.class)).name("inject-failure"),
                        InferenceJob.readModels(env, config), config),
                decoded.getSideOutput(DeadLetters.TAG), config);
        FlinkMiniCluster.executeAndWait(env, "inference with a failure", JOB_TIMEOUT);

        assertThat(FailOnceAfterCheckpoint.failed()).as("the injected failure happened").isTrue();
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.readCommitted(topics.predictions(), images.size(),
                READ_TIMEOUT);
        List<Prediction> predictions = decode(records);
        assertThat(predictions).extracting(Prediction::getImageId)
                .as("one prediction per image: none lost, none duplicated")
                .containsExactlyInAnyOrderElementsOf(ids(images));
        assertThat(records).extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .as("each prediction keyed by its image id")
                .containsExactlyElementsOf(predictions.stream().map(Prediction::getImageId).toList());
        assertThat(predictions).allSatisfy(prediction -> {
            assertThat(prediction.getModelVersion()).isEqualTo(1L);
            assertThat(prediction.getClassName())
                    .isEqualTo(CifarBinaryReader.STANDARD_CLASS_NAMES.get(prediction.getLabel()));
            assertThat(prediction.getTopK()).hasSize(3);
            assertThat(prediction.getTopK().get(0).getLabel()).isEqualTo(prediction.getLabel());
            assertThat(prediction.getTopK()).extracting(ClassProbability::getProbability)
                    .isSortedAccordingTo((a, b) -> Float.compare(b, a));
            assertThat(prediction.getConfidence()).isEqualTo(prediction.getTopK().get(0).getProbability());
        });
    }

    @Test
    void switchesToANewVersionWithoutRestartAndMissesNoImageAroundTheSwitch() throws Exception {
        InferenceTopics topics = InferenceTopics.create(KAFKA, "swap", PARTITIONS);
        KAFKA.produce(topics.models(), List.of(TestModels.announcement(version1)));
        JobClient job = start(topics);
        try {
            List<ImageRecord> before = ImageRecords.synthetic(21, 0, 64, null);
            KAFKA.produce(topics.images(), ImageRecords.encode(before));
            assertThat(decode(KAFKA.readCommitted(topics.predictions(), before.size(), READ_TIMEOUT)))
                    .extracting(Prediction::getModelVersion).containsOnly(1L).hasSize(before.size());

            List<ImageRecord> around = ImageRecords.synthetic(21, 64, 64, null);
            KAFKA.produce(topics.models(), List.of(TestModels.announcement(version2)));
            KAFKA.produce(topics.images(), ImageRecords.encode(around));
            await(() -> gauges(job.getJobID(), "servingModelVersion").equals(SERVING_VERSION_2),
                    "every classifier subtask to serve version 2");
            List<ImageRecord> after = ImageRecords.synthetic(21, 128, 64, null);
            KAFKA.produce(topics.images(), ImageRecords.encode(after));

            Map<String, Long> versions = new HashMap<>();
            decode(KAFKA.readCommitted(topics.predictions(), 192, READ_TIMEOUT))
                    .forEach(p -> assertThat(versions.put(p.getImageId(), p.getModelVersion()))
                            .as("a second prediction for %s", p.getImageId()).isNull());
            assertThat(versions).as("every image classified once")
                    .containsOnlyKeys(concat(ids(before), ids(around), ids(after)));
            assertThat(ids(around)).allSatisfy(id -> assertThat(versions.get(id)).isIn(1L, 2L));
            assertThat(ids(after)).allSatisfy(id -> assertThat(versions.get(id)).isEqualTo(2L));
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).as("the job never restarted")
                    .isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void rejectsATamperedArtifactAndKeepsServingTheCurrentVersion() throws Exception {
        InferenceTopics topics = InferenceTopics.create(KAFKA, "tampered", PARTITIONS);
        KAFKA.produce(topics.models(), List.of(TestModels.announcement(version1)));
        Path tampered = TestDirectories.newDirectory("tampered").resolve(ModelArtifact.FILE_NAME);
        Files.copy(version2.file(), tampered);
        byte[] bytes = Files.readAllBytes(tampered);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(tampered, bytes);
        JobClient job = start(topics);
        try {
            List<ImageRecord> before = ImageRecords.synthetic(31, 0, 32, null);
            KAFKA.produce(topics.images(), ImageRecords.encode(before));
            assertThat(KAFKA.readCommitted(topics.predictions(), before.size(), READ_TIMEOUT)).hasSize(before.size());

            KAFKA.produce(topics.models(), List.of(
                    TestModels.announcement(version2.metadata(), tampered, version2.sha256())));
            await(() -> sum(counters(job.getJobID(), "rejectedModels")) == FlinkMiniCluster.SLOTS,
                    "every classifier subtask to count the rejected model");
            List<ImageRecord> after = ImageRecords.synthetic(31, 32, 32, null);
            KAFKA.produce(topics.images(), ImageRecords.encode(after));

            List<Prediction> predictions = decode(KAFKA.readCommitted(topics.predictions(), 64, READ_TIMEOUT));
            assertThat(predictions).extracting(Prediction::getImageId)
                    .containsExactlyInAnyOrderElementsOf(concat(ids(before), ids(after)));
            assertThat(predictions).extracting(Prediction::getModelVersion).as("version 1 keeps serving")
                    .containsOnly(1L);
            assertThat(gauges(job.getJobID(), "servingModelVersion")).containsOnly(1L);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void deadLettersBadRecordsWithTheirReasonsAndClassifiesTheGoodOnesAroundThem() throws Exception {
        InferenceTopics topics = InferenceTopics.create(KAFKA, "bad", PARTITIONS);
        KAFKA.produce(topics.models(), List.of(TestModels.announcement(version1)));
        List<ImageRecord> good = new ArrayList<>(ImageRecords.synthetic(41, 0, 40, null));
        ImageRecords.synthetic(41, 40, 8, null).forEach(image -> good.add(ImageRecords.copy(image, r -> r.setLabel(null))));
        List<byte[]> values = new ArrayList<>(ImageRecords.encode(good));
        Map<String, byte[]> bad = ImageRecords.badRecords(42);
        values.addAll(24, bad.values());
        KAFKA.produce(topics.images(), values);

        Configuration options = options(topics);
        options.set(AlexnetOptions.BOUNDED_END_OFFSETS, true);
        options.set(AlexnetOptions.MAX_RECORD_BYTES, 20000);
        run(topics, options);

        RecordCodec<DeadLetter> codec = RecordCodec.deadLetter();
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.readCommitted(topics.deadLetters(), bad.size(), READ_TIMEOUT)) {
            letters.add(codec.decode(record.value()));
        }
        assertThat(letters).extracting(DeadLetter::getReason).containsExactlyInAnyOrderElementsOf(bad.keySet());
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(topics.images());
            assertThat(letter.getJob()).isEqualTo("inference");
            assertThat(letter.getMessage()).isNotBlank().doesNotContain("\n");
            assertThat(letter.getPayload()).isEqualTo(ByteBuffer.wrap(bad.get(letter.getReason())));
        });
        assertThat(decode(KAFKA.readCommitted(topics.predictions(), good.size(), READ_TIMEOUT)))
                .extracting(Prediction::getImageId)
                .as("every good image classified, with or without a label")
                .containsExactlyInAnyOrderElementsOf(ids(good));
    }

    @Test
    void holdsImagesSentBeforeTheFirstModelAndClassifiesThemOnceItArrives() throws Exception {
        InferenceTopics topics = InferenceTopics.create(KAFKA, "early", PARTITIONS);
        JobClient job = start(topics);
        try {
            List<ImageRecord> images = ImageRecords.synthetic(51, 0, 40, null);
            KAFKA.produce(topics.images(), ImageRecords.encode(images));
            await(() -> sum(gauges(job.getJobID(), "imagesWithoutModel")) == images.size(),
                    "the classifiers to hold every image");
            assertThat(KAFKA.readCommitted(topics.predictions(), 0, Duration.ofSeconds(2))).as("no model, no prediction")
                    .isEmpty();

            KAFKA.produce(topics.models(), List.of(TestModels.announcement(version1)));

            List<Prediction> predictions = decode(KAFKA.readCommitted(topics.predictions(), images.size(), READ_TIMEOUT));
            assertThat(predictions).extracting(Prediction::getImageId)
                    .containsExactlyInAnyOrderElementsOf(ids(images));
            assertThat(predictions).extracting(Prediction::getModelVersion).containsOnly(1L);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** The tests' options for these topics; a test sets its own on top. */
    private static Configuration options(InferenceTopics topics) {
        Configuration options = topics.jobOptions(KAFKA);
        options.set(InferenceJobOptions.BATCH_SIZE, BATCH);
        options.set(InferenceJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        return options;
    }

    private static StreamExecutionEnvironment environment(Configuration options) {
        InferenceJobConfig config = InferenceJobConfig.from(options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        InferenceJob.configure(env, config);
        InferenceJob.build(env, config);
        return env;
    }

    /** Runs a bounded job to its end. */
    private static void run(InferenceTopics topics, Configuration options) throws Exception {
        FlinkMiniCluster.executeAndWait(environment(options), "inference " + topics.images(), JOB_TIMEOUT);
    }

    /** Starts an unbounded job; the caller cancels it. */
    private static JobClient start(InferenceTopics topics) throws Exception {
        return environment(options(topics)).executeAsync("inference " + topics.images());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", READ_TIMEOUT, what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    /** The values of the named counter of every classifier subtask. */
    private static List<Long> counters(JobID job, String name) {
        return metrics(job, name).stream().map(metric -> ((Counter) metric).getCount()).toList();
    }

    /** The values of the named numeric gauge of every classifier subtask. */
    private static List<Long> gauges(JobID job, String name) {
        return metrics(job, name).stream().map(metric -> ((Number) ((Gauge<?>) metric).getValue()).longValue())
                .toList();
    }

    private static List<Metric> metrics(JobID job, String name) {
        // A subtask's group exists before its open() has registered the operator's own metrics.
        return METRICS.findOperatorMetricGroups(job, "classify").stream()
                .map(group -> METRICS.getMetricsByGroup(group).get(name))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    private static List<Prediction> decode(List<ConsumerRecord<byte[], byte[]>> records) throws RecordDecodingException {
        List<Prediction> predictions = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            predictions.add(PREDICTIONS.decode(record.value()));
        }
        return predictions;
    }

    private static List<String> ids(List<ImageRecord> images) {
        return images.stream().map(ImageRecord::getId).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
