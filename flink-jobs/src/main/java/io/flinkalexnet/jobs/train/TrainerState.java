package io.flinkalexnet.jobs.train;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.model.train.AlexNetTrainer;
import java.io.InputStream;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The trainer's keyed state, under the names its checkpoints and savepoints carry: the training state in chunks
 * ({@code trainer-state}), the operator's {@code progress} with the state's SHA-256, the {@code pending-batch} and
 * the {@code validation-images}. Renaming one makes older checkpoints unrestorable.
 */
final class TrainerState {

    private static final int CHUNK_BYTES = 8 << 20;

    private final ListState<byte[]> trainerState;
    private final ValueState<TrainerProgress> progress;
    private final ListState<DecodedImage> pendingBatch;
    private final ListState<DecodedImage> validationImages;

    private TrainerState(KeyedStateStore store) {
        trainerState = store.getListState(
                new ListStateDescriptor<>("trainer-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        progress = store.getState(new ValueStateDescriptor<>("progress", TrainerProgress.class));
        TypeInformation<DecodedImage> imageType = TypeInformation.of(DecodedImage.class);
        pendingBatch = store.getListState(new ListStateDescriptor<>("pending-batch", imageType));
        validationImages = store.getListState(new ListStateDescriptor<>("validation-images", imageType));
    }

    /** The state in {@code store}, which is null when the operator does not run on a keyed stream. */
    static TrainerState register(KeyedStateStore store) {
        if (store == null) {
            throw new IllegalStateException("TrainerOperator must run on a keyed stream (keyBy TrainerOperator.KEY)");
        }
        return new TrainerState(store);
    }

    /** The checkpointed progress, or null when there is no checkpoint to restore. */
    TrainerProgress progress() throws Exception {
        return progress.value();
    }

    /** Rebuilds the trainer from the checkpointed training state and verifies it against {@code recorded}. */
    VerifiedTrainingState.Restored restoreTrainer(TrainerProgress recorded, Function<InputStream, AlexNetTrainer> build)
            throws Exception {
        return VerifiedTrainingState.restore(trainerState.get(), recorded.stateSha256, build);
    }

    Iterable<DecodedImage> pendingBatch() throws Exception {
        return pendingBatch.get();
    }

    Iterable<DecodedImage> validationImages() throws Exception {
        return validationImages.get();
    }

    /** Writes the whole state, recording the training state's SHA-256 in {@code current}; returns its size. */
    long write(AlexNetTrainer trainer, TrainerProgress current, List<DecodedImage> pending,
            List<DecodedImage> validation) throws Exception {
        VerifiedTrainingState.Written written = VerifiedTrainingState.write(trainer, CHUNK_BYTES);
        trainerState.update(written.chunks());
        current.stateSha256 = written.sha256();
        progress.update(current);
        pendingBatch.update(pending);
        validationImages.update(validation);
        return written.sizeBytes();
    }
}
