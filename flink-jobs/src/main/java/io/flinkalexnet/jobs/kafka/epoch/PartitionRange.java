package io.flinkalexnet.jobs.kafka.epoch;

import java.io.Serializable;

/** The offsets of one partition that every epoch reads: those present when the job first started. */
record PartitionRange(int partition, long startOffset, long stopOffset) implements Serializable {}
