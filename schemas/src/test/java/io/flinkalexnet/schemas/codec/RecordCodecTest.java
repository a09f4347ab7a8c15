package io.flinkalexnet.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.flinkalexnet.schemas.ImageRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecordCodecTest {

  static Stream<Arguments> records() {
    return Stream.of(
        argumentSet("labelled ImageRecord", RecordCodec.imageRecord(), SampleRecords.labelledImage("cifar-10/1")),
        argumentSet("ImageRecord with null label and split", RecordCodec.imageRecord(), SampleRecords.unlabelledImage()),
        argumentSet("Prediction with top-3", RecordCodec.prediction(), SampleRecords.prediction()),
        argumentSet("ModelUpdate", RecordCodec.modelUpdate(), SampleRecords.modelUpdate()),
        argumentSet("ModelUpdate with null validationAccuracy", RecordCodec.modelUpdate(),
            SampleRecords.modelUpdateWithoutValidation()),
        argumentSet("DeadLetter", RecordCodec.deadLetter(), SampleRecords.deadLetter()),
        argumentSet("DeadLetter with null recordId", RecordCodec.deadLetter(), SampleRecords.undecodableDeadLetter()));
  }

  @ParameterizedTest
  @MethodSource("records")
  <T extends SpecificRecord> void decodeReturnsTheEncodedRecord(RecordCodec<T> codec, T record) throws Exception {
    assertThat(codec.decode(codec.encode(record))).isEqualTo(record);
  }

  @ParameterizedTest
  @MethodSource("io.flinkalexnet.schemas.codec.SampleRecords#contractSamples")
  <T extends SpecificRecord> void encodedRecordStartsWithMarkerThenTheAvscFingerprintLittleEndian(
      RecordCodec<T> codec, T record) {
    long avscFingerprint = SchemaNormalization.parsingFingerprint64(AvscFiles.parse(codec.schema().getName()));
    byte[] expectedHeader =
        ByteBuffer.allocate(10)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put((byte) 0xC3)
            .put((byte) 0x01)
            .putLong(avscFingerprint)
            .array();

    byte[] encoded = codec.encode(record);

    assertThat(Arrays.copyOf(encoded, 10)).isEqualTo(expectedHeader);
  }

  @ParameterizedTest
  @MethodSource("io.flinkalexnet.schemas.codec.SampleRecords#contractCodecs")
  void fingerprintIsTheParsingFingerprintOfTheAvscFile(RecordCodec<?> codec) {
    assertThat(codec.fingerprint())
        .isEqualTo(SchemaNormalization.parsingFingerprint64(AvscFiles.parse(codec.schema().getName())));
  }

  @Test
  void encodingANullRequiredFieldNamesTheRecordAndField() {
    ImageRecord withoutId = SampleRecords.labelledImage("x");
    withoutId.setId(null);

    assertThatThrownBy(() -> RecordCodec.imageRecord().encode(withoutId))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ImageRecord cannot be encoded: ")
        .hasMessageContaining("ImageRecord.id");
  }

  @Test
  void oneCodecRoundTripsFromManyThreadsAtOnce() throws Exception {
    RecordCodec<ImageRecord> shared = RecordCodec.imageRecord();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        int first = thread * 500;
        results.add(
            pool.submit(
                () ->
                    IntStream.range(first, first + 500)
                        .mapToObj(i -> SampleRecords.labelledImage("cifar-10/" + i))
                        .allMatch(record -> decodesBack(shared, record))));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean decodesBack(RecordCodec<ImageRecord> codec, ImageRecord record) {
    try {
      return codec.decode(codec.encode(record)).equals(record);
    } catch (RecordDecodingException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
