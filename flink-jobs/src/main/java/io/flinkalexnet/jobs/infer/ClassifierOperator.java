package io.flinkalexnet.jobs.infer;

import io.flinkalexnet.jobs.ModelThread;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.kafka.SourceRecord;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.infer.Classification;
import io.flinkalexnet.model.infer.InvalidArtifactException;
import io.flinkalexnet.schemas.ClassProbability;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordCodec;
import io.flinkalexnet.schemas.codec.RecordDecodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies decoded images in micro-batches with the model version the models topic announced
 * last, emitting one encoded {@code Prediction} per image.
 *
 * <p><b>Input 1</b> is the image stream, keyed by image id only to spread it over the subtasks and
 * to give the operator keyed state. Each subtask gathers images into a batch that it classifies in
 * one forward pass as soon as it holds {@code batchSize} images, or {@code batchTimeoutMillis} after
 * its first image arrived. Images not yet classified (the partial batch, and any held while there is
 * no model) are written at each checkpoint as one keyed list under a key that this subtask owns;
 * Flink restores keyed state quickly, while large operator list state is read back one byte per
 * system call. On restore every key's list is taken, so a rescaled job loses nothing either.
 *
 * <p>The forward pass runs on a thread of its own while the task thread gathers the next batch, decodes and
 * emits: when it ends, a mail on the task's mailbox emits that batch's predictions at once (output is only ever
 * written by the task thread). At most one batch is in flight; a full batch, a model swap, a checkpoint barrier and
 * the end of input first wait for it, so its predictions always precede the barrier that follows its images.
 *
 * <p><b>Input 2</b> is the models topic, broadcast to every subtask. An announced version newer
 * than the one served is loaded shortly after (in a processing-time callback, so a burst of
 * announcements, as when the topic is read from its start, loads only the last) and in any case
 * before the next batch is classified: models change only between batches. A model that cannot be
 * fetched, fails its checksum, or is not of this job's architecture, variant or class count is
 * rejected: a log line, the {@code rejectedModels} metric, and the current model keeps serving.
 * The served and the announced-but-not-yet-loaded updates are broadcast state, so a restored subtask
 * serves the same version again; failing to load that version is a failure of the job, retried by
 * its restart strategy, rather than a silent change of model.
 *
 * <p><b>Without a model</b> images are held (never dropped) until one arrives. Beyond
 * {@code noModelMaxImages} the operator pauses {@code noModelThrottleMillis} after each further
 * image: the task cannot stop reading one input while reading the other (Flink refuses
 * {@code InputSelectable} operators in checkpointed jobs, and blocking would also block the models
 * input and the checkpoint barriers), so it slows instead, which back-pressures the Kafka source
 * while model updates and barriers still flow; at twice the bound it fails with an error naming the
 * fix rather than running out of memory.
 */
