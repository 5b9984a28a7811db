package io.santkrupa.seed;

import java.util.List;
import java.util.SplittableRandom;

/** Picks one of a list with Zipf-like weights: the n-th (from 1) is chosen in proportion to 1/n^exponent. */
final class WeightedChoice<T> {

    private final List<T> values;
    private final double[] cumulative;

    WeightedChoice(List<T> values, double exponent) {
        this.values = List.copyOf(values);
        this.cumulative = new double[values.size()];
        double total = 0;
        for (int i = 0; i < values.size(); i++) {
            total += 1.0 / Math.pow(i + 1, exponent);
            cumulative[i] = total;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= total;
        }
    }

    T pick(SplittableRandom random) {
        double r = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < r) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return values.get(low);
    }

    /** The share of picks the n-th value gets (from 1), for the documentation's figures and tests. */
    double share(int n) {
        return cumulative[n - 1] - (n == 1 ? 0 : cumulative[n - 2]);
    }
}
