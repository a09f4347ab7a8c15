/** Kafka sources and exactly-once sinks, and the raw and encoded records they carry. */
package io.flinkalexnet.jobs.kafka;
