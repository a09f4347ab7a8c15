package io.flinkalexnet.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.kafka.SourceRecord;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.schemas.DeadLetter;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The decoder in Flink's operator harness: good records decoded, every bad one a dead letter with its reason. */
class ImageDecodeFunctionTest {

    private static final RecordCodec<ImageRecord> IMAGES = RecordCodec.imageRecord();
    private static final RecordCodec<DeadLetter> LETTERS = RecordCodec.deadLetter();

    @Test
    void decodesGoodRecordsWithTheirCoordinatesAndPass() throws Exception {
        ImageRecord record = new SyntheticImages(5).records(0, 1, 1234).findFirst().orElseThrow();
        try (OneInputStreamOperatorTestHarness<SourceRecord, DecodedImage> harness = harness(true, 20_000)) {
            harness.processElement(new StreamRecord<>(source(3, IMAGES.encode(record), 2)));

            List<DecodedImage> out = harness.extractOutputValues();
            assertThat(out).singleElement().satisfies(image -> {
                assertThat(image.id).isEqualTo(record.getId().toString());
                assertThat(image.label).isEqualTo(record.getLabel());
                assertThat(image.epoch).isEqualTo(2);
                assertThat(image.eventTime).isEqualTo(1234);
                assertThat(image.pixels).hasSize(3 * 32 * 32);
            });
            assertThat(harness.getSideOutput(DeadLetters.TAG)).isNull();
        }
    }

    @Test
    void sendsEveryBadRecordToTheDeadLettersWithItsReasonAndBytes() throws Exception {
        ImageRecord unlabelled = new SyntheticImages(5).records(0, 1, 0).findFirst().orElseThrow();
        unlabelled.setLabel(null);
        byte[] notAnImage = "{\"id\": \"json\"}".getBytes(StandardCharsets.UTF_8);
        byte[] tooLarge = new byte[20_001];
        try (OneInputStreamOperatorTestHarness<SourceRecord, DecodedImage> harness = harness(true, 20_000)) {
            harness.processElement(new StreamRecord<>(source(0, notAnImage, 0)));
            harness.processElement(new StreamRecord<>(source(1, IMAGES.encode(unlabelled), 0)));
            harness.processElement(new StreamRecord<>(source(2, tooLarge, 0)));

            assertThat(harness.extractOutputValues()).isEmpty();
            List<DeadLetter> letters = harness.getSideOutput(DeadLetters.TAG).stream()
                    .map(StreamRecord::getValue).map(ImageDecodeFunctionTest::decode).toList();
            assertThat(letters).extracting(letter -> letter.getReason().toString())
                    .containsExactly("NOT_SINGLE_OBJECT", "MISSING_LABEL", "PAYLOAD_TOO_LARGE");
            assertThat(letters).extracting(DeadLetter::getOffset).containsExactly(0L, 1L, 2L);
            assertThat(letters).allSatisfy(letter -> assertThat(letter.getJob()).hasToString("training"));
            assertThat(letters.get(0).getPayload().array()).isEqualTo(notAnImage);
            assertThat(letters.get(1).getRecordId()).hasToString(unlabelled.getId().toString());
            assertThat(letters.get(2).getMessage().toString()).contains("raise the record size limit");
        }
    }

    @Test
    void inferenceTakesRecordsWithoutALabel() throws Exception {
        ImageRecord unlabelled = new SyntheticImages(5).records(0, 1, 0).findFirst().orElseThrow();
        unlabelled.setLabel(null);
        try (OneInputStreamOperatorTestHarness<SourceRecord, DecodedImage> harness = harness(false, 20_000)) {
            harness.processElement(new StreamRecord<>(source(0, IMAGES.encode(unlabelled), 0)));

            assertThat(harness.extractOutputValues()).singleElement()
                    .satisfies(image -> assertThat(image.label).isEqualTo(DecodedImage.NO_LABEL));
        }
    }

    private static OneInputStreamOperatorTestHarness<SourceRecord, DecodedImage> harness(boolean training,
            int maxBytes) throws Exception {
        OneInputStreamOperatorTestHarness<SourceRecord, DecodedImage> harness = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new ImageDecodeFunction(training ? "training" : "inference", training, 10,
                        maxBytes)));
        harness.open();
        return harness;
    }

    private static SourceRecord source(long offset, byte[] value, int epoch) {
        return new SourceRecord("images", 0, offset, 0, null, value, epoch);
    }

    private static DeadLetter decode(EncodedRecord record) {
        try {
            return LETTERS.decode(record.value);
        } catch (Exception e) {
            throw new AssertionError("not a DeadLetter", e);
        }
    }
}
