package io.flinkalexnet.jobs.infer;

import static io.flinkalexnet.jobs.metrics.MetricValues.count;
import static io.flinkalexnet.jobs.metrics.MetricValues.gauge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.jobs.OperatorStateHarness;
import io.flinkalexnet.jobs.kafka.SourceRecord;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classifier's model versions with real (untrained) cifar models on MXNet, kept in the broadcast state of Flink's
 * operator harness.
 */
class ModelVersionsTest {

    private static final long NONE = -1;
    private static final RecordCodec<ModelUpdate> UPDATES = RecordCodec.modelUpdate();

    @TempDir
    static Path models;

    private static ModelArtifact version1;
    private static ModelArtifact version2;
    private static ModelArtifact version3;
    private static ModelArtifact fiveClasses;

    private OperatorStateHarness<String> subtask;
    private MetricListener listener;
    /** The version served when each swap began, NONE for none. */
    private final List<Long> servedBeforeEachSwap = new ArrayList<>();
    private final List<ModelVersions> opened = new ArrayList<>();

    @BeforeAll
    static void writeModels() throws Exception {
        version1 = TestArtifacts.untrained(1, CifarBinaryReader.STANDARD_CLASS_NAMES, models.resolve("v1"));
        version2 = TestArtifacts.untrained(2, CifarBinaryReader.STANDARD_CLASS_NAMES, models.resolve("v2"));
        version3 = TestArtifacts.untrained(3, CifarBinaryReader.STANDARD_CLASS_NAMES, models.resolve("v3"));
        fiveClasses = TestArtifacts.untrained(4, CifarBinaryReader.STANDARD_CLASS_NAMES.subList(0, 5),
                models.resolve("v4"));
    }

    @BeforeEach
    void openSubtask() throws Exception {
        subtask = restoredFrom(null);
    }

    @AfterEach
    void closeAll() throws Exception {
        opened.forEach(ModelVersions::close);
        subtask.close();
    }

    @Test
    void withoutStateItServesTheStartingArtifact() throws Exception {
        ModelVersions versions = versions();

        assertThat(versions.restore(uri(version1))).as("nothing announced").isFalse();
        assertThat(versions.serving().version()).isEqualTo(1);
        assertThat(versions.noneInSight()).isFalse();
        assertThat(versions.liveArrays()).isPositive();
        assertThat(gauge(listener, "servingModelVersion")).isEqualTo(1L);
        assertThat(count(listener, "modelSwaps")).isZero();
    }

    @Test
    void withoutStateOrStartingArtifactThereIsNoModelInSight() throws Exception {
        ModelVersions versions = versions();

        assertThat(versions.restore(null)).isFalse();
        assertThat(versions.serving()).isNull();
        assertThat(versions.noneInSight()).isTrue();
        assertThat(versions.liveArrays()).isZero();
        assertThat(gauge(listener, "servingModelVersion")).isEqualTo(NONE);
    }

    @Test
    void swapsToANewerVersionOnlyWhenToldToLoadItAndFreesTheOneItReplaces() throws Exception {
        ModelVersions versions = versions();
        versions.restore(uri(version1));
        ServingModel replaced = versions.serving();

        assertThat(versions.offer(record(version2))).isTrue();
        assertThat(versions.serving().version()).as("models change only between batches").isEqualTo(1);
        versions.loadAnnounced();

        assertThat(versions.serving().version()).isEqualTo(2);
        assertThat(servedBeforeEachSwap).as("the batch in flight is finished on the model it ran on")
                .containsExactly(NONE, 1L);
        assertThat(replaced.classifier().liveArrayCount()).isZero();
        assertThat(gauge(listener, "servingModelVersion")).isEqualTo(2L);
        assertThat(count(listener, "modelSwaps")).isEqualTo(1);
    }

    @Test
    void ignoresAnUpdateThatIsNotNewerThanTheServedAndTheAnnouncedVersion() throws Exception {
        ModelVersions versions = versions();
        versions.restore(uri(version2));

        assertThat(versions.offer(record(version1))).isFalse();
        assertThat(versions.offer(record(version2))).isFalse();
        assertThat(versions.offer(record(version3))).isTrue();
        assertThat(versions.offer(record(version3))).as("already announced").isFalse();
        assertThat(versions.offer(record(version2))).isFalse();
        versions.loadAnnounced();

        assertThat(versions.serving().version()).isEqualTo(3);
        assertThat(count(listener, "rejectedModels")).as("ignored, not rejected").isZero();
    }

    @Test
    void aBurstOfAnnouncementsLoadsOnlyTheLast() throws Exception {
        ModelVersions versions = versions();
        versions.restore(uri(version1));
        versions.offer(record(version2));
        versions.offer(record(version3));

        versions.loadAnnounced();
        versions.loadAnnounced();

        assertThat(versions.serving().version()).isEqualTo(3);
        assertThat(servedBeforeEachSwap).containsExactly(NONE, 1L);
        assertThat(count(listener, "modelSwaps")).isEqualTo(1);
    }

    @Test
    void rejectsARecordThatIsNotAModelUpdate() throws Exception {
        ModelVersions versions = versions();
        versions.restore(null);

        assertThat(versions.offer(new SourceRecord("models", 0, 7, 0, null,
                "not a ModelUpdate".getBytes(StandardCharsets.UTF_8), 0))).isFalse();
        assertThat(versions.noneInSight()).isTrue();
        assertThat(count(listener, "rejectedModels")).isEqualTo(1);
    }

