package io.flinkalexnet.jobs.train;

import io.flinkalexnet.jobs.ModelThread;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Gathers training images into batches and trains each full batch on the step thread, one step in flight at a
 * time, while the task thread gathers the next batch: decoding, augmentation and the network hide behind the
 * training step instead of queueing after it. Every method is called from the task thread.
 */
final class TrainingBatches implements AutoCloseable {

    /** A finished training step, the images it trained on and the epoch it brought the trainer to. */
    record CompletedStep(StepResult result, List<DecodedImage> images, int epoch) {}

    private final AlexNetTrainer trainer;
    private final int batchSize;
    private final long stepLimit;
    private final ModelThread stepper;
    private final float[] batchPixels;
    private final int[] batchLabels;
    private List<DecodedImage> pending = new ArrayList<>();
    private Future<CompletedStep> inFlight;

    /**
     * @param stepLimit the step after which no batch is started; 0 for none
     * @param threadName the step thread's name, e.g. after the task, so profilers and thread dumps show it
     */
    TrainingBatches(AlexNetTrainer trainer, int batchSize, long stepLimit, String threadName) {
        this.trainer = trainer;
        this.batchSize = batchSize;
        this.stepLimit = stepLimit;
        this.stepper = new ModelThread(threadName);
        this.batchPixels = new float[batchSize * ImageShape.FLOATS];
        this.batchLabels = new int[batchSize];
    }

    /** Takes back the partial batch of a checkpoint. */
    void restorePending(Iterable<DecodedImage> images) {
        images.forEach(pending::add);
    }

    /** Adds a training image to the pending batch; true when that made the batch full. */
    boolean add(DecodedImage image) {
        pending.add(image);
        return pending.size() == batchSize;
    }

    /** Counts the step in flight, so the batch after the limit is never started. */
    boolean stepLimitReached() {
        return stepLimit > 0 && trainer.step() + (inFlight == null ? 0 : 1) >= stepLimit;
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** The images of the pending batch, in arrival order, for a checkpoint. */
    List<DecodedImage> pending() {
        return new ArrayList<>(pending);
    }

    /**
     * Hands the pending batch to the step thread; the step before it must have been finished, since its batch
     * buffers are reused.
     */
    void startStep() {
        if (inFlight != null) {
            throw new IllegalStateException("a training step is still in flight: finish it before starting the next");
        }
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

    /** Waits for the step in flight; empty when there is none. */
    Optional<CompletedStep> finishStep() throws InterruptedException {
        if (inFlight == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(inFlight.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException("training step failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            inFlight = null;
        }
    }

    /** Waits for the step in flight to end, so the trainer can be freed after. */
    @Override
    public void close() throws InterruptedException {
        stepper.close();
    }
}
