package io.flinkalexnet.jobs.infer;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The images a subtask has not handed to a forward pass yet, in arrival order, and when their batch is due: as soon as
 * it holds {@code batchSize} images, or {@code batchTimeoutMillis} after its first image arrived.
 */
final class WaitingImages {

    private final int batchSize;
    private final long timeoutMillis;
    private final List<DecodedImage> images = new ArrayList<>();
    private long deadline;

    WaitingImages(int batchSize, long timeoutMillis) {
        this.batchSize = batchSize;
        this.timeoutMillis = timeoutMillis;
    }

    /** Adds an image that arrived at processing time {@code now}; the first one of a batch sets its deadline. */
    void add(DecodedImage image, long now) {
        images.add(image);
        if (images.size() == 1) {
            deadline = now + timeoutMillis;
        }
    }

    /** Adds the images a checkpoint held; their deadline is set by {@link #dueAt}. */
    void restore(List<DecodedImage> restored) {
        images.addAll(restored);
    }

    /** Moves the deadline, as a restore does so that the restored images wait no longer. */
    void dueAt(long time) {
        deadline = time;
    }

    long deadline() {
        return deadline;
    }

    boolean deadlinePassed(long now) {
        return now >= deadline;
    }

    boolean isFull() {
        return images.size() >= batchSize;
    }

    /** Full, or its deadline passed. */
    boolean isDue(long now) {
        return isFull() || deadlinePassed(now);
    }

    boolean isEmpty() {
        return images.isEmpty();
    }

    int size() {
        return images.size();
    }

    /** The waiting images in order, cut into batches of at most {@code batchSize}; they stay until {@link #clear}. */
    List<List<DecodedImage>> batches() {
        List<List<DecodedImage>> batches = new ArrayList<>();
        for (int from = 0; from < images.size(); from += batchSize) {
            batches.add(new ArrayList<>(images.subList(from, Math.min(images.size(), from + batchSize))));
        }
        return batches;
    }

    void clear() {
        images.clear();
    }

    /** A copy of the waiting images, for a checkpoint. */
    List<DecodedImage> toList() {
        return new ArrayList<>(images);
    }
}
