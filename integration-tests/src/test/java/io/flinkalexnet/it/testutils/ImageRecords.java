package io.flinkalexnet.it.testutils;

import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.PixelEncoding;
import io.flinkalexnet.schemas.Split;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Encoded ImageRecords of the learnable synthetic data set, as producers put them on a topic. */
public final class ImageRecords {

    private static final RecordCodec<ImageRecord> CODEC = RecordCodec.imageRecord();

    private ImageRecords() {}

    /** {@code count} synthetic images from index {@code first}, with the given split tag (null for none). */
    public static List<ImageRecord> synthetic(long seed, long first, int count, Split split) {
        return new SyntheticImages(seed).records(first, count, System.currentTimeMillis())
                .peek(record -> record.setSplit(split))
                .toList();
    }

    public static byte[] encode(ImageRecord record) {
        return CODEC.encode(record);
    }

    public static List<byte[]> encode(List<ImageRecord> records) {
        return records.stream().map(ImageRecords::encode).toList();
    }

    /** A copy of {@code record} with {@code change} applied. */
    public static ImageRecord copy(ImageRecord record, Consumer<ImageRecord> change) {
        ImageRecord copy = ImageRecord.newBuilder(record).build();
        change.accept(copy);
        return copy;
    }

    /**
     * One encoded record of each kind both jobs must dead-letter, by the reason they must give, made from a synthetic
     * image of {@code seed}; a mutable map, so a job's own kinds (a missing label for training) can be added.
     */
    public static Map<String, byte[]> badRecords(long seed) {
        Map<String, byte[]> bad = new HashMap<>();
        ImageRecord good = synthetic(seed, 0, 1, null).get(0);
        byte[] encoded = encode(good);
        byte[] unknownSchema = encoded.clone();
        unknownSchema[5] ^= 0x5A;
        bad.put("UNKNOWN_SCHEMA", unknownSchema);
        bad.put("TRUNCATED", Arrays.copyOf(encoded, encoded.length / 2));
        bad.put("NOT_SINGLE_OBJECT", "{\"id\": \"json\"}".getBytes(StandardCharsets.UTF_8));
        bad.put("WRONG_DIMENSIONS", encode(copy(good, r -> r.setPixels(ByteBuffer.wrap(new byte[3000])))));
        bad.put("UNDECODABLE_IMAGE", encode(copy(good, r -> {
            r.setEncoding(PixelEncoding.PNG);
            r.setPixels(ByteBuffer.wrap("not a png".getBytes(StandardCharsets.UTF_8)));
        })));
        bad.put("LABEL_OUT_OF_RANGE", encode(copy(good, r -> r.setLabel(12))));
        bad.put("PAYLOAD_TOO_LARGE", encode(copy(good, r -> {
            r.setEncoding(PixelEncoding.PNG);
            r.setPixels(ByteBuffer.wrap(new byte[30000]));
        })));
        return bad;
    }
}
