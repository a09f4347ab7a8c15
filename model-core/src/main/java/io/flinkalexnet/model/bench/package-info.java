/** Runnable harnesses: the bare model-core benchmark and the opt-in CIFAR-10 long run. */
package io.flinkalexnet.model.bench;
