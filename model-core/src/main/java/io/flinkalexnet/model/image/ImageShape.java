package io.flinkalexnet.model.image;

/**
 * The shape of a decoded image, which every variant takes and every batch array is laid out in:
 * 3×32×32 CHW floats (the network's native input; the seed variant upscales it itself).
 */
public final class ImageShape {

    /** Channels of a decoded image (R, G, B). */
    public static final int CHANNELS = 3;
    /** Height of a decoded image in pixels. */
    public static final int HEIGHT = 32;
    /** Width of a decoded image in pixels. */
    public static final int WIDTH = 32;
    /** Floats in one decoded image, {@code CHANNELS * HEIGHT * WIDTH}. */
    public static final int FLOATS = CHANNELS * HEIGHT * WIDTH;

    private ImageShape() {}
}
