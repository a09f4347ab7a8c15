package io.flinkalexnet.model.image;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/** Per-channel standardisation {@code (x - mean[c]) / std[c]} of CHW images, with the CIFAR-10 constants. */
public final class Normalization implements Serializable {

    private static final long serialVersionUID = 1L;

    /** CIFAR-10 training-set channel means and standard deviations on the 0–1 scale (R, G, B). */
    public static final Normalization CIFAR10 =
            new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});

    private final float[] mean;
    private final float[] std;

    /** Creates a normalisation with one mean and one strictly positive standard deviation per channel. */
    public Normalization(float[] mean, float[] std) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalization needs one mean and one std per channel, got "
                    + mean.length + " means and " + std.length + " stds");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0f) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("normalization channel " + c + " has mean " + mean[c]
                        + " and std " + std[c] + "; the mean must be finite and the std finite and > 0");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Number of channels this normalisation covers. */
    public int channels() {
        return mean.length;
    }

    /** A copy of the per-channel means. */
    public float[] mean() {
        return mean.clone();
    }

    /** A copy of the per-channel standard deviations. */
    public float[] std() {
        return std.clone();
    }

    /** Normalises one whole CHW image in place; its length must be a multiple of {@link #channels()}. */
    public void normalizeInPlace(float[] chw) {
        if (chw.length % mean.length != 0) {
            throw new IllegalArgumentException("image has " + chw.length + " floats, not a multiple of "
                    + mean.length + " channels");
        }
        normalizeInto(chw, 0, chw, 0, chw.length / mean.length);
    }

    /**
     * Writes the normalised form of the CHW image at {@code src[srcOffset..]} ({@link #channels()} planes of
     * {@code planeSize} floats) to {@code dst[dstOffset..]}; source and destination may be the same slice.
     */
    public void normalizeInto(float[] src, int srcOffset, float[] dst, int dstOffset, int planeSize) {
        int length = mean.length * planeSize;
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        for (int c = 0; c < mean.length; c++) {
            float m = mean[c];
            float s = std[c];
            int from = c * planeSize;
            for (int i = from; i < from + planeSize; i++) {
                dst[dstOffset + i] = (src[srcOffset + i] - m) / s;
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Normalization that && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization{mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "}";
    }
}
