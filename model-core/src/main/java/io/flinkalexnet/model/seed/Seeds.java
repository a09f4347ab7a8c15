package io.flinkalexnet.model.seed;

import java.nio.charset.StandardCharsets;

/** Deterministic 64-bit seed mixing (SplitMix64 finaliser, FNV-1a string hash) for reproducible per-record randomness. */
public final class Seeds {

    /** SplitMix64's increment, 2^64 divided by the golden ratio, odd. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private static final long FNV_OFFSET_BASIS = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private Seeds() {}

    /** SplitMix64's finaliser: a bijective 64-bit mixer with full avalanche. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Mixes {@code value} into {@code seed}; for a fixed seed this is a bijection of the value, so distinct values
     * (e.g. epochs or image indices) never share a result.
     */
    public static long combine(long seed, long value) {
        return mix64((seed ^ value) + GOLDEN_GAMMA);
    }

    /** A 64-bit hash of the text's UTF-8 bytes (FNV-1a, then {@link #mix64(long)}). */
    public static long hash(String text) {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * FNV_PRIME;
        }
        return mix64(hash);
    }
}
