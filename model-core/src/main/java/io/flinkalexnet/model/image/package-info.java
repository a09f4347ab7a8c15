/**
 * Image preprocessing on plain {@code float[]} arrays: decoding and validating {@code ImageRecord}s into
 * 3×32×32 CHW floats in [0, 1], bilinear resizing, per-channel normalisation and seeded augmentation.
 *
 * <p>Everything here is pure Java, allocation-free per pixel and deterministic bit for bit (all
 * trigonometry goes through {@link java.lang.StrictMath}), so a replayed record is preprocessed exactly
 * as before. Classes are immutable unless their Javadoc says otherwise.
 */
package io.flinkalexnet.model.image;
