package io.flinkalexnet.jobs.kafka;

/**
 * A record ready for a Kafka sink: key and value already encoded (values are Avro single-object
 * encoded by {@code RecordCodec}), so Flink never has to serialise Avro classes between operators.
 */
public class EncodedRecord {
    public byte[] key;
    public byte[] value;

    public EncodedRecord() {}

    public EncodedRecord(byte[] key, byte[] value) {
        this.key = key;
        this.value = value;
    }
}
