package io.flinkalexnet.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.TrainingRecipe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifiedTrainingStateTest {

    private static final int CHUNK = 1 << 20;

    @Test
    void restoresTheTrainerThatWroteTheStateAndChecksItByteForByte() throws Exception {
        try (AlexNetTrainer trainer = trainer(42)) {
            VerifiedTrainingState.Written written = VerifiedTrainingState.write(trainer, CHUNK);

            assertThat(written.chunks()).hasSizeGreaterThan(1)
                    .allSatisfy(chunk -> assertThat(chunk.length).isLessThanOrEqualTo(CHUNK));
            VerifiedTrainingState.Restored restored = VerifiedTrainingState.restore(written.chunks(),
                    written.sha256(), state -> builder(42).optState(state).build());
            try (AlexNetTrainer rebuilt = restored.trainer()) {
                assertThat(restored.sha256()).isEqualTo(written.sha256());
                assertThat(restored.sizeBytes()).isEqualTo(written.sizeBytes());
                assertThat(VerifiedTrainingState.write(rebuilt, CHUNK).sha256()).isEqualTo(written.sha256());
            }
        }
    }

    @Test
    void refusesChunksThatAreNotTheRecordedState() throws Exception {
        try (AlexNetTrainer trainer = trainer(42)) {
            VerifiedTrainingState.Written written = VerifiedTrainingState.write(trainer, CHUNK);
            List<byte[]> corrupt = new ArrayList<>(written.chunks());
            byte[] last = corrupt.get(corrupt.size() - 1).clone();
            last[last.length - 1] ^= 1;
            corrupt.set(corrupt.size() - 1, last);

            assertThatThrownBy(() -> VerifiedTrainingState.restore(corrupt, written.sha256(),
                    state -> builder(42).optState(state).build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the checkpointed training state is corrupt")
                    .hasMessageContaining("restore from an older checkpoint or savepoint");
        }
    }

    @Test
    void refusesATrainerThatDoesNotSerialiseBackToTheState() throws Exception {
        try (AlexNetTrainer trainer = trainer(42)) {
            VerifiedTrainingState.Written written = VerifiedTrainingState.write(trainer, CHUNK);

            // A build that ignores the state stands for a model build other than the one that wrote it.
            assertThatThrownBy(() -> VerifiedTrainingState.restore(written.chunks(), written.sha256(),
                    state -> trainer(7)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the restored trainer differs from the checkpointed training state");
        }
    }

    private static AlexNetTrainer trainer(long seed) {
        return builder(seed).build();
    }

    private static AlexNetTrainer.Builder builder(long seed) {
        return AlexNetTrainer.builder().setVariant(Variant.CIFAR).optDevices("cpu")
                .optConfig(TrainingRecipe.REFERENCE.config(Variant.CIFAR, 0).withSeed(seed));
    }
}
