/**
 * A bounded Kafka source that reads the records present in a topic when the job first starts, a given number of
 * times, one epoch after another. It replaces Flink's {@code HybridSource} of one {@code KafkaSource} per epoch, which
 * hangs when a task fails after it switched epochs but before the next checkpoint: the readers restore into the old
 * epoch and never hear that it has no more splits.
 */
package io.flinkalexnet.jobs.kafka.epoch;
