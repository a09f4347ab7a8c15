package io.flinkalexnet.jobs.infer;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a classifier subtask checkpoints the images it has not classified yet (the partial batch, and any held while
 * there is no model): one keyed list under a key that this subtask owns. Flink restores keyed state quickly, while
 * large operator list state is read back one byte per system call. On restore every key's list is taken, so a
 * rescaled job loses nothing either.
 */
final class UnclassifiedImagesState {

    static final String NAME = "unclassified-images";

    // The classifier's parts log as the operator, the name its log lines have always had.
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierOperator.class);

    private final KeyedStateBackend<String> backend;
    private final ListState<DecodedImage> images;
    private final String ownKey;

    /** The state in {@code store}, which is {@code backend}'s, of the subtask {@code task} describes. */
    UnclassifiedImagesState(KeyedStateStore store, KeyedStateBackend<String> backend, TaskInfo task) {
        this.backend = backend;
        this.images = store.getListState(new ListStateDescriptor<>(NAME, TypeInformation.of(DecodedImage.class)));
        this.ownKey = keyOwnedBy(task);
    }

    /** A key in the key groups of the subtask {@code task} describes. */
    static String keyOwnedBy(TaskInfo task) {
        for (int i = 0; ; i++) {
            String key = "unclassified-" + i;
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(key, task.getMaxNumberOfParallelSubtasks(),
                    task.getNumberOfParallelSubtasks()) == task.getIndexOfThisSubtask()) {
                return key;
            }
        }
    }

    /** Every restored image, under whichever key it was written, and clears them from the state. */
    List<DecodedImage> takeAll() throws Exception {
        List<String> keys;
        try (Stream<String> stored = backend.getKeys(NAME, VoidNamespace.INSTANCE)) {
            keys = stored.toList();
        }
        List<DecodedImage> restored = new ArrayList<>();
        for (String key : keys) {
            backend.setCurrentKey(key);
            images.get().forEach(restored::add);
            images.clear();
        }
        if (!restored.isEmpty()) {
            LOG.info("restored {} images not yet classified", restored.size());
        }
        return restored;
    }

    /** Writes {@code waiting} as this subtask's list, for the checkpoint being taken. */
    void store(List<DecodedImage> waiting) throws Exception {
        backend.setCurrentKey(ownKey);
        images.update(waiting);
    }
}
