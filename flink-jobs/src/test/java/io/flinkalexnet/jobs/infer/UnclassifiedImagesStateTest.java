package io.flinkalexnet.jobs.infer;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.jobs.OperatorStateHarness;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The classifier's unclassified images, checkpointed and restored as keyed state in Flink's operator harness. */
class UnclassifiedImagesStateTest {

    @Test
    void aRestoredSubtaskTakesBackTheImagesItStoredInOrderAndOnlyOnce() throws Exception {
        OperatorSubtaskState checkpoint = checkpoint(1, 0, TestImages.images(0, 3));

        try (OperatorStateHarness<String> restored = OperatorStateHarness.open(Types.STRING, 1, 0, checkpoint)) {
            UnclassifiedImagesState state = state(restored);
            List<DecodedImage> images = state.takeAll();

            assertThat(images).extracting(image -> image.id).containsExactlyElementsOf(TestImages.ids(0, 3));
            assertThat(images.get(2).pixels).isEqualTo(TestImages.image(2).pixels);
            assertThat(images.get(2).eventTime).isEqualTo(TestImages.EVENT_TIME);
            assertThat(state.takeAll()).as("taken images are cleared from the state").isEmpty();
        }
    }

    @Test
    void eachCheckpointHoldsOnlyTheImagesStoredForIt() throws Exception {
        OperatorSubtaskState second;
        try (OperatorStateHarness<String> subtask = OperatorStateHarness.open(Types.STRING, 1, 0, null)) {
            UnclassifiedImagesState state = state(subtask);
            state.store(TestImages.images(0, 4));
            subtask.snapshot(1);
            state.store(TestImages.images(4, 1));
            second = subtask.snapshot(2);
        }

        try (OperatorStateHarness<String> restored = OperatorStateHarness.open(Types.STRING, 1, 0, second)) {
            assertThat(state(restored).takeAll()).extracting(image -> image.id)
                    .containsExactlyElementsOf(TestImages.ids(4, 1));
        }
    }

    @Test
    void aJobScaledInTakesTheImagesOfEverySubtaskItReplaces() throws Exception {
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(
                checkpoint(2, 0, TestImages.images(0, 2)), checkpoint(2, 1, TestImages.images(2, 3)));
        OperatorSubtaskState scaledIn = AbstractStreamOperatorTestHarness.repartitionOperatorState(both,
                OperatorStateHarness.MAX_PARALLELISM, 2, 1, 0);

        try (OperatorStateHarness<String> restored = OperatorStateHarness.open(Types.STRING, 1, 0, scaledIn)) {
            assertThat(state(restored).takeAll()).extracting(image -> image.id)
                    .containsExactlyInAnyOrderElementsOf(TestImages.ids(0, 5));
        }
    }

    @Test
    void aJobScaledOutLosesNoImage() throws Exception {
        OperatorSubtaskState checkpoint = checkpoint(1, 0, TestImages.images(0, 4));

        List<String> restored = new ArrayList<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            OperatorSubtaskState share = AbstractStreamOperatorTestHarness.repartitionOperatorState(checkpoint,
                    OperatorStateHarness.MAX_PARALLELISM, 1, 3, subtask);
            try (OperatorStateHarness<String> harness = OperatorStateHarness.open(Types.STRING, 3, subtask, share)) {
                state(harness).takeAll().forEach(image -> restored.add(image.id));
            }
        }
        assertThat(restored).containsExactlyElementsOf(TestImages.ids(0, 4));
    }

    @Test
    void eachSubtaskWritesUnderAKeyOfItsOwnKeyGroups() {
        for (int parallelism : new int[] {1, 3, 8, 128}) {
            Set<String> keys = new HashSet<>();
            for (int subtask = 0; subtask < parallelism; subtask++) {
                String key = UnclassifiedImagesState.keyOwnedBy(new TaskInfoImpl("classify", 128, subtask,
                        parallelism, 0));
                assertThat(KeyGroupRangeAssignment.assignKeyToParallelOperator(key, 128, parallelism))
                        .as("the key of subtask %d of %d", subtask, parallelism).isEqualTo(subtask);
                keys.add(key);
            }
            assertThat(keys).hasSize(parallelism);
        }
    }

    /** The checkpoint of subtask {@code subtask} of {@code parallelism} that stored {@code images}. */
    private static OperatorSubtaskState checkpoint(int parallelism, int subtask, List<DecodedImage> images)
            throws Exception {
        try (OperatorStateHarness<String> harness = OperatorStateHarness.open(Types.STRING, parallelism, subtask,
                null)) {
            state(harness).store(images);
            return harness.snapshot(1);
        }
    }

    private static UnclassifiedImagesState state(OperatorStateHarness<String> harness) {
        return new UnclassifiedImagesState(harness.keyedStore(), harness.keyedBackend(), harness.taskInfo());
    }
}
