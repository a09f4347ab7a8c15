/**
 * Deterministic seed mixing that the trainer, the synthetic data set and augmentation derive their randomness
 * from, so a replayed record or a resumed step draws exactly the same numbers.
 */
package io.flinkalexnet.model.seed;
