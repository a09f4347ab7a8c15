package io.flinkalexnet.jobs.train;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.ValidationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The held-out validation images the trainer scores at each export: one per id (a later pass replaces an earlier
 * one), at most {@code maxImages}, in the order they first arrived.
 */
final class HeldOutImages {

    private final int maxImages;
    private final int scoringBatch;
    private final Map<String, DecodedImage> images = new LinkedHashMap<>();

    /** @param scoringBatch how many images one forward pass scores */
    HeldOutImages(int maxImages, int scoringBatch) {
        this.maxImages = maxImages;
        this.scoringBatch = scoringBatch;
    }

    /** Keeps the image unless the bound is reached and its id is new; false when it is not kept. */
    boolean keep(DecodedImage image) {
        if (images.containsKey(image.id) || images.size() < maxImages) {
            images.put(image.id, image);
            return true;
        }
        return false;
    }

    /** Takes back the images of a checkpoint. */
    void restore(Iterable<DecodedImage> checkpointed) {
        checkpointed.forEach(image -> images.put(image.id, image));
    }

    int size() {
        return images.size();
    }

    /** The images, for a checkpoint. */
    List<DecodedImage> images() {
        return new ArrayList<>(images.values());
    }

    /** Scores every image with the trainer's current parameters; a count of 0 when there are none. */
    ValidationResult score(AlexNetTrainer trainer) {
        List<DecodedImage> all = images();
        float[] pixels = new float[scoringBatch * ImageShape.FLOATS];
        int[] labels = new int[scoringBatch];
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < all.size(); from += scoringBatch) {
            int n = Math.min(scoringBatch, all.size() - from);
            for (int i = 0; i < n; i++) {
                DecodedImage image = all.get(from + i);
                System.arraycopy(image.pixels, 0, pixels, i * ImageShape.FLOATS, ImageShape.FLOATS);
                labels[i] = image.label;
            }
            ValidationResult batch = trainer.validate(pixels, labels, n);
            lossSum += batch.lossSum();
            correct += batch.correct();
        }
        return new ValidationResult(all.size(), lossSum, correct, new int[0]);
    }
}
