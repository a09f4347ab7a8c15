package io.flinkalexnet.jobs.train;

import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.store.ModelStore;
import io.flinkalexnet.model.infer.ArtifactMetadata;
import io.flinkalexnet.model.infer.ModelAnnouncement;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.StepResult;
import io.flinkalexnet.model.train.ValidationResult;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's model versions: when one is due, writes the next version's artifact to the model store and builds
 * the {@code ModelUpdate} announcing it, with the training loss and accuracy averaged over the steps since the last
 * export; once the checkpoint a version was exported before has completed, marks it the store's latest.
 */
final class ModelExports {

    // The job's log lines name the operator, whichever of its parts writes them.
    private static final Logger LOG = LoggerFactory.getLogger(TrainerOperator.class);

    private final TrainerSettings settings;
    private final AlexNetTrainer trainer;
    private final TrainerProgress progress;
    private final RecordCodec<ModelUpdate> modelUpdates = RecordCodec.modelUpdate();
    private final TreeMap<Long, Long> versionAtCheckpoint = new TreeMap<>();
    private long committedVersion;

    /** Exports the trainer's versions after those counted in {@code progress}, the last of which is committed. */
    ModelExports(TrainerSettings settings, AlexNetTrainer trainer, TrainerProgress progress) {
        this.settings = settings;
        this.trainer = trainer;
        this.progress = progress;
        this.committedVersion = progress.modelVersion;
    }

    /** Adds a finished step to the next export's training loss and accuracy. */
    void countStep(StepResult result) {
        progress.stepsSinceExport++;
        progress.lossSinceExport += result.loss();
        progress.accuracySinceExport += result.accuracy();
    }

    /** Whether the trainer has trained since the last export. */
    boolean hasUnexportedSteps() {
        return trainer.step() > progress.lastExportStep;
    }

    /** Whether an export is due before a barrier: {@code exportEverySteps} steps since the last, or the last step. */
    boolean dueBeforeBarrier(boolean stepLimitReached) {
        long sinceExport = trainer.step() - progress.lastExportStep;
        return sinceExport > 0 && (sinceExport >= settings.exportEverySteps() || stepLimitReached);
    }

    /**
     * Writes the next version, closed, to the model store and returns its encoded {@code ModelUpdate}, keyed by the
     * version; {@code score} is the held-out images' score, a count of 0 when there were none.
     */
    EncodedRecord export(ValidationResult score) throws IOException {
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
        progress.modelVersion = version;
        progress.lastExportStep = trainer.step();
        progress.lossSinceExport = 0;
        progress.accuracySinceExport = 0;
        progress.stepsSinceExport = 0;
        LOG.info(String.format("exported model version %d at step %d: loss %.4f accuracy %.3f, validation accuracy"
                        + " %s on %d images, %s (%d bytes)", version, trainer.step(), loss, accuracy,
                score.count() > 0 ? String.format("%.4f", score.accuracy()) : "n/a", score.count(), stored.uri(),
                stored.sizeBytes()));
        return new EncodedRecord(Long.toString(version).getBytes(StandardCharsets.UTF_8), modelUpdates.encode(update));
    }

    /** Notes the newest exported version as part of checkpoint {@code checkpointId}. */
    void checkpointTaken(long checkpointId) {
        versionAtCheckpoint.put(checkpointId, progress.modelVersion);
    }

    /**
     * Marks the newest version exported before checkpoint {@code checkpointId} (or an earlier one) the store's
     * latest, unless it is already; a notification may stand for earlier checkpoints whose own never came.
     */
    void checkpointComplete(long checkpointId) throws IOException {
        Map.Entry<Long, Long> entry = versionAtCheckpoint.floorEntry(checkpointId);
        if (entry != null && entry.getValue() > committedVersion) {
            committedVersion = entry.getValue();
            settings.modelStore().markLatest(committedVersion);
            LOG.info("model version {} committed with checkpoint {}", committedVersion, checkpointId);
        }
        versionAtCheckpoint.headMap(checkpointId, true).clear();
    }
}
