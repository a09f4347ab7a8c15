/**
 * The Flink jobs: entry points, their options ({@code *JobOptions}) and their checked settings ({@code *JobConfig}).
 */
package io.flinkalexnet.jobs;
