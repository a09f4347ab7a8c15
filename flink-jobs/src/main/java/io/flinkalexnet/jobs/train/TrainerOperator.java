package io.flinkalexnet.jobs.train;

import io.flinkalexnet.jobs.ModelThread;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.store.ModelStore;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.infer.ArtifactMetadata;
import io.flinkalexnet.model.infer.ModelAnnouncement;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.StepResult;
import io.flinkalexnet.model.train.ValidationResult;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.TrainingStep;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
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
 * refuses to continue unless it equals the checkpointed bytes.
 *
 * <p>Each full batch is trained on a step thread while the task thread gathers the next one, so the
 * input path runs alongside the step instead of after it; a checkpoint, an export and the end of
 * input first wait for the step in flight, so the state always holds whole steps.
 *
 * <p>A model version is exported just before a checkpoint barrier, once {@code exportEverySteps}
 * steps have passed: the artifact is written and closed first, then its {@code ModelUpdate} is
 * emitted ahead of the barrier into the exactly-once sink's transaction for that checkpoint, so a
 * {@code read_committed} consumer sees the update only once that checkpoint has completed and
 * never before its artifact exists. (Emitting from {@code notifyCheckpointComplete} instead would
 * land the update in the next transaction and lose the final model of a bounded run.)
 */
