/** The local stack: a KRaft Kafka broker and a Flink MiniCluster in this JVM, their run folder, and the jobs on it. */
package io.flinkalexnet.launcher.stack;
