/** The Flink jobs: entry points and their typed options. */
package io.flinkalexnet.jobs;
