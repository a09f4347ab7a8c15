package io.flinkalexnet.model.image;

/** How {@link AugmentationPipeline} fills the pixels a rotation or zoom brings in from outside the image, as in Keras. */
public enum FillMode {
    /** Mirror about the edge, repeating the edge pixel: {@code d c b a | a b c d | d c b a} (Keras {@code 'reflect'}). */
    REFLECT,
    /** Zeros outside the image: {@code 0 0 0 0 | a b c d | 0 0 0 0} (Keras {@code 'constant'} with fill value 0). */
    CONSTANT,
    /** Repeat the edge pixel: {@code a a a a | a b c d | d d d d} (Keras {@code 'nearest'}). */
    NEAREST;

    /**
     * Maps a pixel index that may lie outside {@code [0, size)} to the index whose value it takes, or to
     * {@code -1} for a {@link #CONSTANT} zero.
     */
    int sourceIndex(int index, int size) {
        if (index >= 0 && index < size) {
            return index;
        }
        return switch (this) {
            case REFLECT -> {
                int folded = Math.floorMod(index, 2 * size);
                yield folded < size ? folded : 2 * size - 1 - folded;
            }
            case CONSTANT -> -1;
            case NEAREST -> index < 0 ? 0 : size - 1;
        };
    }
}
