package io.flinkalexnet.jobs.infer;

import io.flinkalexnet.jobs.ModelThread;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.infer.Classification;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.util.function.ThrowingRunnable;

/**
 * The one batch in flight. Its forward pass runs on a thread of its own while the task thread gathers the next batch,
 * decodes and emits; when it ends, a mail on the task's mailbox writes its predictions at once (output is only ever
 * written by the task thread). Starting the next batch, and {@link #finish()}, first wait for the batch in flight, so
 * its predictions always precede what the task does next: a model swap, a checkpoint barrier, the end of input.
 */
final class ForwardPass implements AutoCloseable {

    private final ModelThread thread;
    private final MailboxExecutor mailbox;
    private final float[] batchPixels;
    private final int topK;
    private final PredictionWriter writer;
    private final ThrowingRunnable<Exception> afterEachPass;
    private BatchInFlight inFlight;

    /**
     * A forward thread named {@code threadName} for batches of up to {@code batchSize} images, listing {@code topK}
     * classes per prediction; after each pass, on the task thread, its mail runs {@code afterEachPass}.
     */
    ForwardPass(String threadName, MailboxExecutor mailbox, int batchSize, int topK, PredictionWriter writer,
            ThrowingRunnable<Exception> afterEachPass) {
        this.thread = new ModelThread(threadName);
        this.mailbox = mailbox;
        this.batchPixels = new float[batchSize * ImageShape.FLOATS];
        this.topK = topK;
        this.writer = writer;
        this.afterEachPass = afterEachPass;
    }

    boolean inFlight() {
        return inFlight != null;
    }

    /** Hands the batch to the forward thread once the one in flight is done and written. */
    void start(List<DecodedImage> batch, ServingModel model) throws Exception {
        finish();
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.get(i).pixels, 0, batchPixels, i * ImageShape.FLOATS,
                    ImageShape.FLOATS);
        }
        BatchInFlight started = new BatchInFlight(batch, model);
        started.result = thread.submit(() -> {
            try {
                long began = System.nanoTime();
                List<Classification> results = model.classifier().classify(batchPixels, n, topK);
                return new ClassifiedBatch(results, (System.nanoTime() - began) / 1_000_000);
            } finally {
                // A failed pass posts its mail too, so that the failure reaches the task thread at once.
                postPassEnded(started);
            }
        });
        inFlight = started;
    }

    /** Waits for the batch in flight, if any, and writes one prediction per image, in order, on the task thread. */
    void finish() throws Exception {
        if (inFlight == null) {
            return;
        }
        BatchInFlight batch = inFlight;
        inFlight = null;
        ClassifiedBatch classified;
        try {
            classified = batch.result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("classifying a batch of " + batch.images.size() + " images with model"
                    + " version " + batch.model.version() + " failed: " + e.getCause().getMessage(), e.getCause());
        }
        writer.write(batch.images, classified.results(), batch.model.version(), classified.millis());
    }

    private void postPassEnded(BatchInFlight done) {
        try {
            mailbox.execute(() -> onPassEnded(done), "emit predictions");
        } catch (RejectedExecutionException e) {
            // The task is closing; close() waits for this pass and nothing more is emitted.
        }
    }

    /**
     * On the task thread, once the pass of {@code done} has ended: writes it unless a barrier or a full batch already
     * has. Every finished pass posts this mail, so what waits behind a pass is always looked at again.
     */
    private void onPassEnded(BatchInFlight done) throws Exception {
        if (inFlight == done) {
            finish();
        }
        afterEachPass.run();
    }

    /** Waits for the pass in flight to end; its predictions are not written. */
    @Override
    public void close() throws InterruptedException {
        thread.close();
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
}
