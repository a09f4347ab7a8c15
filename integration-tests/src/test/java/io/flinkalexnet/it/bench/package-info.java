/** Benchmark harnesses that need the test broker: the training job against the bare model-core loop. */
package io.flinkalexnet.it.bench;
