package io.opsknight.identity.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Median, p95 and a bootstrap 95% interval for the ratio of medians (A / B). */
final class Stats {

    private Stats() {
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = p * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    static double median(double[] values) {
        return percentile(values, 0.5);
    }

    /** [low, high] of the ratio median(a) / median(b) over 2,000 bootstrap resamples (seeded: reproducible). */
    static double[] ratioInterval(double[] a, double[] b) {
        Random random = new Random(42);
        int rounds = 2000;
        double[] ratios = new double[rounds];
        double[] ra = new double[a.length];
        double[] rb = new double[b.length];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < a.length; i++) {
                ra[i] = a[random.nextInt(a.length)];
            }
            for (int i = 0; i < b.length; i++) {
                rb[i] = b[random.nextInt(b.length)];
            }
            ratios[r] = median(ra) / median(rb);
        }
        return new double[] {percentile(ratios, 0.025), percentile(ratios, 0.975)};
    }

    static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
