/** End-to-end tests of the streaming stack: Flink jobs on a MiniCluster against a real Kafka broker. */
package io.flinkalexnet.it;