public class ClassifierOperator extends AbstractStreamOperator<EncodedRecord>
        implements TwoInputStreamOperator<DecodedImage, SourceRecord, EncodedRecord>, BoundedMultiInput {

    /** Broadcast state: the encoded ModelUpdates of the served and of the announced version. */
    private static final MapStateDescriptor<String, byte[]> MODELS = new MapStateDescriptor<>("models",
            BasicTypeInfo.STRING_TYPE_INFO, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierOperator.class);
    private static final String SERVING = "serving";
    private static final String ANNOUNCED = "announced";
    private static final String WAITING_STATE = "unclassified-images";
    private static final int HISTOGRAM_WINDOW = 2048;

    private final ClassifierSettings settings;

    private transient ListState<DecodedImage> waitingState;
    private transient BroadcastState<String, byte[]> modelState;
    private transient String ownKey;

    private transient List<DecodedImage> waiting;
    private transient ServingModel serving;
    private transient ModelUpdate announced;
    private transient ModelLoader loader;
    private transient RecordCodec<ModelUpdate> modelUpdates;
    private transient RecordCodec<Prediction> predictions;
    private transient float[] batchPixels;
    private transient ModelThread forwardThread;
    private transient MailboxExecutor mailbox;
    private transient BatchInFlight inFlight;
    private transient long batchDeadline;
    private transient boolean flushScheduled;
    private transient boolean loadScheduled;
    private transient boolean imagesEnded;
    private transient boolean modelsEnded;

    private transient volatile long servingVersion;
    private transient volatile int imagesWithoutModel;
    private transient Counter classified;
    private transient Counter batches;
    private transient Counter rejectedModels;
    private transient Counter modelSwaps;
    private transient Histogram batchSizes;
    private transient Histogram inferenceMillis;
    private transient Histogram endToEndLatency;

    public ClassifierOperator(ClassifierSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        if (getKeyedStateStore() == null) {
            throw new IllegalStateException("ClassifierOperator must read a keyed image stream (keyBy the image id)");
        }
        waitingState = getKeyedStateStore().getListState(
                new ListStateDescriptor<>(WAITING_STATE, TypeInformation.of(DecodedImage.class)));
        modelState = context.getOperatorStateStore().getBroadcastState(MODELS);
        ownKey = keyOwnedByThisSubtask();
        waiting = new ArrayList<>();
        List<String> keys;
        try (Stream<String> stored = this.<String>getKeyedStateBackend().getKeys(WAITING_STATE, VoidNamespace.INSTANCE)) {
            keys = stored.toList();
        }
        for (String key : keys) {
            setCurrentKey(key);
            waitingState.get().forEach(waiting::add);
            waitingState.clear();
        }
        if (!waiting.isEmpty()) {
            LOG.info("restored {} images not yet classified", waiting.size());
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        modelUpdates = RecordCodec.modelUpdate();
        predictions = RecordCodec.prediction();
        batchPixels = new float[settings.batchSize() * ImageShape.FLOATS];
        TaskInfo task = getRuntimeContext().getTaskInfo();
        forwardThread = new ModelThread("classifier-forward (" + task.getTaskNameWithSubtasks() + ")");
        mailbox = getContainingTask().getMailboxExecutorFactory().createExecutor(getOperatorConfig().getChainIndex());
        String device = ModelLoader.deviceFor(settings.engine(), settings.devices(), task.getIndexOfThisSubtask());
        Path localFolder = getContainingTask().getEnvironment().getIOManager().getSpillingDirectories()[0].toPath()
                .resolve("alexnet-models");
        loader = new ModelLoader(settings, device, localFolder);
        registerMetrics(getMetricGroup());

        byte[] restoredServing = modelState.get(SERVING);
        byte[] restoredAnnounced = modelState.get(ANNOUNCED);
        if (restoredServing != null) {
            ModelUpdate update = modelUpdates.decode(restoredServing);
            try {
                serve(loader.load(update));
            } catch (InvalidArtifactException e) {
                throw new IllegalStateException("cannot serve model version " + update.getModelVersion()
                        + ", which this job served when its checkpoint was taken: " + e.getMessage()
                        + ". Put the artifact back in the model store, or start the job without this state", e);
            }
        } else if (settings.initialArtifact() != null) {
            serve(loader.loadInitial(settings.initialArtifact()));
        }
        if (restoredAnnounced != null) {
            announce(modelUpdates.decode(restoredAnnounced));
        }
        LOG.info("classifier ready on {} ({} {}, batches of up to {} or {} ms), serving {}; {} images waiting",
                device, settings.variant(), settings.engine(), settings.batchSize(), settings.batchTimeoutMillis(),
                serving == null ? "no model yet" : "model version " + serving.version(), waiting.size());
        if (!waiting.isEmpty()) {
            imagesWithoutModel = serving == null ? waiting.size() : 0;
            batchDeadline = now();
            scheduleFlush();
        }
    }

    private void registerMetrics(MetricGroup metrics) {
        classified = metrics.counter("predictions");
        metrics.meter("predictionsPerSecond", new MeterView(classified));
        batches = metrics.counter("batches");
        metrics.meter("batchesPerSecond", new MeterView(batches));
        batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        inferenceMillis = metrics.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        endToEndLatency = metrics.histogram("endToEndLatencyMillis",
                new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        rejectedModels = metrics.counter("rejectedModels");
        modelSwaps = metrics.counter("modelSwaps");
        servingVersion = -1;
        metrics.gauge("servingModelVersion", (Gauge<Long>) () -> servingVersion);
        metrics.gauge("imagesWithoutModel", (Gauge<Integer>) () -> imagesWithoutModel);
    }

    @Override
    public void processElement1(StreamRecord<DecodedImage> element) throws Exception {
        waiting.add(element.getValue());
        if (waiting.size() == 1) {
            batchDeadline = now() + settings.batchTimeoutMillis();
        }
        if (serving == null && announced == null) {
            holdWithoutModel();
        } else if (waiting.size() >= settings.batchSize()) {
            classifyWaiting();
        } else {
            scheduleFlush();
        }
    }

    @Override
    public void processElement2(StreamRecord<SourceRecord> element) {
        SourceRecord record = element.getValue();
        ModelUpdate update;
        try {
            update = modelUpdates.decode(record.value);
        } catch (RecordDecodingException e) {
            rejectedModels.inc();
            LOG.warn("rejected the record at {}-{}@{}: it is not a ModelUpdate ({}: {}); publish ModelUpdates"
                    + " encoded as schemas/README.md describes. The current model keeps serving", record.topic,
                    record.partition, record.offset, e.reason(), e.getMessage());
            return;
        }
        long newest = Math.max(serving == null ? Long.MIN_VALUE : serving.version(),
                announced == null ? Long.MIN_VALUE : announced.getModelVersion());
        if (update.getModelVersion() <= newest) {
            LOG.info("ignored model version {} ({}-{}@{}): version {} is already served or announced, and versions"
                    + " only move forward", update.getModelVersion(), record.topic, record.partition, record.offset,
                    newest);
            return;
        }
        announce(update);
    }

    @Override
    public void endInput(int inputId) throws Exception {
        imagesEnded |= inputId == 1;
        modelsEnded |= inputId == 2;
        if (imagesEnded) {
            classifyWaiting();
            finishBatch();
        }
        if (imagesEnded && modelsEnded && !waiting.isEmpty()) {
            throw new IllegalStateException("the bounded input ended with " + waiting.size() + " images and no model"
                    + " to classify them with; publish a model to the models topic before the images, or give"
                    + " --model.initial-artifact");
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        finishBatch();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        setCurrentKey(ownKey);
        waitingState.update(new ArrayList<>(waiting));
        putOrRemove(SERVING, serving == null ? null : serving.update());
        putOrRemove(ANNOUNCED, announced);
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (forwardThread != null) {
                forwardThread.close();
            }
            if (serving != null) {
                serving.close();
                serving = null;
            }
        }
    }

    private void putOrRemove(String key, ModelUpdate update) throws Exception {
        if (update == null) {
            modelState.remove(key);
        } else {
            modelState.put(key, modelUpdates.encode(update));
        }
    }

    /** Records the newest announced version and loads it soon, unless a newer one arrives first. */
    private void announce(ModelUpdate update) {
        announced = update;
        LOG.info("model version {} announced ({})", update.getModelVersion(), update.getArtifactUri());
        if (!loadScheduled) {
            loadScheduled = true;
            getProcessingTimeService().registerTimer(now(), time -> {
                loadScheduled = false;
                loadAnnounced();
                if (serving != null && !waiting.isEmpty()) {
                    classifyWaiting();
                }
            });
        }
    }

    /** Swaps to the announced version if it loads; otherwise rejects it and keeps the current model. */
    private void loadAnnounced() throws Exception {
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
            rejectedModels.inc();
            LOG.warn("rejected {}; {}", e.getMessage(), serving == null
                    ? "there is still no model, images are held until one loads"
                    : "model version " + serving.version() + " keeps serving");
        }
    }

    private void serve(ServingModel next) throws Exception {
        finishBatch();
        ServingModel previous = serving;
        serving = next;
        servingVersion = next.version();
        imagesWithoutModel = 0;
        if (previous != null) {
            previous.close();
            modelSwaps.inc();
        }
    }

    /** Holds an image while there is no model; beyond the bound, slows the input instead of dropping anything. */
    private void holdWithoutModel() throws InterruptedException {
        imagesWithoutModel = waiting.size();
        int bound = settings.noModelMaxImages();
        if (waiting.size() >= 2 * bound) {
            throw new IllegalStateException("subtask " + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()
                    + " holds " + waiting.size() + " images and still has no model to classify them with; publish a"
                    + " model to the models topic, start the job with --model.initial-artifact, or raise"
                    + " --inference.no-model.max-images (now " + bound + ")");
        }
        if (waiting.size() > bound) {
            if (waiting.size() == bound + 1) {
                LOG.warn("{} images held without a model; taking one image per {} ms until a model arrives",
                        bound, settings.noModelThrottleMillis());
            }
            Thread.sleep(settings.noModelThrottleMillis());
        }
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            getProcessingTimeService().registerTimer(batchDeadline, this::onFlushTimer);
        }
    }

    /**
     * Classifies the partial batch once its deadline has passed, unless a batch is in flight (its completion looks
     * at the deadline again); an earlier timer re-arms for the current batch.
     */
    private void onFlushTimer(long time) throws Exception {
        flushScheduled = false;
        if (waiting.isEmpty() || inFlight != null) {
            return;
        }
        if (now() >= batchDeadline) {
            classifyWaiting();
        } else {
            scheduleFlush();
        }
    }

    /**
     * Classifies every waiting image, in batches, with the newest model that loads; keeps them if there is none.
     * The last batch is left in flight.
     */
    private void classifyWaiting() throws Exception {
        loadAnnounced();
        if (serving == null) {
            return;
        }
        for (int from = 0; from < waiting.size(); from += settings.batchSize()) {
            startBatch(new ArrayList<>(waiting.subList(from, Math.min(waiting.size(), from + settings.batchSize()))));
        }
        waiting.clear();
    }

    /** Hands the batch to the forward thread once the one in flight is done and emitted. */
    private void startBatch(List<DecodedImage> batch) throws Exception {
        finishBatch();
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.get(i).pixels, 0, batchPixels, i * ImageShape.FLOATS,
                    ImageShape.FLOATS);
        }
        ServingModel model = serving;
        BatchInFlight started = new BatchInFlight(batch, model);
        started.result = forwardThread.submit(() -> {
            long began = System.nanoTime();
            List<Classification> results = model.classifier().classify(batchPixels, n, settings.topK());
            long millis = (System.nanoTime() - began) / 1_000_000;
            try {
                mailbox.execute(() -> onBatchDone(started), "emit predictions");
            } catch (RejectedExecutionException e) {
                // The task is closing; close() waits for this pass and nothing more is emitted.
            }
            return new ClassifiedBatch(results, millis);
        });
        inFlight = started;
    }

    /**
     * On the task thread, once the forward pass of {@code done} has ended: emit it unless a barrier or a full batch
     * already has, then start what is due. Every finished pass posts this mail, so a partial batch whose timer found
     * a pass in flight is always looked at again.
     */
    private void onBatchDone(BatchInFlight done) throws Exception {
        if (inFlight == done) {
            finishBatch();
        }
        if (inFlight != null || waiting.isEmpty() || (serving == null && announced == null)) {
            return;
        }
        if (waiting.size() >= settings.batchSize() || now() >= batchDeadline) {
            classifyWaiting();
        } else {
            scheduleFlush();
        }
    }

    /** Waits for the batch in flight, if any, and emits one prediction per image, in order, on the task thread. */
    private void finishBatch() throws Exception {
        if (inFlight == null) {
            return;
        }
        BatchInFlight batch = inFlight;
        inFlight = null;
        ClassifiedBatch classifiedBatch;
        try {
            classifiedBatch = batch.result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("classifying a batch of " + batch.images.size() + " images with model"
                    + " version " + batch.model.version() + " failed: " + e.getCause().getMessage(), e.getCause());
        }
        inferenceMillis.update(classifiedBatch.millis());
        long emittedAt = System.currentTimeMillis();
        int n = batch.images.size();
        for (int i = 0; i < n; i++) {
            DecodedImage image = batch.images.get(i);
            output.collect(new StreamRecord<>(new EncodedRecord(image.id.getBytes(StandardCharsets.UTF_8),
                    predictions.encode(prediction(image, classifiedBatch.results().get(i), batch.model.version(),
                            emittedAt)))));
            endToEndLatency.update(emittedAt - image.eventTime);
        }
        classified.inc(n);
        batches.inc();
        batchSizes.update(n);
    }

    /** A batch handed to the forward thread: its images, the model it runs on and, once submitted, its result. */
    private static final class BatchInFlight {
        final List<DecodedImage> images;
        final ServingModel model;
        Future<ClassifiedBatch> result;

        BatchInFlight(List<DecodedImage> images, ServingModel model) {
            this.images = images;
            this.model = model;
        }
    }

    /** The forward pass's output and how long it took. */
    private record ClassifiedBatch(List<Classification> results, long millis) {}

    private Prediction prediction(DecodedImage image, Classification result, long modelVersion, long emittedAt) {
        List<ClassProbability> topK = new ArrayList<>(result.topK().size());
        for (Classification.ClassScore score : result.topK()) {
            topK.add(new ClassProbability(score.label(), score.className(), score.probability()));
        }
        return Prediction.newBuilder()
                .setImageId(image.id)
                .setLabel(result.label())
                .setClassName(result.className())
                .setConfidence(result.confidence())
                .setTopK(topK)
                .setModelVersion(modelVersion)
                .setEventTime(Instant.ofEpochMilli(image.eventTime))
                .setProcessingLatencyMillis(emittedAt - image.receivedAt)
                .build();
    }

    /** A key in this subtask's key groups, under which it checkpoints its unclassified images. */
    private String keyOwnedByThisSubtask() {
        TaskInfo task = getRuntimeContext().getTaskInfo();
        for (int i = 0; ; i++) {
            String key = "unclassified-" + i;
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(key, task.getMaxNumberOfParallelSubtasks(),
                    task.getNumberOfParallelSubtasks()) == task.getIndexOfThisSubtask()) {
                return key;
            }
        }
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }
}
