package io.flinkalexnet.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.model.image.InvalidImageException.Reason;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.PixelEncoding;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.awt.color.ColorSpace;
import java.awt.Transparency;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageDecoderTest {

    private static final int[][][] GRADIENT = TestImages.gradient(32, 32);
    private static final float[] EXPECTED = TestImages.unitChw(GRADIENT);

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void planarBytesDecodeToUnitScaledChw() {
        ImageRecord record = TestImages.record("planar", PixelEncoding.RGB_PLANAR, 32, 32, 3, TestImages.planar(GRADIENT));

        assertThat(decoder.decode(record)).containsExactly(EXPECTED);
    }

    @Test
    void interleavedBytesDecodeToTheSameFloatsAsPlanar() {
        ImageRecord record =
                TestImages.record("interleaved", PixelEncoding.RGB_INTERLEAVED, 32, 32, 3, TestImages.interleaved(GRADIENT));

        assertThat(decoder.decode(record)).containsExactly(EXPECTED);
    }

    @Test
    void pngDecodesToExactlyTheSameFloatsAsPlanar() {
        byte[] png = TestImages.png(TestImages.rgbImage(GRADIENT, BufferedImage.TYPE_3BYTE_BGR));

        assertThat(decoder.decode(TestImages.record("png", PixelEncoding.PNG, 32, 32, 3, png))).containsExactly(EXPECTED);
    }

    @Test
    void jpegDecodesCloseToTheSameFloatsAsPlanar() {
        byte[] jpeg = TestImages.jpeg(TestImages.rgbImage(GRADIENT, BufferedImage.TYPE_3BYTE_BGR), 1.0f);

        float[] decoded = decoder.decode(TestImages.record("jpeg", PixelEncoding.JPEG, 32, 32, 3, jpeg));

        double sumAbsError = 0;
        double maxAbsError = 0;
        for (int i = 0; i < decoded.length; i++) {
            double error = Math.abs(decoded[i] - EXPECTED[i]);
            sumAbsError += error;
            maxAbsError = Math.max(maxAbsError, error);
        }
        assertThat(sumAbsError / decoded.length).isLessThan(2.0 / 255);
        assertThat(maxAbsError).isLessThan(12.0 / 255);
    }

    @Test
    void pngAlphaChannelIsDropped() {
        BufferedImage withAlpha = TestImages.rgbImage(GRADIENT, BufferedImage.TYPE_4BYTE_ABGR);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                withAlpha.getRaster().setSample(x, y, 3, (x * 8) & 0xFF);
            }
        }

        float[] decoded = decoder.decode(TestImages.record("alpha", PixelEncoding.PNG, 32, 32, 3, TestImages.png(withAlpha)));

        assertThat(decoded).containsExactly(EXPECTED);
    }

    @Test
    void palettePngDecodesToItsPaletteColours() {
        byte[] reds = {(byte) 10, (byte) 200};
        byte[] greens = {(byte) 20, (byte) 100};
        byte[] blues = {(byte) 30, (byte) 0};
        BufferedImage indexed = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(1, 2, reds, greens, blues));
        for (int x = 0; x < 32; x++) {
            indexed.getRaster().setSample(x, 5, 0, 1);
        }

        float[] decoded = decoder.decode(TestImages.record("palette", PixelEncoding.PNG, 32, 32, 3, TestImages.png(indexed)));

        assertThat(decoded[0]).isEqualTo(10 / 255f);
        assertThat(decoded[1024]).isEqualTo(20 / 255f);
        assertThat(decoded[2048]).isEqualTo(30 / 255f);
        assertThat(decoded[5 * 32 + 7]).isEqualTo(200 / 255f);
        assertThat(decoded[1024 + 5 * 32 + 7]).isEqualTo(100 / 255f);
        assertThat(decoded[2048 + 5 * 32 + 7]).isEqualTo(0f);
    }

    @Test
    void sixteenBitPngDecodesToTheSameFloatsAsItsEightBitSamples() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(32, 32);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    raster.setSample(x, y, c, GRADIENT[c][y][x] * 257);
                }
            }
        }
        byte[] png = TestImages.png(new BufferedImage(model, raster, false, null));

        assertThat(decoder.decode(TestImages.record("png16", PixelEncoding.PNG, 32, 32, 3, png))).containsExactly(EXPECTED);
    }

    @ParameterizedTest
    @EnumSource(value = PixelEncoding.class, names = {"RGB_PLANAR", "RGB_INTERLEAVED", "PNG"})
    void otherSizesAreResizedTo32By32Bilinearly(PixelEncoding encoding) {
        int[][][] photo = TestImages.gradient(48, 80);
        byte[] pixels = switch (encoding) {
            case RGB_PLANAR -> TestImages.planar(photo);
            case RGB_INTERLEAVED -> TestImages.interleaved(photo);
            default -> TestImages.png(TestImages.rgbImage(photo, BufferedImage.TYPE_3BYTE_BGR));
        };

        float[] decoded = decoder.decode(TestImages.record("photo", encoding, 80, 48, 3, pixels));

        assertThat(decoded).containsExactly(new BilinearResize(3, 48, 80, 32, 32).resize(TestImages.unitChw(photo)));
    }

    @Test
    void pixelsAreReadFromTheBufferPositionOfASharedArray() {
        byte[] planar = TestImages.planar(GRADIENT);
        byte[] shared = new byte[planar.length + 10];
        System.arraycopy(planar, 0, shared, 7, planar.length);
        ByteBuffer slice = ByteBuffer.wrap(shared, 3, planar.length + 4).slice();
        slice.position(4);
        ImageRecord record = TestImages.recordWithPixels("slice", PixelEncoding.RGB_PLANAR, 32, 32, 3, slice, null);

        assertThat(decoder.decode(record)).containsExactly(EXPECTED);
        assertThat(slice.position()).isEqualTo(4);
    }

    @Test
    void decodeIntoWritesOnlyItsSliceOfABatch() {
        ImageRecord record = TestImages.record("slice", PixelEncoding.RGB_PLANAR, 32, 32, 3, TestImages.planar(GRADIENT));
        float[] batch = new float[3 * ImageShape.FLOATS];
        Arrays.fill(batch, -1f);

        decoder.decodeInto(record, batch, ImageShape.FLOATS);

        assertThat(Arrays.copyOfRange(batch, 3072, 6144)).containsExactly(EXPECTED);
        assertThat(Arrays.copyOfRange(batch, 0, 3072)).containsOnly(-1f);
        assertThat(Arrays.copyOfRange(batch, 6144, 9216)).containsOnly(-1f);
    }

    @Test
    void rawPixelCountDifferentFromTheDeclaredSizeIsWrongDimensions() {
        ImageRecord record =
                TestImages.record("cifar10/data_batch_1/42", PixelEncoding.RGB_PLANAR, 32, 32, 3, new byte[3071]);

        assertThatThrownBy(() -> decoder.decode(record))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WRONG_DIMENSIONS);
                    assertThat(e.recordId()).isEqualTo("cifar10/data_batch_1/42");
                })
                .hasMessage("image 'cifar10/data_batch_1/42': pixels has 3071 bytes but width 32 × height 32 × "
                        + "channels 3 = 3072 for RGB_PLANAR; send exactly width*height*channels bytes");
    }

    @Test
    void channelsOtherThanThreeIsWrongDimensions() {
        ImageRecord record = TestImages.record("gray", PixelEncoding.RGB_PLANAR, 32, 32, 1, new byte[1024]);

        assertThatThrownBy(() -> decoder.decode(record))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_DIMENSIONS))
                .hasMessage("image 'gray': channels is 1 but only 3 (RGB) is supported; send an RGB image with channels 3");
    }

    @Test
    void nonPositiveSizeIsWrongDimensions() {
        ImageRecord record = TestImages.record("empty", PixelEncoding.RGB_PLANAR, 0, 32, 3, new byte[0]);

        assertThatThrownBy(() -> decoder.decode(record))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_DIMENSIONS))
                .hasMessage("image 'empty': width 0 × height 32 is not a positive size; "
                        + "set width and height to the image's size in pixels");
    }

    @Test
    void declaredSizeDifferentFromThePngIsWrongDimensions() {
        byte[] png = TestImages.png(TestImages.rgbImage(GRADIENT, BufferedImage.TYPE_3BYTE_BGR));

        assertThatThrownBy(() -> decoder.decode(TestImages.record("liar", PixelEncoding.PNG, 64, 32, 3, png)))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_DIMENSIONS))
                .hasMessage("image 'liar': pixels is a 32 × 32 PNG but width × height is 64 × 32; "
                        + "set width and height to the encoded image's size");
    }

    @Test
    void grayscalePngIsWrongDimensions() {
        BufferedImage gray = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);

        assertThatThrownBy(() -> decoder.decode(TestImages.record("gray", PixelEncoding.PNG, 32, 32, 3, TestImages.png(gray))))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_DIMENSIONS))
                .hasMessage("image 'gray': pixels is a PNG with 1 colour channel(s) (grayscale) but channels is 3; "
                        + "convert the image to RGB before sending it");
    }

    @Test
    void bytesThatAreNoImageAreUndecodable() {
        byte[] garbage = "definitely not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> decoder.decode(TestImages.record("junk", PixelEncoding.PNG, 32, 32, 3, garbage)))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
                .hasMessageStartingWith("image 'junk': pixels (23 bytes) cannot be decoded as PNG (")
                .hasMessageEndingWith("); send a complete PNG file or set encoding to match the bytes");
    }

    @Test
    void truncatedPngIsUndecodable() {
        byte[] png = TestImages.png(TestImages.rgbImage(GRADIENT, BufferedImage.TYPE_3BYTE_BGR));
        byte[] truncated = Arrays.copyOf(png, png.length / 2);

        assertThatThrownBy(() -> decoder.decode(TestImages.record("cut", PixelEncoding.PNG, 32, 32, 3, truncated)))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
                .hasMessageStartingWith("image 'cut': pixels (" + truncated.length + " bytes) cannot be decoded as PNG");
    }

    @Test
    void encodingNewerThanThisSchemaIsUndecodable() {
        assertThatThrownBy(() -> decoder.decode(TestImages.record("future", PixelEncoding.UNKNOWN, 32, 32, 3, new byte[3072])))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
                .hasMessageContaining("encoding is UNKNOWN");
    }

    @Test
    void pngBytesDeclaredAsJpegAreUndecodable() {
        byte[] png = TestImages.png(TestImages.rgbImage(GRADIENT, BufferedImage.TYPE_3BYTE_BGR));

        assertThatThrownBy(() -> decoder.decode(TestImages.record("mislabelled", PixelEncoding.JPEG, 32, 32, 3, png)))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
                .hasMessageStartingWith("image 'mislabelled': pixels (" + png.length + " bytes) cannot be decoded as JPEG");
    }

    @Test
    void pngLargerThanThePixelLimitIsPayloadTooLarge() {
        byte[] png = TestImages.png(TestImages.rgbImage(GRADIENT, BufferedImage.TYPE_3BYTE_BGR));
        ImageDecoder smallLimit = new ImageDecoder(1000);

        assertThatThrownBy(() -> smallLimit.decode(TestImages.record("huge", PixelEncoding.PNG, 32, 32, 3, png)))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE))
                .hasMessage("image 'huge': pixels is a 32 × 32 PNG, more than the 1000-pixel limit; "
                        + "downscale the image before sending it");
    }
}
