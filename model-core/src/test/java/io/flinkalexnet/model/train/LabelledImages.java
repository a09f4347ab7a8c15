package io.flinkalexnet.model.train;

import java.util.SplittableRandom;

/** Test fixture: decoded images and labels, n × 3 × 32 × 32 floats in [0, 1]. */
record LabelledImages(float[] images, int[] labels) {

    static final int FLOATS = 3 * 32 * 32;

    /** A learnable ten-class set: class = dominant channel × stripe orientation, with noise. */
    static LabelledImages synthetic(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] images = new float[n * FLOATS];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(10);
            labels[i] = label;
            int phase = random.nextInt(8);
            for (int p = 0; p < FLOATS; p++) {
                int channel = p / 1024;
                int y = (p % 1024) / 32;
                int x = p % 32;
                int coordinate = label / 3 == 0 ? x : label / 3 == 1 ? y : label / 3 == 2 ? x + y : x - y + 64;
                float value = (label % 3 == channel ? 0.6f : 0.2f) + ((coordinate + phase) % 8 < 4 ? 0.25f : 0f);
                images[i * FLOATS + p] = Math.min(1f, value + (float) random.nextDouble() * 0.15f);
            }
        }
        return new LabelledImages(images, labels);
    }

    /** Images {@code from} .. {@code from + n} as a new fixture. */
    LabelledImages slice(int from, int n) {
        float[] part = new float[n * FLOATS];
        System.arraycopy(images, from * FLOATS, part, 0, n * FLOATS);
        int[] partLabels = new int[n];
        System.arraycopy(labels, from, partLabels, 0, n);
        return new LabelledImages(part, partLabels);
    }

    int size() {
        return labels.length;
    }
}
