/**
 * The Avro contract records, generated at build time from {@code schemas/avro/*.avsc}: {@link
 * io.flinkalexnet.schemas.ImageRecord}, {@link io.flinkalexnet.schemas.Prediction}, {@link
 * io.flinkalexnet.schemas.ModelUpdate}, {@link io.flinkalexnet.schemas.DeadLetter} and their shared types.
 *
 * <p>Do not use the generated classes' own {@code toByteBuffer}/{@code fromByteBuffer} on Kafka data: use
 * {@link io.flinkalexnet.schemas.codec.RecordCodec}, which turns bad input into a {@link
 * io.flinkalexnet.schemas.codec.RecordDecodingException} with a dead-letter reason.
 */
package io.flinkalexnet.schemas;