    static Stream<Arguments> unservableUpdates() throws Exception {
        ModelUpdate otherChecksum = TestArtifacts.announcement(version2);
        otherChecksum.setSha256("0".repeat(64));
        ModelUpdate missing = TestArtifacts.announcement(version2);
        missing.setArtifactUri(models.resolve("missing/model.zip").toUri().toString());
        return Stream.of(Arguments.of("another class count", TestArtifacts.announcement(fiveClasses)),
                Arguments.of("another checksum", otherChecksum), Arguments.of("no artifact", missing));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unservableUpdates")
    void rejectsAModelItCannotServeAndKeepsServingTheCurrentOne(String why, ModelUpdate unservable)
            throws Exception {
        ModelVersions versions = versions();
        versions.restore(uri(version1));

        assertThat(versions.offer(record(unservable))).isTrue();
        versions.loadAnnounced();

        assertThat(versions.serving().version()).isEqualTo(1);
        assertThat(servedBeforeEachSwap).containsExactly(NONE);
        assertThat(count(listener, "rejectedModels")).isEqualTo(1);
        assertThat(count(listener, "modelSwaps")).isZero();
        assertThat(gauge(listener, "servingModelVersion")).isEqualTo(1L);
        assertThat(versions.offer(record(version3))).as("a newer one is still welcome").isTrue();
    }

    @Test
    void rejectingTheFirstAnnouncedModelLeavesNoModelInSight() throws Exception {
        ModelVersions versions = versions();
        versions.restore(null);
        versions.offer(record(fiveClasses));
        assertThat(versions.noneInSight()).as("announced").isFalse();

        versions.loadAnnounced();

        assertThat(versions.serving()).isNull();
        assertThat(versions.noneInSight()).isTrue();
        assertThat(count(listener, "rejectedModels")).isEqualTo(1);
    }

    @Test
    void aRestoredSubtaskServesTheCheckpointedVersionAndAnnouncesAgainTheOneNotYetLoaded() throws Exception {
        ModelVersions versions = versions();
        versions.restore(uri(version1));
        versions.offer(record(version2));
        OperatorSubtaskState checkpoint = checkpoint(versions);

        ModelVersions restored = restoredVersions(checkpoint);
        assertThat(restored.restore(uri(version3))).as("version 2 waits to be loaded").isTrue();
        assertThat(restored.serving().version()).as("the checkpoint's, not the starting artifact").isEqualTo(1);
        restored.loadAnnounced();
        assertThat(restored.serving().version()).isEqualTo(2);
    }

    @Test
    void aCheckpointAfterASwapRestoresTheNewVersionWithNothingAnnounced() throws Exception {
        ModelVersions versions = versions();
        versions.restore(uri(version1));
        versions.offer(record(version2));
        versions.loadAnnounced();
        OperatorSubtaskState checkpoint = checkpoint(versions);

        ModelVersions restored = restoredVersions(checkpoint);
        assertThat(restored.restore(null)).isFalse();
        assertThat(restored.serving().version()).isEqualTo(2);
        assertThat(restored.serving().update().getSha256()).isEqualTo(version2.sha256());
    }

    @Test
    void failsTheRestoreRatherThanServeAnotherModelWhenTheCheckpointedOneIsGone() throws Exception {
        Path copy = Files.createDirectories(models.resolve("copied")).resolve(ModelArtifact.FILE_NAME);
        Files.copy(version1.file(), copy);
        ModelVersions versions = versions();
        versions.restore(copy.toUri().toString());
        OperatorSubtaskState checkpoint = checkpoint(versions);
        Files.delete(copy);

        ModelVersions restored = restoredVersions(checkpoint);
        assertThatThrownBy(() -> restored.restore(uri(version2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot serve model version 1, which this job served when its checkpoint was"
                        + " taken")
                .hasMessageContaining("Put the artifact back in the model store");
    }

    @Test
    void closingFreesTheServedModel() throws Exception {
        ModelVersions versions = versions();
        versions.restore(uri(version1));
        ServingModel served = versions.serving();

        versions.close();

        assertThat(versions.serving()).isNull();
        assertThat(versions.liveArrays()).isZero();
        assertThat(served.classifier().liveArrayCount()).isZero();
    }

    private ModelVersions versions() throws Exception {
        listener = new MetricListener();
        ModelVersions[] versions = new ModelVersions[1];
        versions[0] = new ModelVersions(subtask.operatorBackend().getBroadcastState(ModelVersions.STATE),
                new ModelLoader(new ClassifierSettings(Variant.CIFAR, CifarBinaryReader.STANDARD_CLASS_NAMES.size(),
                        Engines.MXNET, "cpu", null, 4, 100, 3, 10, 0), "cpu", models.resolve("local")),
                new ClassifierMetrics(listener.getMetricGroup()), () -> servedBeforeEachSwap.add(
                        versions[0].serving() == null ? NONE : versions[0].serving().version()));
        opened.add(versions[0]);
        return versions[0];
    }

    /** Model versions on the broadcast state of a subtask restored from {@code checkpoint}. */
    private ModelVersions restoredVersions(OperatorSubtaskState checkpoint) throws Exception {
        subtask.close();
        subtask = restoredFrom(checkpoint);
        servedBeforeEachSwap.clear();
        return versions();
    }

    private OperatorSubtaskState checkpoint(ModelVersions versions) throws Exception {
        versions.snapshot();
        return subtask.snapshot(1);
    }

    private static OperatorStateHarness<String> restoredFrom(OperatorSubtaskState checkpoint) throws Exception {
        return OperatorStateHarness.open(Types.STRING, 1, 0, checkpoint);
    }

    private static String uri(ModelArtifact artifact) {
        return artifact.file().toUri().toString();
    }

    private static SourceRecord record(ModelArtifact artifact) throws Exception {
        return record(TestArtifacts.announcement(artifact));
    }

    private static SourceRecord record(ModelUpdate update) {
        return new SourceRecord("models", 0, update.getModelVersion(), 0, null, UPDATES.encode(update), 0);
    }
}
