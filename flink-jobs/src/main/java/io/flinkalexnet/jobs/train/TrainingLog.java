package io.flinkalexnet.jobs.train;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.model.train.StepResult;
import io.flinkalexnet.schemas.TrainingStep;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The training log's records: one encoded {@code TrainingStep} per step, keyed by the step number, naming the images
 * it trained on; the first step after a restore carries the SHA-256 of the verified state it continued from.
 */
final class TrainingLog {

    private final RecordCodec<TrainingStep> codec = RecordCodec.trainingStep();
    private String restoredStateSha256;

    /** @param restoredStateSha256 the SHA-256 of the state the trainer was restored from; null on a fresh start */
    TrainingLog(String restoredStateSha256) {
        this.restoredStateSha256 = restoredStateSha256;
    }

    /** The record of a step that trained on {@code images} and left the trainer at {@code epoch}. */
    EncodedRecord record(StepResult result, int epoch, List<DecodedImage> images) {
        List<String> ids = new ArrayList<>(images.size());
        List<Integer> epochs = new ArrayList<>(images.size());
        for (DecodedImage image : images) {
            ids.add(image.id);
            epochs.add(image.epoch);
        }
        TrainingStep step = TrainingStep.newBuilder()
                .setStep(result.step())
                .setEpoch(epoch)
                .setImageIds(ids)
                .setImageEpochs(epochs)
                .setLoss(result.loss())
                .setAccuracy(result.accuracy())
                .setLearningRate(result.learningRate())
                .setRestoredStateSha256(restoredStateSha256)
                .setCreatedAt(Instant.now())
                .build();
        restoredStateSha256 = null;
        return new EncodedRecord(Long.toString(result.step()).getBytes(StandardCharsets.UTF_8), codec.encode(step));
    }
}
