/**
 * What the jobs share about their options: the shared options themselves ({@code AlexnetOptions}), their reading
 * from the Flink configuration overlaid with the command line ({@code JobConfiguration}), and the Kafka settings.
 */
package io.flinkalexnet.jobs.config;
