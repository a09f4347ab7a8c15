/** Reusable fixtures for the integration tests: a real KRaft Kafka broker, the Flink MiniCluster and test folders. */
package io.flinkalexnet.it.testutils;
