package io.flinkalexnet.jobs.kafka.epoch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochSourceStateTest {

    @Test
    void splitsSurviveACheckpoint() throws IOException {
        EpochSplit split = new EpochSplit("images.train", 3, 7, 1234567890123L, 1234567899999L);
        EpochSplit.Serializer serializer = EpochSplit.Serializer.INSTANCE;

        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(split))).isEqualTo(split);
        assertThat(split.splitId()).isEqualTo("images.train-3@7");
        assertThat(EpochSplit.epochOf(split.splitId())).isEqualTo(7);
    }

    @Test
    void enumeratorStateSurvivesACheckpoint() throws IOException {
        EpochEnumeratorState.Serializer serializer = new EpochEnumeratorState.Serializer();
        EpochEnumeratorState state = new EpochEnumeratorState(
                List.of(new PartitionRange(0, 0, 10), new PartitionRange(1, 4, 4)), 2,
                List.of(new EpochSplit("t", 1, 1, 4, 4)));
        EpochEnumeratorState beforeLookup = new EpochEnumeratorState(null, 0, List.of());

        assertThat(serializer.deserialize(1, serializer.serialize(state))).isEqualTo(state);
        assertThat(serializer.deserialize(1, serializer.serialize(beforeLookup))).isEqualTo(beforeLookup);
    }

    @Test
    void refusesStateOfAnotherVersion() {
        assertThatThrownBy(() -> EpochSplit.Serializer.INSTANCE.deserialize(2, new byte[0]))
                .hasMessageContaining("version 2").hasMessageContaining("reads 1");
    }
}
