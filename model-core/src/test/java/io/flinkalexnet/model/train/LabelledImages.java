package io.flinkalexnet.model.train;

import io.flinkalexnet.model.data.LabelledImage;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.model.image.ImageDecoder;
import io.flinkalexnet.model.image.ImageShape;

/** Test fixture: decoded synthetic images and their labels, n × 3 × 32 × 32 floats in [0, 1]. */
record LabelledImages(float[] images, int[] labels) {

    /** {@code n} images of the learnable synthetic set drawn with {@code seed}. */
    static LabelledImages synthetic(int n, long seed) {
        float[] images = new float[n * ImageShape.FLOATS];
        int[] labels = new int[n];
        ImageDecoder decoder = new ImageDecoder();
        int i = 0;
        for (LabelledImage image : new SyntheticImages(seed).images(0, n)) {
            decoder.decodeInto(image.toImageRecord("image-" + i, "test", 0, null), images, i * ImageShape.FLOATS);
            labels[i++] = image.label();
        }
        return new LabelledImages(images, labels);
    }

    /** Images {@code from} .. {@code from + n} as a new fixture. */
    LabelledImages slice(int from, int n) {
        float[] part = new float[n * ImageShape.FLOATS];
        System.arraycopy(images, from * ImageShape.FLOATS, part, 0, n * ImageShape.FLOATS);
        int[] partLabels = new int[n];
        System.arraycopy(labels, from, partLabels, 0, n);
        return new LabelledImages(part, partLabels);
    }

    int size() {
        return labels.length;
    }
}
