package io.flinkalexnet.model.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The AlexNet variants: the 224-pixel reference network and two CIFAR-native networks for CPUs. Both take
 * {@link io.flinkalexnet.model.image.ImageShape} images; SEED upscales them itself.
 */
public enum Variant {
    /** The reference network: 32×32 images upscaled bilinearly to 224×224; 46,789,386 parameters. */
    SEED("seed", 224),
    /** The same 5 conv + 3 FC shape sized for 32×32 input and CPU training (batch norm after conv 1 and 2). */
    CIFAR("cifar", 32),
    /**
     * The CIFAR network with batch norm after every convolution (conv, BN, ReLU) and wider late convolutions: the
     * network of the {@code modern} recipe.
     */
    CIFAR_BN("cifar-bn", 32);

    private final String id;
    private final int networkInputSize;

    Variant(String id, int networkInputSize) {
        this.id = id;
        this.networkInputSize = networkInputSize;
    }

    /** The lower-case name used in options, artifacts and ModelUpdate records. */
    public String id() {
        return id;
    }

    /** Side length of the square image the network itself consumes. */
    public int networkInputSize() {
        return networkInputSize;
    }

    /** Parses an id such as {@code cifar} or {@code SEED}, naming the accepted values when it fails. */
    public static Variant fromId(String id) {
        for (Variant variant : values()) {
            if (variant.id.equalsIgnoreCase(id == null ? "" : id.trim())) {
                return variant;
            }
        }
        throw new IllegalArgumentException(
                "unknown AlexNet variant '" + id + "': use one of "
                        + Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
