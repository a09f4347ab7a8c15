package io.flinkalexnet.model.image;

import io.flinkalexnet.model.image.InvalidImageException.Reason;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.PixelEncoding;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes an {@link ImageRecord} of any {@link PixelEncoding} into a 3×32×32 CHW float image in [0, 1], resizing
 * other sizes with {@link BilinearResize}.
 *
 * <p>8-bit samples become {@code v / 255f} (16-bit PNG samples {@code v / 65535f}), so a PNG decodes to exactly
 * the floats of the same raw pixels. PNG/JPEG images must have three colour channels: grayscale images are
 * rejected as {@link Reason#WRONG_DIMENSIONS} rather than silently replicated, because the record declares 3
 * channels and the schema requires the decoded image to have them; palette PNGs count as RGB; an alpha channel
 * is dropped without compositing; embedded colour profiles are ignored (samples are taken as sRGB).
 */
public final class ImageDecoder implements Serializable {

    private static final long serialVersionUID = 1L;


    /** Default limit on the pixel count of a PNG/JPEG, checked from its header before decoding it. */
    public static final long DEFAULT_MAX_DECODED_PIXELS = 4096L * 4096L;

    private static final float[] BYTE_TO_UNIT = new float[256];
    // Resizing a native-size image reproduces it bit for bit, so CIFAR images take the same path as photos.
    private static final BilinearResize NATIVE_SIZE = new BilinearResize(
            ImageShape.CHANNELS, ImageShape.HEIGHT, ImageShape.WIDTH, ImageShape.HEIGHT, ImageShape.WIDTH);

    static {
        for (int v = 0; v < 256; v++) {
            BYTE_TO_UNIT[v] = (float) v / 255f;
        }
    }

    private final long maxDecodedPixels;

    /** Creates a decoder with the {@link #DEFAULT_MAX_DECODED_PIXELS} limit. */
    public ImageDecoder() {
        this(DEFAULT_MAX_DECODED_PIXELS);
    }

    /** Creates a decoder that refuses PNG/JPEG images of more than {@code maxDecodedPixels} pixels (decompression bombs). */
    public ImageDecoder(long maxDecodedPixels) {
        if (maxDecodedPixels <= 0) {
            throw new IllegalArgumentException("maxDecodedPixels must be positive, got " + maxDecodedPixels);
        }
        this.maxDecodedPixels = maxDecodedPixels;
    }

    /** Returns the record's image as a new 3×32×32 CHW array in [0, 1], or throws {@link InvalidImageException}. */
    public float[] decode(ImageRecord record) {
        float[] image = new float[ImageShape.FLOATS];
        decodeInto(record, image, 0);
        return image;
    }

    /** Writes the record's 3×32×32 CHW image to {@code dst[dstOffset..]}, e.g. one slice of a batch array. */
    public void decodeInto(ImageRecord record, float[] dst, int dstOffset) {
        Objects.checkFromIndexSize(dstOffset, ImageShape.FLOATS, dst.length);
        String id = record.getId();
        int width = record.getWidth();
        int height = record.getHeight();
        int channels = record.getChannels();
        PixelEncoding encoding = record.getEncoding();
        if (width <= 0 || height <= 0) {
            throw new InvalidImageException(Reason.WRONG_DIMENSIONS, id, "width " + width + " × height " + height
                    + " is not a positive size; set width and height to the image's size in pixels");
        }
        if (channels != ImageShape.CHANNELS) {
            throw new InvalidImageException(Reason.WRONG_DIMENSIONS, id, "channels is " + channels
                    + " but only 3 (RGB) is supported; send an RGB image with channels 3");
        }
        Bytes pixels = Bytes.of(record.getPixels());
        BilinearResize.RowReader rows = switch (encoding) {
            case RGB_PLANAR -> planarRows(id, pixels, width, height, encoding);
            case RGB_INTERLEAVED -> interleavedRows(id, pixels, width, height, encoding);
            case PNG -> encodedRows(id, pixels, width, height, "png", encoding);
            case JPEG -> encodedRows(id, pixels, width, height, "jpeg", encoding);
            case UNKNOWN -> throw new InvalidImageException(Reason.UNDECODABLE_IMAGE, id, "encoding is UNKNOWN: the"
                    + " producer used a pixel encoding newer than this reader's schema; upgrade the job or send"
                    + " RGB_PLANAR, RGB_INTERLEAVED, PNG or JPEG");
        };
        BilinearResize resize = height == ImageShape.HEIGHT && width == ImageShape.WIDTH
                ? NATIVE_SIZE
                : new BilinearResize(ImageShape.CHANNELS, height, width, ImageShape.HEIGHT, ImageShape.WIDTH);
        resize.resizeRowsInto(rows, dst, dstOffset);
    }

    private static BilinearResize.RowReader planarRows(
            String id, Bytes pixels, int width, int height, PixelEncoding encoding) {
        requireRawLength(id, pixels, width, height, encoding);
        byte[] data = pixels.array;
        int base = pixels.offset;
        int plane = width * height;
        return (y, rowPlanes) -> {
            for (int c = 0; c < ImageShape.CHANNELS; c++) {
                int from = base + c * plane + y * width;
                for (int x = 0; x < width; x++) {
                    rowPlanes[c * width + x] = BYTE_TO_UNIT[data[from + x] & 0xFF];
                }
            }
        };
    }

    private static BilinearResize.RowReader interleavedRows(
            String id, Bytes pixels, int width, int height, PixelEncoding encoding) {
        requireRawLength(id, pixels, width, height, encoding);
        byte[] data = pixels.array;
        int base = pixels.offset;
        return (y, rowPlanes) -> {
            int from = base + y * width * ImageShape.CHANNELS;
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < ImageShape.CHANNELS; c++) {
                    rowPlanes[c * width + x] = BYTE_TO_UNIT[data[from + x * ImageShape.CHANNELS + c] & 0xFF];
                }
            }
        };
    }

    private static void requireRawLength(String id, Bytes pixels, int width, int height, PixelEncoding encoding) {
        long expected = (long) width * height * ImageShape.CHANNELS;
        if (pixels.length != expected) {
            throw new InvalidImageException(Reason.WRONG_DIMENSIONS, id, "pixels has " + pixels.length
                    + " bytes but width " + width + " × height " + height + " × channels " + ImageShape.CHANNELS
                    + " = " + expected + " for " + encoding + "; send exactly width*height*channels bytes");
        }
    }

    private BilinearResize.RowReader encodedRows(
            String id, Bytes pixels, int width, int height, String format, PixelEncoding encoding) {
        BufferedImage image = readImage(id, pixels, width, height, format, encoding);
        ColorModel colorModel = image.getColorModel();
        if (colorModel.getNumColorComponents() != ImageShape.CHANNELS) {
            throw new InvalidImageException(Reason.WRONG_DIMENSIONS, id, "pixels is a " + encoding + " with "
                    + colorModel.getNumColorComponents() + " colour channel(s) (grayscale) but channels is 3; "
                    + "convert the image to RGB before sending it");
        }
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int[] samples = new int[width * bands];
        if (colorModel instanceof IndexColorModel palette) {
            return (y, rowPlanes) -> {
                raster.getPixels(0, y, width, 1, samples);
                for (int x = 0; x < width; x++) {
                    int index = samples[x * bands];
                    rowPlanes[x] = BYTE_TO_UNIT[palette.getRed(index)];
                    rowPlanes[width + x] = BYTE_TO_UNIT[palette.getGreen(index)];
                    rowPlanes[2 * width + x] = BYTE_TO_UNIT[palette.getBlue(index)];
                }
            };
        }
        float[] maxSample = new float[ImageShape.CHANNELS];
        for (int c = 0; c < ImageShape.CHANNELS; c++) {
            maxSample[c] = (float) ((1L << raster.getSampleModel().getSampleSize(c)) - 1);
        }
        // Bands 0..2 are R, G, B whatever the byte order in memory; band 3, if any, is alpha and is dropped.
        return (y, rowPlanes) -> {
            raster.getPixels(0, y, width, 1, samples);
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < ImageShape.CHANNELS; c++) {
                    rowPlanes[c * width + x] = (float) samples[x * bands + c] / maxSample[c];
                }
            }
        };
    }

    private BufferedImage readImage(
            String id, Bytes pixels, int width, int height, String format, PixelEncoding encoding) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JVM has no ImageIO reader for " + format);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream input = new MemoryCacheImageInputStream(
                new ByteArrayInputStream(pixels.array, pixels.offset, pixels.length))) {
            reader.setInput(input, true, true);
            int decodedWidth = reader.getWidth(0);
            int decodedHeight = reader.getHeight(0);
            if (decodedWidth != width || decodedHeight != height) {
                throw new InvalidImageException(Reason.WRONG_DIMENSIONS, id, "pixels is a " + decodedWidth + " × "
                        + decodedHeight + " " + encoding + " but width × height is " + width + " × " + height
                        + "; set width and height to the encoded image's size");
            }
            if ((long) width * height > maxDecodedPixels) {
                throw new InvalidImageException(Reason.PAYLOAD_TOO_LARGE, id, "pixels is a " + width + " × "
                        + height + " " + encoding + ", more than the " + maxDecodedPixels
                        + "-pixel limit; downscale the image before sending it");
            }
            return reader.read(0);
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO reports corrupt input with IOException and with assorted unchecked exceptions alike.
            throw new InvalidImageException(Reason.UNDECODABLE_IMAGE, id, "pixels (" + pixels.length
                    + " bytes) cannot be decoded as " + encoding + " (" + e + "); send a complete " + encoding
                    + " file or set encoding to match the bytes", e);
        } finally {
            reader.dispose();
        }
    }

    /** A byte range of a record's pixels without copying when the buffer has an accessible array. */
    private record Bytes(byte[] array, int offset, int length) {

        static Bytes of(ByteBuffer buffer) {
            if (buffer == null) {
                return new Bytes(new byte[0], 0, 0);
            }
            if (buffer.hasArray()) {
                return new Bytes(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            }
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return new Bytes(copy, 0, copy.length);
        }
    }
}
