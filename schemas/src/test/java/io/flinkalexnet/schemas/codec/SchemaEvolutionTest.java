package io.flinkalexnet.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordDecodingException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

/** A reader of the next ImageRecord version reads today's records, and today's reader reads the next version's. */
class SchemaEvolutionTest {

  private static final Schema NEXT_IMAGE_RECORD =
      AvscFiles.parseWithSharedTypes(AvscFiles.MODULE_DIR.resolve("src/test/resources/evolution/ImageRecord-next.avsc"));

  @Test
  void nextVersionReaderReadsTodaysRecordWithTheNewFieldNull() throws Exception {
    ImageRecord today = SampleRecords.labelledImage("cifar-10/7");
    BinaryMessageDecoder<GenericRecord> nextReader = new BinaryMessageDecoder<>(GenericData.get(), NEXT_IMAGE_RECORD);
    nextReader.addSchema(ImageRecord.getClassSchema());

    GenericRecord read = nextReader.decode(RecordCodec.imageRecord().encode(today));

    assertThat(read.get("deviceId")).isNull();
    assertThat(read.get("id")).hasToString(today.getId());
    assertThat(read.get("eventTime")).isEqualTo(today.getEventTime().toEpochMilli());
    assertThat(read.get("label")).isEqualTo(today.getLabel());
    assertThat(read.get("pixels")).isEqualTo(today.getPixels());
    assertThat(read.get("split")).hasToString(today.getSplit().name());
  }

  @Test
  void todaysReaderWithTheNextSchemaRegisteredReadsTheOldFieldsOfANextVersionRecord() throws Exception {
    ImageRecord today = SampleRecords.labelledImage("cifar-10/8");
    RecordCodec<ImageRecord> codec = RecordCodec.imageRecord().withWriterSchemas(List.of(NEXT_IMAGE_RECORD));

    ImageRecord read = codec.decode(nextVersionOf(today, "camera-4"));

    assertThat(read).isEqualTo(today);
  }

  @Test
  void todaysReaderWithoutTheNextSchemaRejectsANextVersionRecordAsUnknownSchema() {
    byte[] next = nextVersionOf(SampleRecords.labelledImage("cifar-10/9"), "camera-4");

    assertThatThrownBy(() -> RecordCodec.imageRecord().decode(next))
        .isInstanceOfSatisfying(
            RecordDecodingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA));
  }

  @Test
  void registeringASchemaTheRecordCannotBeReadFromIsRejectedUpFront() {
    assertThatThrownBy(() -> RecordCodec.imageRecord().withWriterSchemas(List.of(Prediction.getClassSchema())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ImageRecord cannot read records written with writer schema ")
        .hasMessageContaining("io.flinkalexnet.schemas.Prediction");
  }

  @Test
  void javaSerializedCodecStillReadsItsRegisteredWriterSchemas() throws Exception {
    ImageRecord today = SampleRecords.labelledImage("cifar-10/10");
    RecordCodec<ImageRecord> original = RecordCodec.imageRecord().withWriterSchemas(List.of(NEXT_IMAGE_RECORD));

    RecordCodec<ImageRecord> copy = javaSerializationCopyOf(original);

    assertThat(copy.decode(nextVersionOf(today, "camera-4"))).isEqualTo(today);
  }

  /** Writes the record's fields plus the new deviceId the way a producer on the next version would. */
  private static byte[] nextVersionOf(ImageRecord record, String deviceId) {
    GenericRecord next = new GenericData.Record(NEXT_IMAGE_RECORD);
    for (Schema.Field field : ImageRecord.getClassSchema().getFields()) {
      next.put(field.name(), genericValue(record.get(field.name())));
    }
    next.put("deviceId", new Utf8(deviceId));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new BinaryMessageEncoder<GenericRecord>(GenericData.get(), NEXT_IMAGE_RECORD).encode(next, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** GenericData has no timestamp conversion, so a producer on the next version writes eventTime as a long. */
  private static Object genericValue(Object value) {
    return value instanceof Instant instant ? instant.toEpochMilli() : value;
  }

  @SuppressWarnings("unchecked")
  private static <T> T javaSerializationCopyOf(T object) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
