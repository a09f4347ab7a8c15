/**
 * The jobs as users deploy them: the shaded job jar submitted over REST to a standalone Flink cluster of separate
 * JobManager and TaskManager processes whose {@code lib/} folder holds DJL.
 */
package io.flinkalexnet.it.cluster;
