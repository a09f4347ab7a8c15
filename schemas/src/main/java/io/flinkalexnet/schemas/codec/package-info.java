/**
 * Avro single-object encoding of the contract records: {@link io.flinkalexnet.schemas.codec.RecordCodec} writes and
 * reads the bytes of every Kafka value, and {@link io.flinkalexnet.schemas.codec.RecordDecodingException} says, with a
 * dead-letter reason code, why some bytes are not a readable record.
 */
package io.flinkalexnet.schemas.codec;
