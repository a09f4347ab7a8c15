package io.flinkalexnet.jobs.infer;

import io.flinkalexnet.jobs.kafka.SourceRecord;
import io.flinkalexnet.model.infer.InvalidArtifactException;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.codec.RecordCodec;
import io.flinkalexnet.schemas.codec.RecordDecodingException;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.util.function.ThrowingRunnable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model a classifier subtask serves and the newer version the models topic announced to replace it. Versions only
 * move forward: an update not newer than both is ignored. An announced version is loaded by {@link #loadAnnounced}, in
 * any case before the next batch is classified, so models change only between batches. A model that cannot be
 * fetched, fails its checksum, or is not of this job's architecture, variant or class count is rejected: a log line,
 * the {@code rejectedModels} metric, and the current model keeps serving. The served and the
 * announced-but-not-yet-loaded updates are broadcast state, so a restored subtask serves the same version again;
 * failing to load that version is a failure of the job, retried by its restart strategy, rather than a silent change
 * of model.
 */
final class ModelVersions implements AutoCloseable {

    /** Broadcast state: the encoded ModelUpdates of the served and of the announced version. */
    static final MapStateDescriptor<String, byte[]> STATE = new MapStateDescriptor<>("models",
            BasicTypeInfo.STRING_TYPE_INFO, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    // The classifier's parts log as the operator, the name its log lines have always had.
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierOperator.class);
    private static final String SERVING = "serving";
    private static final String ANNOUNCED = "announced";

    private final BroadcastState<String, byte[]> state;
    private final ModelLoader loader;
    private final ClassifierMetrics metrics;
    private final ThrowingRunnable<Exception> beforeSwap;
    private final RecordCodec<ModelUpdate> modelUpdates = RecordCodec.modelUpdate();
    // Read by the metric reporter's thread as well (liveArrays).
    private volatile ServingModel serving;
    private ModelUpdate announced;

    /**
     * The versions kept in {@code state}, loaded by {@code loader}; {@code beforeSwap} runs before a model is served,
     * to finish the batch in flight on the model it replaces.
     */
    ModelVersions(BroadcastState<String, byte[]> state, ModelLoader loader, ClassifierMetrics metrics,
            ThrowingRunnable<Exception> beforeSwap) {
        this.state = state;
        this.loader = loader;
        this.metrics = metrics;
        this.beforeSwap = beforeSwap;
    }

    /**
     * Serves the version the state served when it was checkpointed, or else {@code initialArtifact} if given, and
     * announces again the version it had announced.
     *
     * @return whether an announced version waits for {@link #loadAnnounced}
     */
    boolean restore(String initialArtifact) throws Exception {
        byte[] restoredServing = state.get(SERVING);
        byte[] restoredAnnounced = state.get(ANNOUNCED);
        if (restoredServing != null) {
            ModelUpdate update = modelUpdates.decode(restoredServing);
            try {
                serve(loader.load(update));
            } catch (InvalidArtifactException e) {
                throw new IllegalStateException("cannot serve model version " + update.getModelVersion()
                        + ", which this job served when its checkpoint was taken: " + e.getMessage()
                        + ". Put the artifact back in the model store, or start the job without this state", e);
            }
        } else if (initialArtifact != null) {
            serve(loader.loadInitial(initialArtifact));
        }
        if (restoredAnnounced != null) {
            announce(modelUpdates.decode(restoredAnnounced));
            return true;
        }
        return false;
    }

    /**
     * Announces the ModelUpdate in a record of the models topic if it is newer than the served and the announced
     * version; rejects a record that is not a ModelUpdate.
     *
     * @return whether the update was announced and waits for {@link #loadAnnounced}
     */
    boolean offer(SourceRecord record) {
        ModelUpdate update;
        try {
            update = modelUpdates.decode(record.value);
        } catch (RecordDecodingException e) {
            metrics.modelRejected();
            LOG.warn("rejected the record at {}-{}@{}: it is not a ModelUpdate ({}: {}); publish ModelUpdates"
                    + " encoded as schemas/README.md describes. The current model keeps serving", record.topic,
                    record.partition, record.offset, e.reason(), e.getMessage());
            return false;
        }
        long newest = Math.max(serving == null ? Long.MIN_VALUE : serving.version(),
                announced == null ? Long.MIN_VALUE : announced.getModelVersion());
        if (update.getModelVersion() <= newest) {
            LOG.info("ignored model version {} ({}-{}@{}): version {} is already served or announced, and versions"
                    + " only move forward", update.getModelVersion(), record.topic, record.partition, record.offset,
                    newest);
            return false;
        }
        announce(update);
        return true;
    }

    /** Swaps to the announced version if it loads; otherwise rejects it and keeps the current model. */
    void loadAnnounced() throws Exception {
        if (announced == null) {
            return;
        }
        ModelUpdate update = announced;
        announced = null;
        long started = System.nanoTime();
        try {
            serve(loader.load(update));
            LOG.info("now serving model version {} (loaded in {} ms)", update.getModelVersion(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (InvalidArtifactException e) {
            metrics.modelRejected();
            LOG.warn("rejected {}; {}", e.getMessage(), serving == null
                    ? "there is still no model, images are held until one loads"
                    : "model version " + serving.version() + " keeps serving");
        }
    }

    /** The model served now, or null before the first one loads. */
    ServingModel serving() {
        return serving;
    }

    /** NDArrays alive under the served model's manager; 0 without a model. Callable from any thread. */
    int liveArrays() {
        ServingModel current = serving;
        return current == null ? 0 : current.classifier().liveArrayCount();
    }

    /** Whether no model is served and none is announced: images can only be held. */
    boolean noneInSight() {
        return serving == null && announced == null;
    }

    /** Writes the served and the announced update into the broadcast state, for the checkpoint being taken. */
    void snapshot() throws Exception {
        putOrRemove(SERVING, serving == null ? null : serving.update());
        putOrRemove(ANNOUNCED, announced);
    }

    /** Frees the served model. */
    @Override
    public void close() {
        if (serving != null) {
            serving.close();
            serving = null;
        }
    }

    private void announce(ModelUpdate update) {
        announced = update;
        LOG.info("model version {} announced ({})", update.getModelVersion(), update.getArtifactUri());
    }

    private void serve(ServingModel next) throws Exception {
        beforeSwap.run();
        ServingModel previous = serving;
        serving = next;
        metrics.modelServed(next.version());
        if (previous != null) {
            previous.close();
            metrics.modelSwapped();
        }
    }

    private void putOrRemove(String key, ModelUpdate update) throws Exception {
        if (update == null) {
            state.remove(key);
        } else {
            state.put(key, modelUpdates.encode(update));
        }
    }
}
