package io.flinkalexnet.jobs.kafka.epoch;

import java.io.IOException;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition read once, in one epoch: from {@code nextOffset} (inclusive) up to {@code stopOffset} (exclusive).
 *
 * @param nextOffset the next offset to read; it advances as records are emitted and is what a checkpoint keeps
 */
public record EpochSplit(String topic, int partition, int epoch, long nextOffset, long stopOffset)
        implements SourceSplit {

    @Override
    public String splitId() {
        return id(topic, partition, epoch);
    }

    static String id(String topic, int partition, int epoch) {
        return topic + "-" + partition + "@" + epoch;
    }

    /** The epoch a split id names. */
    static int epochOf(String splitId) {
        return Integer.parseInt(splitId.substring(splitId.lastIndexOf('@') + 1));
    }

    TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    EpochSplit at(long offset) {
        return new EpochSplit(topic, partition, epoch, offset, stopOffset);
    }

    /** Writes splits for checkpoints; version 1. */
    static final class Serializer implements SimpleVersionedSerializer<EpochSplit> {
        static final Serializer INSTANCE = new Serializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(EpochSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            write(split, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public EpochSplit deserialize(int version, byte[] serialized) throws IOException {
            checkVersion(version);
            return read(new DataInputDeserializer(serialized));
        }

        static void write(EpochSplit split, DataOutputSerializer out) throws IOException {
            out.writeUTF(split.topic);
            out.writeInt(split.partition);
            out.writeInt(split.epoch);
            out.writeLong(split.nextOffset);
            out.writeLong(split.stopOffset);
        }

        static EpochSplit read(DataInputDeserializer in) throws IOException {
            return new EpochSplit(in.readUTF(), in.readInt(), in.readInt(), in.readLong(), in.readLong());
        }

        static void checkVersion(int version) throws IOException {
            if (version != 1) {
                throw new IOException("unknown epoch source state version " + version + " (this build reads 1);"
                        + " restore with the build that wrote the checkpoint");
            }
        }
    }
}
