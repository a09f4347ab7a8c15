package io.flinkalexnet.jobs.infer;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.kafka.SourceRecord;
import io.flinkalexnet.jobs.metrics.ModelMemoryMetrics;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
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
 * its first image arrived ({@link WaitingImages}). Images not yet classified are checkpointed as keyed
 * state that survives rescaling ({@link UnclassifiedImagesState}).
 *
 * <p>The forward pass runs on a thread of its own while the task thread gathers the next batch, decodes and emits
 * ({@link ForwardPass}): when it ends, a mail on the task's mailbox emits that batch's predictions at once (output is
 * only ever written by the task thread). At most one batch is in flight; a full batch, a model swap, a checkpoint
 * barrier and the end of input first wait for it, so its predictions always precede the barrier that follows its
 * images.
 *
 * <p><b>Input 2</b> is the models topic, broadcast to every subtask. An announced version newer than the one served is
 * loaded shortly after (in a processing-time callback, so a burst of announcements, as when the topic is read from its
 * start, loads only the last) and in any case before the next batch is classified; a model this job cannot serve is
 * rejected and the current one keeps serving ({@link ModelVersions}).
 *
 * <p><b>Without a model</b> images are held (never dropped) until one arrives, slowing the input beyond a bound
 * ({@link NoModelHold}).
 */
public class ClassifierOperator extends AbstractStreamOperator<EncodedRecord>
        implements TwoInputStreamOperator<DecodedImage, SourceRecord, EncodedRecord>, BoundedMultiInput {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierOperator.class);

    private final ClassifierSettings settings;

    private transient UnclassifiedImagesState unclassified;
    private transient BroadcastState<String, byte[]> modelState;
    private transient WaitingImages waiting;
    private transient ClassifierMetrics metrics;
    private transient NoModelHold hold;
    private transient ForwardPass forward;
    private transient ModelVersions models;
    private transient CoalescingTimer flush;
    private transient CoalescingTimer load;
    private transient boolean imagesEnded;
    private transient boolean modelsEnded;

    public ClassifierOperator(ClassifierSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        if (getKeyedStateStore() == null) {
            throw new IllegalStateException("ClassifierOperator must read a keyed image stream (keyBy the image id)");
        }
        unclassified = new UnclassifiedImagesState(getKeyedStateStore(), getKeyedStateBackend(),
                getRuntimeContext().getTaskInfo());
        modelState = context.getOperatorStateStore().getBroadcastState(ModelVersions.STATE);
        waiting = new WaitingImages(settings.batchSize(), settings.batchTimeoutMillis());
        waiting.restore(unclassified.takeAll());
    }

    @Override
    public void open() throws Exception {
        super.open();
        TaskInfo task = getRuntimeContext().getTaskInfo();
        metrics = new ClassifierMetrics(getMetricGroup());
        hold = new NoModelHold(settings.noModelMaxImages(), settings.noModelThrottleMillis(),
                task.getIndexOfThisSubtask(), metrics);
        forward = new ForwardPass("classifier-forward (" + task.getTaskNameWithSubtasks() + ")", mailbox(),
                settings.batchSize(), settings.topK(),
                new PredictionWriter(record -> output.collect(new StreamRecord<>(record)), metrics), this::afterPass);
        String device = ModelLoader.deviceFor(settings.engine(), settings.devices(), task.getIndexOfThisSubtask());
        models = new ModelVersions(modelState, new ModelLoader(settings, device, localModelFolder()), metrics,
                forward::finish);
        ModelMemoryMetrics.register(getMetricGroup(), models::liveArrays);
        flush = new CoalescingTimer(getProcessingTimeService(), this::onBatchDeadline);
        // Loading the announced version is the first step of classifying what waits.
        load = new CoalescingTimer(getProcessingTimeService(), time -> classifyWaiting());

        if (models.restore(settings.initialArtifact())) {
            load.scheduleAt(now());
        }
        LOG.info("classifier ready on {} ({} {}, batches of up to {} or {} ms), serving {}; {} images waiting",
                device, settings.variant(), settings.engine(), settings.batchSize(), settings.batchTimeoutMillis(),
                models.serving() == null ? "no model yet" : "model version " + models.serving().version(),
                waiting.size());
        if (!waiting.isEmpty()) {
            metrics.imagesWithoutModel(models.serving() == null ? waiting.size() : 0);
            waiting.dueAt(now());
            flush.scheduleAt(waiting.deadline());
        }
    }

    @Override
    public void processElement1(StreamRecord<DecodedImage> element) throws Exception {
        waiting.add(element.getValue(), now());
        if (models.noneInSight()) {
            hold.hold(waiting.size());
        } else {
            classifyOrWait(waiting.isFull());
        }
    }

    @Override
    public void processElement2(StreamRecord<SourceRecord> element) {
        if (models.offer(element.getValue())) {
            load.scheduleAt(now());
        }
    }

    @Override
    public void endInput(int inputId) throws Exception {
        imagesEnded |= inputId == 1;
        modelsEnded |= inputId == 2;
        if (imagesEnded) {
            classifyWaiting();
            forward.finish();
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
        forward.finish();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        unclassified.store(waiting.toList());
        models.snapshot();
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (forward != null) {
                forward.close();
            }
            if (models != null) {
                models.close();
            }
        }
    }

    /**
     * Classifies every waiting image, in batches, with the newest model that loads; keeps them if there is none.
     * The last batch is left in flight.
     */
    private void classifyWaiting() throws Exception {
        models.loadAnnounced();
        if (models.serving() == null) {
            return;
        }
        for (List<DecodedImage> batch : waiting.batches()) {
            forward.start(batch, models.serving());
        }
        waiting.clear();
    }

    /** Classifies the waiting images if they are due, else waits for their deadline. */
    private void classifyOrWait(boolean due) throws Exception {
        if (due) {
            classifyWaiting();
        } else {
            flush.scheduleAt(waiting.deadline());
        }
    }

    /** At the deadline of the waiting images: classifies them unless a pass is in flight, whose mail looks again. */
    private void onBatchDeadline(long time) throws Exception {
        if (!waiting.isEmpty() && !forward.inFlight()) {
            classifyOrWait(waiting.deadlinePassed(now()));
        }
    }

    /**
     * After each forward pass, on the task thread: looks at the waiting images, so a partial batch whose timer found
     * the pass in flight is not left behind.
     */
    private void afterPass() throws Exception {
        if (!waiting.isEmpty() && !forward.inFlight() && !models.noneInSight()) {
            classifyOrWait(waiting.isDue(now()));
        }
    }

    private MailboxExecutor mailbox() {
        return getContainingTask().getMailboxExecutorFactory().createExecutor(getOperatorConfig().getChainIndex());
    }

    private Path localModelFolder() {
        return getContainingTask().getEnvironment().getIOManager().getSpillingDirectories()[0].toPath()
                .resolve("alexnet-models");
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }
}
