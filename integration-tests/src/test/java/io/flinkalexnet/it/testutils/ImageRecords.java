package io.flinkalexnet.it.testutils;

import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.Split;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.util.List;

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
}
