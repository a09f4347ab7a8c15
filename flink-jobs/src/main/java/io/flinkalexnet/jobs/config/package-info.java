/** Option parsing shared by the jobs: Flink configuration overlaid with the command line. */
package io.flinkalexnet.jobs.config;
