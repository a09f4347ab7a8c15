package io.flinkalexnet.jobs.kafka.epoch;

import io.flinkalexnet.jobs.config.KafkaSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up the topic's offsets once, at the job's first start, then hands out each epoch's splits as {@link EpochPlan}
 * decides. Every reader event and split return leads to one decision, carried out at once.
 */
final class EpochEnumerator implements SplitEnumerator<EpochSplit, EpochEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(EpochEnumerator.class);

    private final SplitEnumeratorContext<EpochSplit> context;
    private final KafkaSettings kafka;
    private final String topic;
    private final int epochs;
    private final EpochEnumeratorState restored;
    private EpochPlan plan;
    /** Events that arrived while the offsets were being looked up. */
    private final List<Runnable> beforePlan = new ArrayList<>();

    EpochEnumerator(SplitEnumeratorContext<EpochSplit> context, KafkaSettings kafka, String topic, int epochs,
            EpochEnumeratorState restored) {
        this.context = context;
        this.kafka = kafka;
        this.topic = topic;
        this.epochs = epochs;
        this.restored = restored;
    }

    @Override
    public void start() {
        if (restored != null && restored.ranges() != null) {
            plan = new EpochPlan(topic, restored.ranges(), epochs, restored.nextEpoch(), restored.unassigned());
            return;
        }
        context.callAsync(() -> PartitionRange.committed(kafka, topic), (ranges, error) -> {
            if (error != null) {
                throw new IllegalStateException("cannot read the offsets of topic " + topic + " at "
                        + kafka.bootstrapServers() + ": " + error.getMessage()
                        + "; check that the topic exists and the Kafka settings", error);
            }
            LOG.info("reading {} epochs of topic {}: {}", epochs, topic, ranges);
            plan = EpochPlan.start(topic, ranges, epochs);
            beforePlan.forEach(Runnable::run);
            beforePlan.clear();
            decide();
        });
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed when an epoch opens; readers never ask.
    }

    @Override
    public void addSplitsBack(List<EpochSplit> splits, int subtaskId) {
        whenPlanned(() -> plan.splitsReturned(subtaskId, splits));
    }

    @Override
    public void addReader(int subtaskId) {
        whenPlanned(() -> plan.readerRegistered(subtaskId));
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent event) {
        if (event instanceof ReaderProgress progress) {
            whenPlanned(() -> plan.progressReported(subtaskId, progress));
        }
    }

    private void whenPlanned(Runnable event) {
        if (plan == null) {
            beforePlan.add(event);
            return;
        }
        event.run();
        decide();
    }

    private void decide() {
        EpochPlan.Decision decision = plan.next(context.registeredReaders().keySet(), context.currentParallelism());
        if (!decision.assignments().isEmpty()) {
            LOG.info("assigning {} (reader: splits)", decision.assignments().entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue().stream().map(EpochSplit::splitId).toList()).toList());
            context.assignSplits(new SplitsAssignment<>(decision.assignments()));
        }
        decision.noMoreSplits().forEach(context::signalNoMoreSplits);
    }

    @Override
    public EpochEnumeratorState snapshotState(long checkpointId) {
        if (plan == null) {
            return new EpochEnumeratorState(null, 0, List.of());
        }
        return new EpochEnumeratorState(plan.ranges(), plan.nextEpoch(), plan.unassigned());
    }

    @Override
    public void close() {}
}
