package io.flinkalexnet.jobs.kafka.epoch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The enumerator's checkpoint: the offsets every epoch reads (null until they were looked up at the first start), the
 * next epoch to open and the splits not yet handed out. The splits being read live in the readers' state.
 */
record EpochEnumeratorState(List<PartitionRange> ranges, int nextEpoch, List<EpochSplit> unassigned) {

    /** Writes the enumerator state for checkpoints; version 1. */
    static final class Serializer implements SimpleVersionedSerializer<EpochEnumeratorState> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(EpochEnumeratorState state) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            out.writeBoolean(state.ranges != null);
            if (state.ranges != null) {
                out.writeInt(state.ranges.size());
                for (PartitionRange range : state.ranges) {
                    out.writeInt(range.partition());
                    out.writeLong(range.startOffset());
                    out.writeLong(range.stopOffset());
                }
            }
            out.writeInt(state.nextEpoch);
            out.writeInt(state.unassigned.size());
            for (EpochSplit split : state.unassigned) {
                EpochSplit.Serializer.write(split, out);
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public EpochEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            EpochSplit.Serializer.checkVersion(version);
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            List<PartitionRange> ranges = null;
            if (in.readBoolean()) {
                int count = in.readInt();
                ranges = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    ranges.add(new PartitionRange(in.readInt(), in.readLong(), in.readLong()));
                }
            }
            int nextEpoch = in.readInt();
            int count = in.readInt();
            List<EpochSplit> unassigned = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                unassigned.add(EpochSplit.Serializer.read(in));
            }
            return new EpochEnumeratorState(ranges, nextEpoch, unassigned);
        }
    }
}
