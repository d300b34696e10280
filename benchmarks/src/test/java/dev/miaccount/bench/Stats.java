package dev.miaccount.bench;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of a set of latencies, in milliseconds. */
record Stats(int count, double p50, double p99, double max) {

    static Stats ofMillis(Collection<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Stats(sorted.length, at(sorted, 0.50), at(sorted, 0.99), sorted[sorted.length - 1]);
    }

    static Stats ofNanos(long[] nanos) {
        double[] sorted = Arrays.stream(nanos).mapToDouble(n -> n / 1e6).sorted().toArray();
        if (sorted.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Stats(sorted.length, at(sorted, 0.50), at(sorted, 0.99), sorted[sorted.length - 1]);
    }

    /** Nearest rank: the smallest value with at least {@code q} of the set at or below it. */
    private static double at(double[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    @Override
    public String toString() {
        return String.format("p50 %.2f ms, p99 %.2f ms, max %.1f ms (n=%d)", p50, p99, max, count);
    }
}
