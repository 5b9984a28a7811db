package io.santkrupa.seed;

import java.util.Arrays;

/**
 * How many patients each seeded clinic gets: a skewed split like a real platform's, weights
 * {@code 1/n + 0.01} for the n-th clinic -- with 200 clinics and 1,000,000 patients clinic 1 has
 * about 128,000, clinics 2 to 5 between 64,000 and 26,000, and most a few thousand. The sizes
 * always add up to the total exactly (largest remainders) and never grow with n.
 */
final class ClinicSizes {

    private ClinicSizes() {
    }

    static int[] split(int patients, int clinics) {
        if (clinics < 1 || patients < clinics) {
            throw new IllegalArgumentException("need at least one patient per clinic");
        }
        double[] weights = new double[clinics];
        double total = 0;
        for (int i = 0; i < clinics; i++) {
            weights[i] = 1.0 / (i + 1) + 0.01;
            total += weights[i];
        }
        int[] sizes = new int[clinics];
        double[] remainders = new double[clinics];
        long given = 0;
        for (int i = 0; i < clinics; i++) {
            double exact = patients * weights[i] / total;
            sizes[i] = Math.max(1, (int) Math.floor(exact));
            remainders[i] = exact - Math.floor(exact);
            given += sizes[i];
        }
        // hand out what flooring left, largest remainder first (ties: the smaller number), one each
        Integer[] order = new Integer[clinics];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> remainders[a] != remainders[b] ? Double.compare(remainders[b], remainders[a]) : a - b);
        for (int k = 0; given < patients; k = (k + 1) % clinics) {
            sizes[order[k]]++;
            given++;
        }
        for (int k = clinics - 1; given > patients; k = k == 0 ? clinics - 1 : k - 1) {
            if (sizes[order[k]] > 1) {
                sizes[order[k]]--;
                given--;
            }
        }
        // the remainders may leave two neighbours one apart the wrong way round: keep the order by number
        Arrays.sort(sizes);
        for (int i = 0; i < clinics / 2; i++) {
            int t = sizes[i];
            sizes[i] = sizes[clinics - 1 - i];
            sizes[clinics - 1 - i] = t;
        }
        return sizes;
    }
}
