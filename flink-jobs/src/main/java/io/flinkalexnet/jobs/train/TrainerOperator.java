package io.flinkalexnet.jobs.train;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.metrics.ModelMemoryMetrics;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.StepResult;
import io.flinkalexnet.model.train.ValidationResult;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the model on the image stream: gathers mini-batches, runs model-core training steps,
 * checkpoints the complete training state, scores held-out images and exports model versions.
 *
 * <p>It runs keyed to one constant key ({@link #KEY}): Flink restores large keyed-state entries
 * quickly, while operator list state restores them one byte per system call. The training state
 * (parameters, Adam moments, schedule, counters) is written only when a checkpoint is taken, in
 * chunks, with its SHA-256; on restore the operator rebuilds the trainer, serialises it again and
 * refuses to continue unless it equals the checkpointed bytes ({@link TrainerState},
 * {@link VerifiedTrainingState}).
 *
 * <p>Each full batch is trained on a step thread while the task thread gathers the next one
 * ({@link TrainingBatches}); a checkpoint, an export and the end of input first wait for the step
 * in flight, so the state always holds whole steps, and all output is emitted from the task thread.
 *
 * <p>A model version is exported just before a checkpoint barrier, once {@code exportEverySteps}
 * steps have passed ({@link ModelExports}): the artifact is written and closed first, then its
 * {@code ModelUpdate} is emitted ahead of the barrier into the exactly-once sink's transaction for
 * that checkpoint, so a {@code read_committed} consumer sees the update only once that checkpoint
 * has completed and never before its artifact exists. (Emitting from {@code notifyCheckpointComplete}
 * instead would land the update in the next transaction and lose the final model of a bounded run.)
 */
public class TrainerOperator extends AbstractStreamOperator<EncodedRecord>
        implements OneInputStreamOperator<DecodedImage, EncodedRecord>, BoundedOneInput {

    /** The key every image is keyed to. */
    public static final Integer KEY = 0;

    /** Side output of {@code TrainingStep} records, one per step, when the training log is on. */
    public static final OutputTag<EncodedRecord> TRAINING_LOG = new OutputTag<>("training-log") {};

    private static final Logger LOG = LoggerFactory.getLogger(TrainerOperator.class);
    private static final int EVALUATION_BATCH = 256;

    private final TrainerSettings settings;

    private transient TrainerState state;
    private transient TrainerProgress progress;
    private transient AlexNetTrainer trainer;
    private transient TrainingBatches batches;
    private transient HeldOutImages heldOut;
    private transient ModelExports exports;
    private transient TrainingLog trainingLog;
    private transient TrainerMetrics metrics;

    public TrainerOperator(TrainerSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = TrainerState.register(getKeyedStateStore());
        setCurrentKey(KEY);
        heldOut = new HeldOutImages(settings.validationMaxImages(), EVALUATION_BATCH);
        progress = state.progress();
        if (progress == null) {
            progress = new TrainerProgress();
            start(newTrainer(null), null);
            return;
        }
        long started = System.nanoTime();
        VerifiedTrainingState.Restored restored = state.restoreTrainer(progress, this::newTrainer);
        start(restored.trainer(), restored.sha256());
        batches.restorePending(state.pendingBatch());
        heldOut.restore(state.validationImages());
        LOG.info("restored trainer at step {} epoch {} (model version {}, {} images in the partial batch, {} held"
                        + " out) from {} bytes of state, rebuilt and verified ({}) in {} ms", trainer.step(),
                trainer.epoch(), progress.modelVersion, batches.pending().size(), heldOut.size(),
                restored.sizeBytes(), restored.sha256(), (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void open() throws Exception {
        super.open();
        metrics = new TrainerMetrics(getMetricGroup(), trainer::step, trainer::epoch, () -> progress.modelVersion);
        ModelMemoryMetrics.register(getMetricGroup(), trainer::liveArrayCount);
        LOG.info("trainer ready: {} on {} {}, batch {}, {}", settings.variant(), trainer.engineName(),
                Arrays.toString(trainer.devices()), settings.batchSize(), settings.training());
    }

    @Override
    public void processElement(StreamRecord<DecodedImage> element) throws Exception {
        DecodedImage image = element.getValue();
        if (image.heldOut) {
            if (!heldOut.keep(image)) {
                metrics.validationImageNotKept();
            }
        } else if (batches.stepLimitReached()) {
            progress.skippedAfterStepLimit++;
            metrics.skippedAfterStepLimit();
        } else if (batches.add(image)) {
            startStep();
        }
    }

    @Override
    public void endInput() throws Exception {
        if (batches.hasPending() && !batches.stepLimitReached()) {
            startStep();
        }
        finishStep();
        if (exports.hasUnexportedSteps()) {
            export();
        }
        LOG.info("input ended after step {}; {} images skipped after the step limit", trainer.step(),
                progress.skippedAfterStepLimit);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        finishStep();
        if (exports.dueBeforeBarrier(batches.stepLimitReached())) {
            export();
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        finishStep();
        long started = System.nanoTime();
        setCurrentKey(KEY);
        long stateBytes = state.write(trainer, progress, batches.pending(), heldOut.images());
        exports.checkpointTaken(context.getCheckpointId());
        metrics.snapshotTaken(context.getCheckpointId(), started, stateBytes);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        metrics.checkpointComplete(checkpointId, trainer.step());
        exports.checkpointComplete(checkpointId);
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (batches != null) {
                batches.close();
            }
            if (trainer != null) {
                trainer.close();
            }
        }
    }

    private AlexNetTrainer newTrainer(InputStream state) {
        AlexNetTrainer.Builder builder = AlexNetTrainer.builder()
                .setVariant(settings.variant())
                .optEngine(settings.engine())
                .optDevices(settings.devices())
                .optNumClasses(settings.classNames().size())
                .optConfig(settings.training());
        if (state != null) {
            builder.optState(state);
        }
        return builder.build();
    }

    /** Sets up the parts that train, export and log with {@code trainer}, new or restored. */
    private void start(AlexNetTrainer trainer, String restoredStateSha256) {
        this.trainer = trainer;
        batches = new TrainingBatches(trainer, settings.batchSize(), settings.stepLimit(),
                "trainer-step (" + getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks() + ")");
        exports = new ModelExports(settings, trainer, progress);
        trainingLog = new TrainingLog(restoredStateSha256);
    }

    /** Hands the full batch to the step thread once the step before it is accounted for. */
    private void startStep() throws Exception {
        finishStep();
        batches.startStep();
    }

    /** Waits for the step in flight, if any, and accounts for it on the task thread. */
    private void finishStep() throws Exception {
        batches.finishStep().ifPresent(this::account);
    }

    private void account(TrainingBatches.CompletedStep done) {
        StepResult result = done.result();
        exports.countStep(result);
        metrics.stepFinished(result, done.images().size());
        if (settings.trainingLog()) {
            output.collect(TRAINING_LOG, new StreamRecord<>(trainingLog.record(result, trainer.epoch(), done.images())));
        }
        if (result.step() % settings.logEverySteps() == 0) {
            LOG.info(String.format("step %d epoch %d: loss %.4f accuracy %.3f lr %.2e, %.1f images/s",
                    result.step(), done.epoch(), result.loss(), result.accuracy(), result.learningRate(),
                    metrics.closeImagesPerSecondWindow()));
        }
    }

    /** Scores the held-out images, then writes the next version and emits its ModelUpdate. */
    private void export() throws Exception {
        ValidationResult score = heldOut.score(trainer);
        if (score.count() > 0) {
            metrics.validated(score);
            trainer.onValidationLoss(score.meanLoss());
        }
        output.collect(new StreamRecord<>(exports.export(score)));
    }
}
