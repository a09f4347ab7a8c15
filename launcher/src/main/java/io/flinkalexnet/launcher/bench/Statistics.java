package io.flinkalexnet.launcher.bench;

import java.util.Arrays;

/** The few statistics the benchmarks report. */
final class Statistics {

    private Statistics() {}

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /**
     * A job's rate against the bare loop measured just before and just after it: the machine's speed drifts by
     * several per cent over minutes on a shared host, and bracketing keeps that drift out of the ratio.
     */
    static double ratioToBracket(double job, double bareBefore, double bareAfter) {
        return job / ((bareBefore + bareAfter) / 2);
    }
}
