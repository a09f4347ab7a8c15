package io.flinkalexnet.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.it.testutils.ImageRecords;
import io.flinkalexnet.it.testutils.KafkaBrokerExtension;
import io.flinkalexnet.it.testutils.StandaloneFlinkCluster;
import io.flinkalexnet.it.testutils.TestDirectories;
import io.flinkalexnet.jobs.TrainingJob;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shaded job jar submitted over REST, as users deploy it, to a standalone Flink cluster of a JobManager and a
 * TaskManager process whose {@code lib/} folder holds DJL; the jobs read and write the test's real KRaft broker.
 */
class StandaloneClusterITCase {

    private static final int BATCH = 16;
    private static final int IMAGES = 96;
    private static final int PARTITIONS = 2;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

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
    void trainingJobFromTheJobJarPublishesAModelWhoseArtifactLoads() throws Exception {
        ModelUpdate update = train("mxnet", 1, "MXNet");

        assertThat(update.getEngine()).isEqualTo("MXNet");
        assertThat(update.getTrainingStep()).isEqualTo(IMAGES / BATCH);
        ModelArtifact artifact = ModelArtifact.open(Path.of(URI.create(update.getArtifactUri())), update.getSha256());
        assertThat(artifact.metadata().modelVersion()).isEqualTo(update.getModelVersion());
        assertThat(artifact.metadata().trainingStep()).isEqualTo(IMAGES / BATCH);
    }

    /**
     * PyTorch's JNI library can be loaded by one classloader only and Flink gives each job its own: with DJL in the
     * job jar the second job in a TaskManager fails with "already loaded in another classloader"; with DJL in
     * {@code lib/} both jobs share the one engine.
     */
    @Test
    void secondSubmissionOfAPyTorchJobRunsInTheSameTaskManager() throws Exception {
        List<String> taskManagers = FLINK.taskManagerIds();

        ModelUpdate first = train("pytorch-first", 2, "PyTorch");
        ModelUpdate second = train("pytorch-second", 3, "PyTorch");

        assertThat(FLINK.taskManagerIds()).as("the same TaskManager process ran both jobs")
                .hasSize(1)
                .isEqualTo(taskManagers);
        for (ModelUpdate update : List.of(first, second)) {
            assertThat(update.getEngine()).isEqualTo("PyTorch");
            assertThat(update.getTrainingStep()).isEqualTo(IMAGES / BATCH);
            ModelArtifact.open(Path.of(URI.create(update.getArtifactUri())), update.getSha256());
        }
    }

    /** Runs one bounded pass of the training job over fresh images and returns the last ModelUpdate it published. */
    private static ModelUpdate train(String name, long seed, String engine) throws Exception {
        String train = KAFKA.uniqueTopic(name + "-train");
        String deadLetters = KAFKA.uniqueTopic(name + "-dlq");
        String models = KAFKA.uniqueTopic(name + "-models");
        KAFKA.createTopic(train, PARTITIONS);
        KAFKA.createTopic(deadLetters, 1);
        KAFKA.createTopic(models, 1);
        KAFKA.produce(train, ImageRecords.encode(ImageRecords.synthetic(seed, 0, IMAGES, null)));

        String job = FLINK.run(jarId, TrainingJob.class.getName(), List.of(
                "--kafka.bootstrap-servers", KAFKA.bootstrapServers(),
                "--topic.train", train,
                "--topic.dead-letter", deadLetters,
                "--topic.models", models,
                "--kafka.group-id", train,
                "--kafka.transactional-id-prefix", train,
                "--model-store.uri", TestDirectories.newDirectory(name + "-store").toUri().toString(),
                "--model.engine", engine,
                "--train.batch-size", String.valueOf(BATCH),
                "--checkpoint.interval", "1 s",
                "--bounded.end-offsets", "true"));
        FLINK.awaitFinished(job, JOB_TIMEOUT);

        RecordCodec<ModelUpdate> codec = RecordCodec.modelUpdate();
        List<ModelUpdate> updates = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.readCommitted(models, 1, READ_TIMEOUT)) {
            updates.add(codec.decode(record.value()));
        }
        assertThat(updates).as("model updates of job %s", job).isNotEmpty();
        return updates.get(updates.size() - 1);
    }
}
