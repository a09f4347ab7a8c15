/** One-step-at-a-time training with a complete, restorable training state. */
package io.flinkalexnet.model.train;
