/**
 * The inference job's operators: the micro-batching classifier with hot model swaps, and the loading
 * and checking of the model artifacts it serves.
 */
package io.flinkalexnet.jobs.infer;
