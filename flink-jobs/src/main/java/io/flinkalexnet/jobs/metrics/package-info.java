/** Metrics the jobs' operators share. */
package io.flinkalexnet.jobs.metrics;
