package io.flinkalexnet.model.image;

import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.PixelEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Known test images in every encoding, and records that carry them. */
final class TestImages {

    private TestImages() {}

    /** A smooth, non-symmetric RGB test pattern as 8-bit samples: [channel][y][x]. */
    static int[][][] gradient(int height, int width) {
        int[][][] samples = new int[3][height][width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                samples[0][y][x] = 20 + 200 * x / Math.max(1, width - 1);
                samples[1][y][x] = 30 + 180 * y / Math.max(1, height - 1);
                samples[2][y][x] = 40 + 100 * (x + y) / Math.max(1, width + height - 2);
            }
        }
        return samples;
    }

    static byte[] planar(int[][][] samples) {
        int height = samples[0].length;
        int width = samples[0][0].length;
        byte[] bytes = new byte[3 * height * width];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    bytes[(c * height + y) * width + x] = (byte) samples[c][y][x];
                }
            }
        }
        return bytes;
    }

    static byte[] interleaved(int[][][] samples) {
        int height = samples[0].length;
        int width = samples[0][0].length;
        byte[] bytes = new byte[3 * height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    bytes[(y * width + x) * 3 + c] = (byte) samples[c][y][x];
                }
            }
        }
        return bytes;
    }

    /** The samples scaled to [0, 1] as a CHW float array, the decoder's expected output at native size. */
    static float[] unitChw(int[][][] samples) {
        int height = samples[0].length;
        int width = samples[0][0].length;
        float[] chw = new float[3 * height * width];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    chw[(c * height + y) * width + x] = samples[c][y][x] / 255f;
                }
            }
        }
        return chw;
    }

    static BufferedImage rgbImage(int[][][] samples, int type) {
        int height = samples[0].length;
        int width = samples[0][0].length;
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setPixel(x, y, new int[] {samples[0][y][x], samples[1][y][x], samples[2][y][x], 255});
            }
        }
        return image;
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static ImageRecord record(String id, PixelEncoding encoding, int width, int height, int channels, byte[] pixels) {
        return recordWithPixels(id, encoding, width, height, channels, ByteBuffer.wrap(pixels), null);
    }

    static ImageRecord labelled(String id, int[][][] samples, Integer label) {
        return recordWithPixels(id, PixelEncoding.RGB_PLANAR, samples[0][0].length, samples[0].length, 3,
                ByteBuffer.wrap(planar(samples)), label);
    }

    static ImageRecord recordWithPixels(String id, PixelEncoding encoding, int width, int height, int channels,
            ByteBuffer pixels, Integer label) {
        return ImageRecord.newBuilder()
                .setId(id)
                .setEventTime(Instant.EPOCH)
                .setLabel(label)
                .setWidth(width)
                .setHeight(height)
                .setChannels(channels)
                .setEncoding(encoding)
                .setPixels(pixels)
                .build();
    }

    /** Uniform random floats in [low, high), deterministic for the seed. */
    static float[] randomImage(int length, long seed, float low, float high) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] image = new float[length];
        for (int i = 0; i < image.length; i++) {
            image[i] = low + (high - low) * (float) random.nextDouble();
        }
        return image;
    }
}
