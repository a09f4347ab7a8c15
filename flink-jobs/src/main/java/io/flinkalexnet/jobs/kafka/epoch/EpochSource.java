package io.flinkalexnet.jobs.kafka.epoch;

import io.flinkalexnet.jobs.config.KafkaSettings;
import io.flinkalexnet.jobs.kafka.SourceRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Reads the records of {@code topic} that are committed when the job first starts (earliest to last stable offset,
 * fixed in the checkpoint) {@code epochs} times, each record tagged with its epoch. Epoch {@code e + 1} begins only
 * when every reader has finished epoch {@code e}, also after a failure; then the source ends.
 */
public final class EpochSource implements Source<SourceRecord, EpochSplit, EpochEnumeratorState>,
        ResultTypeQueryable<SourceRecord> {

    private final KafkaSettings kafka;
    private final String topic;
    private final int epochs;

    public EpochSource(KafkaSettings kafka, String topic, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("an epoch source reads at least one epoch, got " + epochs);
        }
        this.kafka = kafka;
        this.topic = topic;
        this.epochs = epochs;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<EpochSplit, EpochEnumeratorState> createEnumerator(
            SplitEnumeratorContext<EpochSplit> context) {
        return new EpochEnumerator(context, kafka, topic, epochs, null);
    }

    @Override
    public SplitEnumerator<EpochSplit, EpochEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<EpochSplit> context, EpochEnumeratorState state) {
        return new EpochEnumerator(context, kafka, topic, epochs, state);
    }

    @Override
    public SimpleVersionedSerializer<EpochSplit> getSplitSerializer() {
        return EpochSplit.Serializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<EpochEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new EpochEnumeratorState.Serializer();
    }

    @Override
    public SourceReader<SourceRecord, EpochSplit> createReader(SourceReaderContext context) {
        return new EpochSourceReader(kafka, context);
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
