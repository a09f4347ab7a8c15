/** The Kafka side of the tools: connection settings and checks, the image producer, reading predictions and topics. */
package io.flinkalexnet.launcher.kafka;
