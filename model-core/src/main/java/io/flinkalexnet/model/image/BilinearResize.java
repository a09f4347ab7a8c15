package io.flinkalexnet.model.image;

import java.io.Serializable;
import java.util.Objects;

/**
 * Bilinear resizing of CHW float images with half-pixel centres, computed exactly as TensorFlow's
 * {@code tf.image.resize(method='bilinear', antialias=False)}, from index and weight tables built once per
 * geometry.
 *
 * <p>Output pixel {@code i} samples source coordinate {@code (i + 0.5) * in / out - 0.5}, clamped to the
 * edge pixels; the weights and the interpolation order follow TensorFlow's {@code resize_bilinear} kernel
 * in single precision. Downscaling takes no area average, so large reductions alias, as in TensorFlow.
 */
public final class BilinearResize implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Supplies one source row at a time, for images that are not held as a float array. */
    interface RowReader {
        /** Writes source row {@code y} to {@code rowPlanes}: channel {@code c} at {@code [c * width, (c + 1) * width)}. */
        void readRow(int y, float[] rowPlanes);
    }

    private final int channels;
    private final int srcHeight;
    private final int srcWidth;
    private final int dstHeight;
    private final int dstWidth;
    private final Axis rows;
    private final Axis columns;
    /** Same size: every weight is 0, so the result is the source itself and the arithmetic can be skipped. */
    private final boolean identity;

    /** Builds the tables to resize {@code channels × srcHeight × srcWidth} images to {@code channels × dstHeight × dstWidth}. */
    public BilinearResize(int channels, int srcHeight, int srcWidth, int dstHeight, int dstWidth) {
        if (channels <= 0 || srcHeight <= 0 || srcWidth <= 0 || dstHeight <= 0 || dstWidth <= 0) {
            throw new IllegalArgumentException("resize sizes must be positive, got channels " + channels + ", "
                    + srcHeight + "×" + srcWidth + " -> " + dstHeight + "×" + dstWidth);
        }
        this.channels = channels;
        this.srcHeight = srcHeight;
        this.srcWidth = srcWidth;
        this.dstHeight = dstHeight;
        this.dstWidth = dstWidth;
        this.rows = new Axis(srcHeight, dstHeight);
        this.columns = new Axis(srcWidth, dstWidth);
        this.identity = srcHeight == dstHeight && srcWidth == dstWidth;
    }

    /** Floats in one source image, {@code channels * srcHeight * srcWidth}. */
    public int srcLength() {
        return channels * srcHeight * srcWidth;
    }

    /** Floats in one destination image, {@code channels * dstHeight * dstWidth}. */
    public int dstLength() {
        return channels * dstHeight * dstWidth;
    }

    /** Returns a new array holding the resized image; {@code src} must hold exactly one source image. */
    public float[] resize(float[] src) {
        if (src.length != srcLength()) {
            throw new IllegalArgumentException("source image has " + src.length + " floats, expected "
                    + channels + "×" + srcHeight + "×" + srcWidth + " = " + srcLength());
        }
        float[] dst = new float[dstLength()];
        resizeInto(src, 0, dst, 0);
        return dst;
    }

    /**
     * Resizes the source image at {@code src[srcOffset..]} into {@code dst[dstOffset..]}, e.g. one slice of a
     * batch array; the two slices must not overlap.
     */
    public void resizeInto(float[] src, int srcOffset, float[] dst, int dstOffset) {
        Objects.checkFromIndexSize(srcOffset, srcLength(), src.length);
        Objects.checkFromIndexSize(dstOffset, dstLength(), dst.length);
        if (identity) {
            System.arraycopy(src, srcOffset, dst, dstOffset, dstLength());
            return;
        }
        int srcPlane = srcHeight * srcWidth;
        int dstPlane = dstHeight * dstWidth;
        for (int c = 0; c < channels; c++) {
            int srcBase = srcOffset + c * srcPlane;
            int dstBase = dstOffset + c * dstPlane;
            for (int y = 0; y < dstHeight; y++) {
                interpolateRow(src, srcBase + rows.lower[y] * srcWidth, src, srcBase + rows.upper[y] * srcWidth,
                        rows.lerp[y], dst, dstBase + y * dstWidth);
            }
        }
    }

    /**
     * Resizes an image whose rows come from {@code reader} into {@code dst[dstOffset..]}; only the source rows
     * the output needs are read, each at most twice.
     */
    void resizeRowsInto(RowReader reader, float[] dst, int dstOffset) {
        Objects.checkFromIndexSize(dstOffset, dstLength(), dst.length);
        float[] first = new float[channels * srcWidth];
        int dstPlane = dstHeight * dstWidth;
        if (identity) {
            for (int y = 0; y < dstHeight; y++) {
                reader.readRow(y, first);
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(first, c * srcWidth, dst, dstOffset + c * dstPlane + y * dstWidth, dstWidth);
                }
            }
            return;
        }
        float[] second = new float[channels * srcWidth];
        int firstRow = -1;
        int secondRow = -1;
        for (int y = 0; y < dstHeight; y++) {
            int top = rows.lower[y];
            int bottom = rows.upper[y];
            if (firstRow != top) {
                if (secondRow == top) {
                    float[] swap = first;
                    first = second;
                    second = swap;
                    secondRow = firstRow;
                } else {
                    reader.readRow(top, first);
                }
                firstRow = top;
            }
            float[] bottomRow = first;
            if (bottom != top) {
                if (secondRow != bottom) {
                    reader.readRow(bottom, second);
                    secondRow = bottom;
                }
                bottomRow = second;
            }
            for (int c = 0; c < channels; c++) {
                interpolateRow(first, c * srcWidth, bottomRow, c * srcWidth, rows.lerp[y],
                        dst, dstOffset + c * dstPlane + y * dstWidth);
            }
        }
    }

    /** Writes one destination row from its two source rows, in TensorFlow's order of operations. */
    private void interpolateRow(float[] topRow, int topOffset, float[] bottomRow, int bottomOffset, float yLerp,
            float[] dst, int dstOffset) {
        int[] left = columns.lower;
        int[] right = columns.upper;
        float[] xLerp = columns.lerp;
        for (int x = 0; x < dstWidth; x++) {
            float topLeft = topRow[topOffset + left[x]];
            float topRight = topRow[topOffset + right[x]];
            float bottomLeft = bottomRow[bottomOffset + left[x]];
            float bottomRight = bottomRow[bottomOffset + right[x]];
            float top = topLeft + (topRight - topLeft) * xLerp[x];
            float bottom = bottomLeft + (bottomRight - bottomLeft) * xLerp[x];
            dst[dstOffset + x] = top + (bottom - top) * yLerp;
        }
    }

    /** The source neighbours and weight of every output index along one axis. */
    private static final class Axis implements Serializable {

        private static final long serialVersionUID = 1L;

        final int[] lower;
        final int[] upper;
        final float[] lerp;

        Axis(int inSize, int outSize) {
            lower = new int[outSize];
            upper = new int[outSize];
            lerp = new float[outSize];
            float scale = (float) inSize / (float) outSize;
            for (int i = 0; i < outSize; i++) {
                float in = ((float) i + 0.5f) * scale - 0.5f;
                float inFloor = (float) Math.floor(in);
                lower[i] = Math.max((int) inFloor, 0);
                upper[i] = Math.min((int) Math.ceil(in), inSize - 1);
                lerp[i] = in - inFloor;
            }
        }
    }
}
