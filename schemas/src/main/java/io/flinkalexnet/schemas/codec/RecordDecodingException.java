package io.flinkalexnet.schemas.codec;

/**
 * Some bytes are not a readable single-object encoded record; {@link #reason()} is the dead-letter reason code.
 *
 * <p>Checked on purpose: bad bytes on a topic are an expected event that every consumer must route to the
 * dead-letter topic rather than let fail the job, and the compiler makes sure each caller decides where they go.
 */
public final class RecordDecodingException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the bytes could not be decoded; {@link #name()} is the code written to {@code DeadLetter.reason}. */
  public enum Reason {
    /** The bytes do not start with the single-object marker 0xC3 0x01 (e.g. JSON, Confluent framing, empty). */
    NOT_SINGLE_OBJECT,
    /** The marker is right but the schema fingerprint after it is not one this reader knows. */
    UNKNOWN_SCHEMA,
    /** The bytes end before the header or the record does. */
    TRUNCATED,
    /** Avro rejects the body: invalid enum or union index, negative or oversized length, or bytes left over. */
    CORRUPT
  }

  private final Reason reason;

  RecordDecodingException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  RecordDecodingException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Returns why decoding failed. */
  public Reason reason() {
    return reason;
  }
}
