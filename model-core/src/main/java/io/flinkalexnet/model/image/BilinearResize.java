package io.flinkalexnet.model.image;

/** TEMPORARY stand-in until the image package lands. */
public final class BilinearResize {
    private final int channels, srcH, srcW, dstH, dstW;

    public BilinearResize(int channels, int srcH, int srcW, int dstH, int dstW) {
        this.channels = channels; this.srcH = srcH; this.srcW = srcW; this.dstH = dstH; this.dstW = dstW;
    }

    public void resizeInto(float[] src, int srcOffset, float[] dst, int dstOffset) {
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < dstH; y++) {
                float sy = Math.max(0, (y + 0.5f) * srcH / dstH - 0.5f);
                int y0 = Math.min((int) sy, srcH - 1), y1 = Math.min(y0 + 1, srcH - 1);
                float fy = sy - y0;
                for (int x = 0; x < dstW; x++) {
                    float sx = Math.max(0, (x + 0.5f) * srcW / dstW - 0.5f);
                    int x0 = Math.min((int) sx, srcW - 1), x1 = Math.min(x0 + 1, srcW - 1);
                    float fx = sx - x0;
                    int base = srcOffset + c * srcH * srcW;
                    float top = src[base + y0 * srcW + x0] * (1 - fx) + src[base + y0 * srcW + x1] * fx;
                    float bottom = src[base + y1 * srcW + x0] * (1 - fx) + src[base + y1 * srcW + x1] * fx;
                    dst[dstOffset + (c * dstH + y) * dstW + x] = top * (1 - fy) + bottom * fy;
                }
            }
        }
    }
}
