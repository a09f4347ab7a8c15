package io.flinkalexnet.schemas.codec;

import io.flinkalexnet.schemas.DeadLetter;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.TrainingStep;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordDecodingException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SystemLimitException;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one contract record type in Avro single-object encoding, the format of every Kafka value.
 *
 * <p>The wire format is the marker {@code 0xC3 0x01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the
 * writer schema's parsing canonical form, then the Avro binary body (see {@code schemas/README.md}). {@link #encode}
 * always writes with this build's schema; {@link #decode} reads records written with this build's schema or with
 * any schema registered through {@link #withWriterSchemas}, and turns every failure into a {@link
 * RecordDecodingException} whose reason is a dead-letter code.
 *
 * <p>Instances are immutable and thread-safe (Avro's encoder and decoder keep their buffers per thread), so one
 * instance may be shared by every subtask of a JVM. They are {@link Serializable} through a small serialized form
 * (the record class and the registered writer schemas as JSON) from which the encoder and decoder are rebuilt, so a
 * codec can be a plain field of a Flink function.
 *
 * <p>Avro allocates each string, bytes and array from its length prefix before reading it, so one corrupt length
 * can ask for up to 2 GiB; consumers must run with the JVM limits listed in {@code schemas/README.md}, under which
 * such a record is rejected as {@link Reason#CORRUPT}.
 *
 * @param <T> the generated record class
 */
public final class RecordCodec<T extends SpecificRecord> implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The single-object marker followed by the 8-byte fingerprint. */
  private static final int HEADER_LENGTH = 10;

  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;

  private final Class<T> recordClass;
  private final Schema schema;
  private final long fingerprint;
  /** The writer schemas registered besides {@link #schema}, kept only to be serialized. */
  private final List<Schema> writerSchemas;
  /** Every fingerprint {@link #decoder} resolves, this build's first; for error messages. */
  private final List<Long> knownFingerprints;

  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private RecordCodec(Class<T> recordClass, List<Schema> writerSchemas) {
    SpecificData model = SpecificData.getForClass(recordClass);
    this.recordClass = recordClass;
    this.schema = model.getSchema(recordClass);
    this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);

    Map<Long, Schema> registered = new LinkedHashMap<>();
    for (Schema writerSchema : writerSchemas) {
      long writerFingerprint = SchemaNormalization.parsingFingerprint64(writerSchema);
      if (writerFingerprint != fingerprint && !registered.containsKey(writerFingerprint)) {
        requireReadable(writerSchema, writerFingerprint);
        registered.put(writerFingerprint, writerSchema);
        decoder.addSchema(writerSchema);
      }
    }
    this.writerSchemas = List.copyOf(registered.values());
    List<Long> known = new ArrayList<>();
    known.add(fingerprint);
    known.addAll(registered.keySet());
    this.knownFingerprints = List.copyOf(known);
  }

  /** Returns the codec of {@link ImageRecord}, the value of {@code images.train} and {@code images.infer}. */
  public static RecordCodec<ImageRecord> imageRecord() {
    return new RecordCodec<>(ImageRecord.class, List.of());
  }

  /** Returns the codec of {@link Prediction}, the value of {@code predictions}. */
  public static RecordCodec<Prediction> prediction() {
    return new RecordCodec<>(Prediction.class, List.of());
  }

  /** Returns the codec of {@link ModelUpdate}, the value of {@code models}. */
  public static RecordCodec<ModelUpdate> modelUpdate() {
    return new RecordCodec<>(ModelUpdate.class, List.of());
  }

  /** Returns the codec of {@link DeadLetter}, the value of {@code images.dlq}. */
  public static RecordCodec<DeadLetter> deadLetter() {
    return new RecordCodec<>(DeadLetter.class, List.of());
  }

  /** Returns the codec of {@link TrainingStep}, the value of the optional training-log topic. */
  public static RecordCodec<TrainingStep> trainingStep() {
    return new RecordCodec<>(TrainingStep.class, List.of());
  }

  /**
   * Returns a codec that also decodes records written with the given schemas (older or newer versions of this
   * record), resolving them to this build's record class by Avro's schema resolution rules.
   *
   * @throws IllegalArgumentException if this build's record cannot be resolved from one of them
   */
  public RecordCodec<T> withWriterSchemas(Collection<Schema> additionalWriterSchemas) {
    List<Schema> all = new ArrayList<>(writerSchemas);
    all.addAll(additionalWriterSchemas);
    return new RecordCodec<>(recordClass, all);
  }

  /**
   * Returns the single-object encoding of the record, written with this build's schema.
   *
   * @throws IllegalArgumentException if the record cannot be encoded, e.g. a required field is null
   */
  public byte[] encode(T record) {
    Objects.requireNonNull(record, () -> schema.getName() + " to encode is null");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      encoder.encode(record, out);
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to a byte array cannot fail", e);
    } catch (NullPointerException | ClassCastException | AvroRuntimeException e) {
      // Avro's message names the field, e.g. "null value for (non-nullable) string at ImageRecord.id".
      throw new IllegalArgumentException(
          schema.getName()
              + " cannot be encoded: "
              + oneLine(e.getMessage())
              + "; set every required field (newBuilder().build() checks them).",
          e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes one single-object encoded record, e.g. a Kafka record's value.
   *
   * @param bytes the value; null (a Kafka tombstone) is reported like an empty value
   * @throws RecordDecodingException if the bytes are not a complete record of a known writer schema
   */
  public T decode(byte[] bytes) throws RecordDecodingException {
    if (bytes == null || bytes.length == 0) {
      throw new RecordDecodingException(
          Reason.NOT_SINGLE_OBJECT,
          schema.getName()
              + " value is empty (null or 0 bytes, e.g. a Kafka tombstone), not an Avro single-object encoded record;"
              + " produce it with "
              + produceHint()
              + ".");
    }
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    T record;
    try {
      record = decoder.decode(in, null);
    } catch (BadHeaderException e) {
      throw headerFailure(bytes, e);
    } catch (MissingSchemaException e) {
      throw unknownSchema(bytes, e);
    } catch (IOException | RuntimeException e) {
      throw bodyFailure(bytes, e);
    }
    // Avro stops at the record's end; leftover bytes mean the record is not what its producer meant to send.
    if (in.available() > 0) {
      throw new RecordDecodingException(
          Reason.CORRUPT,
          schema.getName()
              + " value is corrupt: "
              + in.available()
              + " of its "
              + bytes.length
              + " bytes follow the end of the record; send exactly one record per Kafka value.");
    }
    return record;
  }

  /** Returns the CRC-64-AVRO fingerprint of this build's schema, the long that {@link #encode} writes. */
  public long fingerprint() {
    return fingerprint;
  }

  /** Returns this build's schema of the record, the one {@link #encode} writes and {@link #decode} returns. */
  public Schema schema() {
    return schema;
  }

  /** Returns the generated class this codec encodes and decodes. */
  public Class<T> recordClass() {
    return recordClass;
  }

  @Override
  public String toString() {
    return "RecordCodec[" + schema.getName() + ", fingerprint " + wireHex(fingerprint) + "]";
  }

  /** Formats a fingerprint as the 16 hex digits of its 8 bytes in wire (little-endian) order. */
  static String wireHex(long fingerprint) {
    return HexFormat.of()
        .formatHex(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint).array());
  }

  private void requireReadable(Schema writerSchema, long writerFingerprint) {
    SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(schema, writerSchema);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      String problems =
          compatibility.getResult().getIncompatibilities().stream()
              .map(
                  problem ->
                      oneLine(problem.getMessage())
                          + " ("
                          + problem.getType()
                          + " at "
                          + problem.getLocation()
                          + ")")
              .collect(Collectors.joining(", "));
      throw new IllegalArgumentException(
          schema.getName()
              + " cannot read records written with writer schema "
              + writerSchema.getFullName()
              + " (fingerprint "
              + wireHex(writerFingerprint)
              + "): "
              + problems
              + "; evolve schemas only by adding fields with defaults (see schemas/README.md).");
    }
  }

  private RecordDecodingException headerFailure(byte[] bytes, BadHeaderException e) {
    boolean markerSoFar = bytes[0] == MARKER_0 && (bytes.length == 1 || bytes[1] == MARKER_1);
    if (markerSoFar) {
      return new RecordDecodingException(
          Reason.TRUNCATED,
          schema.getName()
              + " value is truncated: its "
              + bytes.length
              + " bytes end inside the "
              + HEADER_LENGTH
              + "-byte single-object header (0xC3 0x01 and the schema fingerprint); resend the complete record.",
          e);
    }
    return new RecordDecodingException(
        Reason.NOT_SINGLE_OBJECT,
        schema.getName()
            + " value is not an Avro single-object encoded record: it starts with "
            + describeStart(bytes)
            + " instead of 0xC3 0x01; produce it with "
            + produceHint()
            + ".",
        e);
  }

  private RecordDecodingException unknownSchema(byte[] bytes, MissingSchemaException e) {
    long writerFingerprint = ByteBuffer.wrap(bytes, 2, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String known = knownFingerprints.stream().map(RecordCodec::wireHex).collect(Collectors.joining(", "));
    return new RecordDecodingException(
        Reason.UNKNOWN_SCHEMA,
        schema.getName()
            + " value was written with an unknown schema, fingerprint "
            + wireHex(writerFingerprint)
            + " (this reader knows "
            + known
            + "); produce it with "
            + produceHint()
            + " or register its writer schema with RecordCodec.withWriterSchemas.",
        e);
  }

  private RecordDecodingException bodyFailure(byte[] bytes, Exception e) {
    Throwable deepest = e;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof EOFException) {
        return new RecordDecodingException(
            Reason.TRUNCATED,
            schema.getName()
                + " value is truncated: its "
                + bytes.length
                + " bytes end before the record does; resend the complete record.",
            e);
      }
      deepest = cause;
    }
    String problem;
    if (deepest instanceof ArrayIndexOutOfBoundsException) {
      problem = "an enum symbol or union branch index is out of range";
    } else if (deepest instanceof SystemLimitException || deepest instanceof UnsupportedOperationException) {
      problem = "a string, bytes or array length is beyond the JVM's Avro limit (" + oneLine(deepest.getMessage()) + ")";
    } else {
      problem = "Avro rejects its body (" + oneLine(deepest.getMessage()) + ")";
    }
    return new RecordDecodingException(
        Reason.CORRUPT,
        schema.getName() + " value is corrupt: " + problem + "; produce it with " + produceHint() + ".",
        e);
  }

  private String produceHint() {
    return "Avro single-object encoding of schemas/avro/" + schema.getName() + ".avsc (see schemas/README.md)";
  }

  private static String describeStart(byte[] bytes) {
    String start =
        bytes.length == 1 ? hexByte(bytes[0]) : hexByte(bytes[0]) + " " + hexByte(bytes[1]);
    if (bytes[0] == 0x00) {
      return start + " (looks like Confluent Schema Registry framing)";
    }
    String text = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII);
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      return start + " (looks like JSON)";
    }
    return start;
  }

  private static String hexByte(byte b) {
    return String.format("0x%02X", b);
  }

  private static String oneLine(String text) {
    return text == null ? "no detail" : text.strip().replaceAll("\\s+", " ");
  }

  private Object writeReplace() {
    return new SerializedForm(recordClass, writerSchemas.stream().map(Schema::toString).toList());
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("RecordCodec is deserialized only through its SerializedForm");
  }

  /** What a serialized codec holds: the record class and its extra writer schemas as JSON. */
  private static final class SerializedForm implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Class<? extends SpecificRecord> recordClass;
    private final List<String> writerSchemaJson;

    SerializedForm(Class<? extends SpecificRecord> recordClass, List<String> writerSchemaJson) {
      this.recordClass = recordClass;
      this.writerSchemaJson = writerSchemaJson;
    }

    private Object readResolve() {
      List<Schema> schemas = writerSchemaJson.stream().map(json -> new Schema.Parser().parse(json)).toList();
      return new RecordCodec<>(recordClass, schemas);
    }
  }
}