public class TrainerOperator extends AbstractStreamOperator<EncodedRecord>
        implements OneInputStreamOperator<DecodedImage, EncodedRecord>, BoundedOneInput {

    /** The key every image is keyed to. */
    public static final Integer KEY = 0;

    /** Side output of {@code TrainingStep} records, one per step, when the training log is on. */
    public static final OutputTag<EncodedRecord> TRAINING_LOG = new OutputTag<>("training-log") {};

    private static final Logger LOG = LoggerFactory.getLogger(TrainerOperator.class);
    private static final int STATE_CHUNK_BYTES = 8 << 20;
    private static final int EVALUATION_BATCH = 256;

    private final TrainerSettings settings;

    private transient ListState<byte[]> trainerState;
    private transient ValueState<TrainerProgress> progressState;
    private transient ListState<DecodedImage> pendingState;
    private transient ListState<DecodedImage> validationState;

    private transient AlexNetTrainer trainer;
    private transient TrainerProgress progress;
    private transient List<DecodedImage> pending;
    private transient Map<String, DecodedImage> validation;
    private transient ModelThread stepper;
    private transient Future<CompletedStep> inFlight;
    private transient float[] batchPixels;
    private transient int[] batchLabels;
    private transient String restoredStateSha256;
    private transient TreeMap<Long, Long> versionAtCheckpoint;
    private transient TreeMap<Long, Long> snapshotStartedNanos;
    private transient long committedVersion;
    private transient RecordCodec<ModelUpdate> modelUpdates;
    private transient RecordCodec<TrainingStep> trainingSteps;

    private transient volatile double lastLoss = Double.NaN;
    private transient volatile double lastAccuracy = Double.NaN;
    private transient volatile double lastValidationAccuracy = Double.NaN;
    private transient volatile double imagesPerSecond;
    private transient volatile long lastStateBytes;
    private transient volatile long lastStateMillis;
    private transient volatile long lastCheckpointMillis;
    private transient long windowStartNanos;
    private transient long windowImages;
    private transient Counter skipped;
    private transient Counter validationOverflow;

    public TrainerOperator(TrainerSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        KeyedStateStore store = getKeyedStateStore();
        if (store == null) {
            throw new IllegalStateException("TrainerOperator must run on a keyed stream (keyBy TrainerOperator.KEY)");
        }
        trainerState = store.getListState(
                new ListStateDescriptor<>("trainer-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        progressState = store.getState(new ValueStateDescriptor<>("progress", TrainerProgress.class));
        TypeInformation<DecodedImage> imageType = TypeInformation.of(DecodedImage.class);
        pendingState = store.getListState(new ListStateDescriptor<>("pending-batch", imageType));
        validationState = store.getListState(new ListStateDescriptor<>("validation-images", imageType));

        setCurrentKey(KEY);
        progress = progressState.value();
        pending = new ArrayList<>();
        validation = new LinkedHashMap<>();
        versionAtCheckpoint = new TreeMap<>();
        snapshotStartedNanos = new TreeMap<>();
        if (progress == null) {
            progress = new TrainerProgress();
            trainer = newTrainer(null);
            return;
        }
        long started = System.nanoTime();
        long stateBytes = restoreTrainer();
        pendingState.get().forEach(pending::add);
        validationState.get().forEach(image -> validation.put(image.id, image));
        committedVersion = progress.modelVersion;
        LOG.info("restored trainer at step {} epoch {} (model version {}, {} images in the partial batch, {} held"
                        + " out) from {} bytes of state, rebuilt and verified ({}) in {} ms", trainer.step(),
                trainer.epoch(), progress.modelVersion, pending.size(), validation.size(), stateBytes,
                restoredStateSha256, (System.nanoTime() - started) / 1_000_000);
    }

    /** Rebuilds the trainer from the checkpointed state and verifies it; returns the state's size in bytes. */
    private long restoreTrainer() throws Exception {
        List<InputStream> parts = new ArrayList<>();
        MessageDigest checkpointed = ChunkedStateOutput.sha256();
        long bytes = 0;
        for (byte[] chunk : trainerState.get()) {
            checkpointed.update(chunk);
            parts.add(new ByteArrayInputStream(chunk));
            bytes += chunk.length;
        }
        String checkpointedSha = HexFormat.of().formatHex(checkpointed.digest());
        if (!checkpointedSha.equals(progress.stateSha256)) {
            throw new IllegalStateException("the checkpointed training state is corrupt: its SHA-256 is "
                    + checkpointedSha + " but " + progress.stateSha256 + " was recorded; restore from an older"
                    + " checkpoint or savepoint");
        }
        trainer = newTrainer(new SequenceInputStream(Collections.enumeration(parts)));
        MessageDigest restored = ChunkedStateOutput.sha256();
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), restored)) {
            trainer.writeState(sink);
        }
        restoredStateSha256 = HexFormat.of().formatHex(restored.digest());
        if (!restoredStateSha256.equals(checkpointedSha)) {
            throw new IllegalStateException("the restored trainer differs from the checkpointed training state ("
                    + restoredStateSha256 + " vs " + checkpointedSha + "); the model build does not match the one"
                    + " that wrote the checkpoint");
        }
        return bytes;
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

    @Override
    public void open() throws Exception {
        super.open();
        modelUpdates = RecordCodec.modelUpdate();
        trainingSteps = RecordCodec.trainingStep();
        stepper = new ModelThread("trainer-step (" + getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks()
                + ")");
        batchPixels = new float[settings.batchSize() * ImageShape.FLOATS];
        batchLabels = new int[settings.batchSize()];
        windowStartNanos = System.nanoTime();
        MetricGroup metrics = getMetricGroup();
        metrics.gauge("trainingLoss", (Gauge<Double>) () -> lastLoss);
        metrics.gauge("trainingAccuracy", (Gauge<Double>) () -> lastAccuracy);
        metrics.gauge("validationAccuracy", (Gauge<Double>) () -> lastValidationAccuracy);
        metrics.gauge("imagesPerSecond", (Gauge<Double>) () -> imagesPerSecond);
        metrics.gauge("step", (Gauge<Long>) () -> trainer.step());
        metrics.gauge("epoch", (Gauge<Integer>) () -> trainer.epoch());
        metrics.gauge("modelVersion", (Gauge<Long>) () -> progress.modelVersion);
        metrics.gauge("lastStateSizeBytes", (Gauge<Long>) () -> lastStateBytes);
        metrics.gauge("lastStateSnapshotMillis", (Gauge<Long>) () -> lastStateMillis);
        metrics.gauge("lastCheckpointMillis", (Gauge<Long>) () -> lastCheckpointMillis);
        skipped = metrics.counter("skippedAfterStepLimit");
        validationOverflow = metrics.counter("validationImagesNotKept");
        LOG.info("trainer ready: {} on {} {}, batch {}, {}", settings.variant(), trainer.engineName(),
                java.util.Arrays.toString(trainer.devices()), settings.batchSize(), settings.training());
    }

    @Override
    public void processElement(StreamRecord<DecodedImage> element) throws Exception {
        DecodedImage image = element.getValue();
        if (image.heldOut) {
            holdOut(image);
        } else if (stepLimitReached()) {
            progress.skippedAfterStepLimit++;
            skipped.inc();
        } else {
            pending.add(image);
            if (pending.size() == settings.batchSize()) {
                startStep();
            }
        }
    }

    @Override
    public void endInput() throws Exception {
        if (!pending.isEmpty() && !stepLimitReached()) {
            startStep();
        }
        finishStep();
        if (trainer.step() > progress.lastExportStep) {
            export();
        }
        LOG.info("input ended after step {}; {} images skipped after the step limit", trainer.step(),
                progress.skippedAfterStepLimit);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        finishStep();
        long sinceExport = trainer.step() - progress.lastExportStep;
        if (sinceExport > 0 && (sinceExport >= settings.exportEverySteps() || stepLimitReached())) {
            export();
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        finishStep();
        long started = System.nanoTime();
        setCurrentKey(KEY);
        ChunkedStateOutput out = new ChunkedStateOutput(STATE_CHUNK_BYTES);
        trainer.writeState(out);
        trainerState.update(out.chunks());
        progress.stateSha256 = out.sha256Hex();
        progressState.update(progress);
        pendingState.update(new ArrayList<>(pending));
        validationState.update(new ArrayList<>(validation.values()));
        versionAtCheckpoint.put(context.getCheckpointId(), progress.modelVersion);
        snapshotStartedNanos.put(context.getCheckpointId(), started);
        lastStateBytes = out.size();
        lastStateMillis = (System.nanoTime() - started) / 1_000_000;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        Long started = snapshotStartedNanos.get(checkpointId);
        if (started != null) {
            lastCheckpointMillis = (System.nanoTime() - started) / 1_000_000;
            LOG.info("checkpoint {} complete at step {}: training state {} bytes, serialised in {} ms, durable"
                    + " {} ms after the trainer's snapshot began", checkpointId, trainer.step(), lastStateBytes,
                    lastStateMillis, lastCheckpointMillis);
        }
        snapshotStartedNanos.headMap(checkpointId, true).clear();
        Map.Entry<Long, Long> entry = versionAtCheckpoint.floorEntry(checkpointId);
        if (entry != null && entry.getValue() > committedVersion) {
            committedVersion = entry.getValue();
            settings.modelStore().markLatest(committedVersion);
            LOG.info("model version {} committed with checkpoint {}", committedVersion, checkpointId);
        }
        versionAtCheckpoint.headMap(checkpointId, true).clear();
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (stepper != null) {
                stepper.close();
            }
            if (trainer != null) {
                trainer.close();
            }
        }
    }

    /** Counts the step in flight, so the batch after the limit is never started. */
    private boolean stepLimitReached() {
        return settings.stepLimit() > 0 && trainer.step() + (inFlight == null ? 0 : 1) >= settings.stepLimit();
    }

    private void holdOut(DecodedImage image) {
        if (validation.containsKey(image.id) || validation.size() < settings.validationMaxImages()) {
            validation.put(image.id, image);
        } else {
            validationOverflow.inc();
        }
    }

    /**
     * Hands the full batch to the step thread, after the previous step has finished; the task thread
     * goes on gathering the next batch meanwhile, so decoding, augmentation and the network hide
     * behind the training step instead of queueing after it.
     */
    private void startStep() throws Exception {
        finishStep();
        List<DecodedImage> batch = pending;
        pending = new ArrayList<>();
        int n = batch.size();
        int epoch = trainer.epoch();
        for (int i = 0; i < n; i++) {
            DecodedImage image = batch.get(i);
            System.arraycopy(image.pixels, 0, batchPixels, i * ImageShape.FLOATS, ImageShape.FLOATS);
            batchLabels[i] = image.label;
            epoch = Math.max(epoch, image.epoch);
        }
        int batchEpoch = epoch;
        inFlight = stepper.submit(() -> {
            StepResult result = trainer.trainStep(batchPixels, batchLabels, n);
            trainer.setEpoch(batchEpoch);
            return new CompletedStep(result, batch, batchEpoch);
        });
    }

    /** Waits for the step in flight, if any, and accounts for it on the task thread. */
    private void finishStep() throws Exception {
        if (inFlight == null) {
            return;
        }
        CompletedStep done;
        try {
            done = inFlight.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("training step failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            inFlight = null;
        }
        StepResult result = done.result();
        progress.stepsSinceExport++;
        progress.lossSinceExport += result.loss();
        progress.accuracySinceExport += result.accuracy();
        lastLoss = result.loss();
        lastAccuracy = result.accuracy();
        windowImages += done.images().size();
        if (settings.trainingLog()) {
            output.collect(TRAINING_LOG, new StreamRecord<>(trainingStepRecord(result, done.images())));
        }
        restoredStateSha256 = null;
        if (result.step() % settings.logEverySteps() == 0) {
            long now = System.nanoTime();
            imagesPerSecond = windowImages * 1e9 / Math.max(1, now - windowStartNanos);
            windowStartNanos = now;
            windowImages = 0;
            LOG.info(String.format("step %d epoch %d: loss %.4f accuracy %.3f lr %.2e, %.1f images/s",
                    result.step(), done.epoch(), result.loss(), result.accuracy(), result.learningRate(),
                    imagesPerSecond));
        }
    }

    /** A finished training step and the images it trained on. */
    private record CompletedStep(StepResult result, List<DecodedImage> images, int epoch) {}

    private EncodedRecord trainingStepRecord(StepResult result, List<DecodedImage> images) {
        List<String> ids = new ArrayList<>(images.size());
        List<Integer> epochs = new ArrayList<>(images.size());
        for (DecodedImage image : images) {
            ids.add(image.id);
            epochs.add(image.epoch);
        }
        TrainingStep step = TrainingStep.newBuilder()
                .setStep(result.step())
                .setEpoch(trainer.epoch())
                .setImageIds(ids)
                .setImageEpochs(epochs)
                .setLoss(result.loss())
                .setAccuracy(result.accuracy())
                .setLearningRate(result.learningRate())
                .setRestoredStateSha256(restoredStateSha256)
                .setCreatedAt(Instant.now())
                .build();
        return new EncodedRecord(Long.toString(result.step()).getBytes(StandardCharsets.UTF_8),
                trainingSteps.encode(step));
    }

    private void export() throws Exception {
        ValidationResult score = scoreHeldOutImages();
        if (score.count() > 0) {
            lastValidationAccuracy = score.accuracy();
            trainer.onValidationLoss(score.meanLoss());
        }
        long version = progress.modelVersion + 1;
        double loss = progress.lossSinceExport / Math.max(1, progress.stepsSinceExport);
        double accuracy = progress.accuracySinceExport / Math.max(1, progress.stepsSinceExport);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(ModelAnnouncement.LOSS, loss);
        metrics.put(ModelAnnouncement.ACCURACY, accuracy);
        if (score.count() > 0) {
            metrics.put(ModelAnnouncement.VALIDATION_ACCURACY, score.accuracy());
            metrics.put(ModelAnnouncement.VALIDATION_LOSS, score.meanLoss());
            metrics.put(ModelAnnouncement.VALIDATION_COUNT, (double) score.count());
        }
        ArtifactMetadata metadata = ArtifactMetadata.trained(settings.variant(), trainer.engineName(),
                settings.classNames(), trainer.normalization(), version, trainer.step(), trainer.epoch(),
                System.currentTimeMillis(), metrics);
        ModelStore.StoredArtifact stored = settings.modelStore().write(version, metadata, trainer.parameters());
        ModelUpdate update = ModelAnnouncement.of(metadata, stored.uri(), stored.sha256(), stored.sizeBytes());
        output.collect(new StreamRecord<>(new EncodedRecord(
                Long.toString(version).getBytes(StandardCharsets.UTF_8), modelUpdates.encode(update))));
        progress.modelVersion = version;
        progress.lastExportStep = trainer.step();
        progress.lossSinceExport = 0;
        progress.accuracySinceExport = 0;
        progress.stepsSinceExport = 0;
        LOG.info(String.format("exported model version %d at step %d: loss %.4f accuracy %.3f, validation accuracy"
                        + " %s on %d images, %s (%d bytes)", version, trainer.step(), loss, accuracy,
                score.count() > 0 ? String.format("%.4f", score.accuracy()) : "n/a", score.count(), stored.uri(),
                stored.sizeBytes()));
    }

    private ValidationResult scoreHeldOutImages() {
        List<DecodedImage> images = new ArrayList<>(validation.values());
        float[] pixels = new float[EVALUATION_BATCH * ImageShape.FLOATS];
        int[] labels = new int[EVALUATION_BATCH];
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < images.size(); from += EVALUATION_BATCH) {
            int n = Math.min(EVALUATION_BATCH, images.size() - from);
            for (int i = 0; i < n; i++) {
                DecodedImage image = images.get(from + i);
                System.arraycopy(image.pixels, 0, pixels, i * ImageShape.FLOATS, ImageShape.FLOATS);
                labels[i] = image.label;
            }
            ValidationResult batch = trainer.validate(pixels, labels, n);
            lossSum += batch.lossSum();
            correct += batch.correct();
        }
        return new ValidationResult(images.size(), lossSum, correct, new int[0]);
    }
}
