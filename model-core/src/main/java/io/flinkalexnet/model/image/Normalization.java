package io.flinkalexnet.model.image;

/** TEMPORARY stand-in until the image package lands. */
public final class Normalization implements java.io.Serializable {
    public static final Normalization CIFAR10 =
            new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});
    private final float[] mean;
    private final float[] std;

    public Normalization(float[] mean, float[] std) {
        this.mean = mean.clone();
        this.std = std.clone();
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }
}
