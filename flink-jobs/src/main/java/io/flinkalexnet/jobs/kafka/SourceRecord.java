package io.flinkalexnet.jobs.kafka;

/**
 * A Kafka record as read, before decoding: where it came from (for dead letters), its bytes, and
 * which pass over the topic (epoch) read it.
 */
public class SourceRecord {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;
    public int epoch;

    public SourceRecord() {}

    public SourceRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value, int epoch) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.epoch = epoch;
    }
}
