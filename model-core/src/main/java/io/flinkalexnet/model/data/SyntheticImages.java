package io.flinkalexnet.model.data;

import io.flinkalexnet.model.seed.Seeds;
import io.flinkalexnet.schemas.ImageRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A deterministic, learnable 10-class data set of 32×32 RGB images for tests and the {@code --dataset synthetic}
 * quickstart.
 *
 * <p>Class {@code k} is a wave pattern (horizontal, vertical or diagonal stripes, checkerboard or rings; coarse for
 * classes 0–4, fine for 5–9) in a dominant hue {@code 36·k} degrees over a dark grey background. Every image varies
 * its hue (±20°, so neighbouring classes' colours overlap), saturation, brightness, background, wave period, phase,
 * ring centre and per-pixel noise, so colour alone does not separate the classes perfectly and a network has to
 * see the pattern. Image {@code i} of seed {@code s} depends only on {@code (s, i)}: it can be generated in any
 * order, and ids are {@code synthetic/<seed>/<index>}. Immutable.
 */
public final class SyntheticImages {

    /** The class names in label order: dominant colour, then pattern. */
    public static final List<String> CLASS_NAMES = List.of(
            "red-horizontal-stripes", "orange-vertical-stripes", "yellow-diagonal-stripes", "lime-checkerboard",
            "green-rings", "cyan-fine-horizontal-stripes", "azure-fine-vertical-stripes", "blue-fine-diagonal-stripes",
            "violet-fine-checkerboard", "magenta-fine-rings");

    private static final int SIZE = LabelledImage.SIZE;
    private static final int PLANE = SIZE * SIZE;
    private static final double HUE_JITTER_DEGREES = 20.0;
    private static final double NOISE = 0.08;

    private final long seed;
    private final long mixedSeed;

    /** Creates the data set for {@code seed}. */
    public SyntheticImages(long seed) {
        this.seed = seed;
        this.mixedSeed = Seeds.mix64(seed);
    }

    /** Image number {@code index} (≥ 0) with its label. */
    public LabelledImage image(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("synthetic image index must be >= 0, got " + index);
        }
        SplittableRandom random = new SplittableRandom(Seeds.combine(mixedSeed, index));
        int label = random.nextInt(LabelledImage.NUM_CLASSES);
        double hue = 36.0 * label + HUE_JITTER_DEGREES * (2 * random.nextDouble() - 1);
        double[] foreground = hsvToRgb(hue, 0.55 + 0.45 * random.nextDouble(), 0.6 + 0.4 * random.nextDouble());
        double background = 0.35 * random.nextDouble();
        boolean fine = label >= 5;
        double period = fine ? 4.0 + 2.0 * random.nextDouble() : 9.0 + 4.0 * random.nextDouble();
        double phase = 2 * Math.PI * random.nextDouble();
        double centreX = 8 + 16 * random.nextDouble();
        double centreY = 8 + 16 * random.nextDouble();
        double frequency = 2 * Math.PI / period;
        byte[] pixels = new byte[LabelledImage.PIXEL_BYTES];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double wave = switch (label % 5) {
                    case 0 -> StrictMath.sin(frequency * y + phase);
                    case 1 -> StrictMath.sin(frequency * x + phase);
                    case 2 -> StrictMath.sin(frequency * (x + y) / Math.sqrt(2) + phase);
                    case 3 -> StrictMath.sin(frequency * x + phase) * StrictMath.sin(frequency * y + phase);
                    default -> StrictMath.sin(frequency * StrictMath.hypot(x - centreX, y - centreY) + phase);
                };
                double mix = 0.5 + 0.5 * wave;
                for (int c = 0; c < LabelledImage.CHANNELS; c++) {
                    double value = background + (foreground[c] - background) * mix
                            + NOISE * (2 * random.nextDouble() - 1);
                    pixels[c * PLANE + y * SIZE + x] = (byte) Math.round(255 * Math.min(1.0, Math.max(0.0, value)));
                }
            }
        }
        return new LabelledImage(label, pixels);
    }

    /** Images {@code firstIndex .. firstIndex + count - 1}. */
    public List<LabelledImage> images(long firstIndex, int count) {
        List<LabelledImage> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            images.add(image(firstIndex + i));
        }
        return images;
    }

    /** Image {@code index} as an RGB_PLANAR {@link ImageRecord} with id {@code synthetic/<seed>/<index>}. */
    public ImageRecord record(long index, long eventTimeMillis) {
        return image(index).toImageRecord("synthetic/" + seed + "/" + index, "synthetic:" + seed, eventTimeMillis, null);
    }

    /** Records {@code firstIndex .. firstIndex + count - 1}, generated lazily. */
    public Stream<ImageRecord> records(long firstIndex, long count, long eventTimeMillis) {
        return LongStream.range(firstIndex, firstIndex + count).mapToObj(index -> record(index, eventTimeMillis));
    }

    /** Writes images {@code firstIndex .. firstIndex + count - 1} to {@code file} as a CIFAR-10 binary batch. */
    public void writeCifarBatch(Path file, long firstIndex, int count) {
        CifarBinaryWriter.write(file, images(firstIndex, count));
    }

    /** Converts hue (degrees), saturation and value in [0, 1] to RGB in [0, 1]. */
    private static double[] hsvToRgb(double hueDegrees, double saturation, double value) {
        double h = ((hueDegrees % 360) + 360) % 360 / 60.0;
        int sector = (int) h;
        double f = h - sector;
        double p = value * (1 - saturation);
        double q = value * (1 - saturation * f);
        double t = value * (1 - saturation * (1 - f));
        return switch (sector) {
            case 0 -> new double[] {value, t, p};
            case 1 -> new double[] {q, value, p};
            case 2 -> new double[] {p, value, t};
            case 3 -> new double[] {p, q, value};
            case 4 -> new double[] {t, p, value};
            default -> new double[] {value, p, q};
        };
    }
}
