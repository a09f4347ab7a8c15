package io.flinkalexnet.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.codec.RecordDecodingException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bad value yields its dead-letter reason and a one-line message naming the record type. */
class RecordDecodingErrorsTest {

  private final RecordCodec<ImageRecord> codec = RecordCodec.imageRecord();
  private final byte[] validImage = codec.encode(SampleRecords.labelledImage("cifar-10/3"));

  @ParameterizedTest
  @NullAndEmptySource
  void emptyValueIsNotSingleObject(byte[] value) {
    RecordDecodingException failure = failureOf(codec, value);

    assertThat(failure.reason()).isEqualTo(Reason.NOT_SINGLE_OBJECT);
    assertThat(failure).hasMessageContaining("empty");
  }

  @ParameterizedTest
  @MethodSource("io.flinkalexnet.schemas.codec.SampleRecords#contractSamples")
  <T extends SpecificRecord> void everyProperPrefixOfARecordIsTruncated(RecordCodec<T> contract, T record) {
    byte[] whole = contract.encode(record);

    for (int length = 1; length < whole.length; length++) {
      assertThat(failureOf(contract, Arrays.copyOf(whole, length)).reason())
          .as("reason for the first %d of %d bytes", length, whole.length)
          .isEqualTo(Reason.TRUNCATED);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 9})
  void cutInsideTheHeaderIsTruncatedAndSaysWhere(int length) {
    RecordDecodingException failure = failureOf(codec, Arrays.copyOf(validImage, length));

    assertThat(failure.reason()).isEqualTo(Reason.TRUNCATED);
    assertThat(failure).hasMessageContaining("end inside the 10-byte single-object header");
  }

  @Test
  void headerWithoutBodyIsTruncatedAndSaysTheRecordEndsEarly() {
    RecordDecodingException failure = failureOf(codec, Arrays.copyOf(validImage, 10));

    assertThat(failure.reason()).isEqualTo(Reason.TRUNCATED);
    assertThat(failure).hasMessageContaining("10 bytes end before the record does");
  }

  @Test
  void jsonIsNotSingleObjectAndSaysItLooksLikeJson() {
    byte[] json = "{\"id\": \"cifar-10/3\", \"width\": 32}".getBytes(StandardCharsets.UTF_8);

    RecordDecodingException failure = failureOf(codec, json);

    assertThat(failure.reason()).isEqualTo(Reason.NOT_SINGLE_OBJECT);
    assertThat(failure).hasMessageContaining("0x7B 0x22 (looks like JSON)");
  }

  @Test
  void confluentFramedRecordIsNotSingleObjectAndSaysItLooksLikeConfluent() {
    ByteBuffer confluent = ByteBuffer.allocate(5 + validImage.length - 10);
    confluent.put((byte) 0x00).putInt(42).put(validImage, 10, validImage.length - 10);

    RecordDecodingException failure = failureOf(codec, confluent.array());

    assertThat(failure.reason()).isEqualTo(Reason.NOT_SINGLE_OBJECT);
    assertThat(failure).hasMessageContaining("Confluent Schema Registry framing");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void randomBytesAreNotSingleObject(long seed) {
    byte[] random = new byte[64];
    new Random(seed).nextBytes(random);

    assertThat(failureOf(codec, random).reason()).isEqualTo(Reason.NOT_SINGLE_OBJECT);
  }

  @Test
  void unknownFingerprintIsUnknownSchemaAndNamesBothFingerprintsAndTheFix() {
    byte[] otherSchema = validImage.clone();
    otherSchema[5] ^= 0x40;
    long otherFingerprint = ByteBuffer.wrap(otherSchema, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();

    RecordDecodingException failure = failureOf(codec, otherSchema);

    assertThat(failure.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA);
    assertThat(failure)
        .hasMessageContaining("fingerprint " + RecordCodec.wireHex(otherFingerprint))
        .hasMessageContaining("this reader knows " + RecordCodec.wireHex(codec.fingerprint()))
        .hasMessageContaining("schemas/avro/ImageRecord.avsc")
        .hasMessageContaining("withWriterSchemas");
  }

  @Test
  void invalidEnumIndexIsCorrupt() throws IOException {
    byte[] value =
        imageWithBody(
            body -> {
              writeFieldsBeforeEncoding(body);
              body.writeEnum(20);
            });

    RecordDecodingException failure = failureOf(codec, value);

    assertThat(failure.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(failure).hasMessageContaining("enum symbol or union branch index is out of range");
  }

  @Test
  void negativeLengthIsCorrupt() throws IOException {
    byte[] value = imageWithBody(body -> body.writeLong(-1));

    RecordDecodingException failure = failureOf(codec, value);

    assertThat(failure.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(failure).hasMessageContaining("Length is negative");
  }

  /**
   * Relies on the Avro limits this module's surefire configuration sets, the same the jobs must run with: without
   * them Avro would try to allocate the gigabyte the record claims.
   */
  @Test
  void lengthBeyondTheAvroLimitIsCorruptInsteadOfAllocated() throws IOException {
    byte[] value =
        imageWithBody(
            body -> {
              writeFieldsBeforeEncoding(body);
              body.writeEnum(0);
              body.writeLong(1L << 30);
              body.writeFixed(new byte[] {1, 2, 3});
            });

    RecordDecodingException failure = failureOf(codec, value);

    assertThat(failure.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(failure).hasMessageContaining("beyond the JVM's Avro limit");
  }

  @Test
  void bytesAfterTheRecordAreCorrupt() {
    byte[] twoRecords = Arrays.copyOf(validImage, validImage.length * 2);
    System.arraycopy(validImage, 0, twoRecords, validImage.length, validImage.length);

    RecordDecodingException failure = failureOf(codec, twoRecords);

    assertThat(failure.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(failure).hasMessageContaining(validImage.length + " of its " + twoRecords.length + " bytes follow");
  }

  /** Decodes bytes that must fail, and checks the message is one line that starts with the record type. */
  private static RecordDecodingException failureOf(RecordCodec<?> codec, byte[] value) {
    try {
      codec.decode(value);
    } catch (RecordDecodingException e) {
      assertThat(e.getMessage()).startsWith(codec.schema().getName() + " ").doesNotContain("\n", "\r");
      return e;
    }
    throw new AssertionError(codec.schema().getName() + " codec accepted a value it should reject");
  }

  /** Today's ImageRecord header followed by a hand-written Avro body. */
  private byte[] imageWithBody(BodyWriter bodyWriter) throws IOException {
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    value.write(validImage, 0, 10);
    BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(value, null);
    bodyWriter.write(body);
    body.flush();
    return value.toByteArray();
  }

  /** Writes valid id, eventTime, label (null), width, height and channels, the fields before encoding. */
  private static void writeFieldsBeforeEncoding(BinaryEncoder body) throws IOException {
    body.writeString("cifar-10/3");
    body.writeLong(1_700_000_000_000L);
    body.writeIndex(0);
    body.writeInt(32);
    body.writeInt(32);
    body.writeInt(3);
  }

  /** Writes part of an Avro body. */
  private interface BodyWriter {
    void write(BinaryEncoder body) throws IOException;
  }
}
