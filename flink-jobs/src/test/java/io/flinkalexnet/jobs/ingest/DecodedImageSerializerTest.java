package io.flinkalexnet.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DecodedImageSerializerTest {

    private final TypeSerializer<DecodedImage> serializer =
            TypeInformation.of(DecodedImage.class).createSerializer(new SerializerConfigImpl());

    @Test
    void flinkPicksThisSerializerForEveryUseOfTheType() {
        assertThat(TypeInformation.of(DecodedImage.class)).isInstanceOf(DecodedImageTypeInfo.class);
        assertThat(serializer).isInstanceOf(DecodedImageSerializer.class);
    }

    @Test
    void everyFieldSurvivesARoundTripBitForBit() throws IOException {
        DecodedImage image = image("img-ü-1", 3072, 7L);
        image.pixels[0] = Float.NaN;
        image.pixels[1] = -0.0f;
        image.pixels[2] = Float.MIN_VALUE;

        DecodedImage copy = roundTrip(image);

        assertThat(copy).usingRecursiveComparison().ignoringFields("pixels").isEqualTo(image);
        assertThat(rawBits(copy.pixels)).containsExactly(rawBits(image.pixels));
        assertThat(copy.pixels).isNotSameAs(image.pixels);
    }

    @Test
    void absentSplitAndPixelsStayAbsent() throws IOException {
        DecodedImage image = image("no-pixels", 0, 1L);
        image.split = null;
        image.pixels = null;

        DecodedImage copy = roundTrip(image);

        assertThat(copy.split).isNull();
        assertThat(copy.pixels).isNull();
        assertThat(copy.id).isEqualTo("no-pixels");
    }

    @Test
    void recordsReadBackToBackKeepTheirOwnPixels() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        DecodedImage first = image("a", 3072, 1L);
        DecodedImage second = image("b", 12, 2L);
        serializer.serialize(first, out);
        serializer.serialize(second, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

        DecodedImage readFirst = serializer.deserialize(in);
        DecodedImage readSecond = serializer.deserialize(in);

        assertThat(readFirst.pixels).containsExactly(first.pixels);
        assertThat(readSecond.pixels).containsExactly(second.pixels);
        assertThat(in.available()).isZero();
    }

    @Test
    void copiesAreDeepAndDuplicatesIndependent() {
        DecodedImage image = image("c", 16, 3L);

        DecodedImage copy = serializer.copy(image);
        image.pixels[0] = 42f;

        assertThat(copy.pixels[0]).isNotEqualTo(42f);
        assertThat(serializer.duplicate()).isNotSameAs(serializer).isEqualTo(serializer);
    }

    @Test
    void aSnapshotRestoresACompatibleSerializer() throws IOException {
        TypeSerializerSnapshot<DecodedImage> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);

        TypeSerializerSnapshot<DecodedImage> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isInstanceOf(DecodedImageSerializer.class);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs())
                .isTrue();
    }

    @Test
    void aNegativePixelCountIsReportedAsCorrupt() throws IOException {
        DecodedImage image = image("bad", 0, 4L);
        image.pixels = null;
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(image, out);
        byte[] bytes = out.getCopyOfBuffer();
        bytes[bytes.length - 1] = -2;

        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt serialised image bad");
    }

    private DecodedImage roundTrip(DecodedImage image) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(image, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static DecodedImage image(String id, int floats, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DecodedImage image = new DecodedImage();
        image.id = id;
        image.label = random.nextInt(10);
        image.split = "TRAIN";
        image.epoch = random.nextInt(5);
        image.eventTime = random.nextLong();
        image.receivedAt = random.nextLong();
        image.heldOut = random.nextBoolean();
        image.pixels = new float[floats];
        for (int i = 0; i < floats; i++) {
            image.pixels[i] = (float) random.nextDouble();
        }
        return image;
    }
}
