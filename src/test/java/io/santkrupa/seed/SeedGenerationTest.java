package io.santkrupa.seed;

import io.santkrupa.phone.PhoneNumbers;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the seed generates, without a database: sizes, skew, names, phones, ids, and that it is deterministic. */
class SeedGenerationTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 5);

    private static PlatformSeed.Options options(int clinics, int patients, long seed) {
        return new PlatformSeed.Options(clinics, patients, seed, DAY, "seed", 1);
    }

    @Test
    void the_default_platform_has_one_clinic_over_100k_a_few_large_and_most_a_few_thousand() {
        int[] sizes = ClinicSizes.split(1_000_000, 200);

        assertThat(Arrays.stream(sizes).asLongStream().sum()).isEqualTo(1_000_000);
        assertThat(sizes[0]).isGreaterThan(100_000);
        for (int i = 1; i < sizes.length; i++) {
            assertThat(sizes[i]).isLessThanOrEqualTo(sizes[i - 1]);
        }
        assertThat(Arrays.stream(sizes).filter(s -> s >= 20_000).count()).isBetween(3L, 10L);
        int median = sizes[100];
        assertThat(median).isBetween(1_500, 5_000);
    }

    @Test
    void sizes_add_up_exactly_for_small_and_odd_totals() {
        for (int[] c : new int[][] {{3, 3_000}, {1, 17}, {7, 7}, {13, 1_001}, {200, 1_000_000}, {999, 123_457}}) {
            int[] sizes = ClinicSizes.split(c[1], c[0]);
            assertThat(Arrays.stream(sizes).sum()).as(Arrays.toString(c)).isEqualTo(c[1]);
            assertThat(Arrays.stream(sizes).min().orElseThrow()).isPositive();
            assertThat(sizes[0]).isEqualTo(Arrays.stream(sizes).max().orElseThrow());
        }
    }

    @Test
    void the_same_options_give_the_same_bytes_and_another_seed_other_bytes() {
        DigestLoad first = PlatformSeed.digest(options(3, 1_500, 13));
        DigestLoad again = PlatformSeed.digest(options(3, 1_500, 13));
        DigestLoad other = PlatformSeed.digest(options(3, 1_500, 14));

        assertThat(again.hex()).isEqualTo(first.hex());
        assertThat(again.rows()).isEqualTo(first.rows());
        assertThat(other.hex()).isNotEqualTo(first.hex());
    }

    @Test
    void about_five_visits_per_patient_with_notes_prescriptions_and_lab_orders() {
        Map<String, Long> rows = PlatformSeed.digest(options(2, 4_000, 13)).rowsPerTable();

        assertThat(rows.get("patient")).isEqualTo(4_000);
        assertThat(rows.get("patient_visit")).isBetween(4_800L * 4, 5_200L * 4);
        assertThat(rows.get("doctor_note")).isBetween(rows.get("patient_visit") * 80 / 100, rows.get("patient_visit") * 95 / 100);
        assertThat(rows.get("prescription")).isBetween(rows.get("doctor_note") * 6 / 10, rows.get("doctor_note") * 8 / 10);
        assertThat(rows.get("prescription_item")).isGreaterThan(rows.get("prescription"));
        assertThat(rows.get("test_order")).isBetween(rows.get("patient_visit") / 10, rows.get("patient_visit") / 3);
        assertThat(rows.get("test_result")).isPositive().isLessThanOrEqualTo(rows.get("test_order"));
        assertThat(rows.get("clinic_counter")).isPositive();
    }

    @Test
    void surnames_are_skewed_so_the_commonest_have_thousands_in_a_100k_clinic() {
        IndianNames names = new IndianNames();
        SplittableRandom random = new SplittableRandom(1);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            counts.merge(names.surname(random), 1, Integer::sum);
        }
        assertThat(counts.get("Patil")).isBetween(7_000, 12_000);
        assertThat(counts.get("Shah")).isBetween(4_000, 8_000);
        assertThat(counts.get("Joshi")).isGreaterThan(2_000);
        assertThat(counts.get("Dhillon")).isLessThan(1_000);
    }

    @Test
    void every_phone_is_a_valid_indian_number_in_e164_and_ids_are_unique_v7() {
        SeedIds ids = new SeedIds(13);
        ClinicGenerator generator = new ClinicGenerator(ids, new IndianNames(), 13, 1, "SEED001", 2_000, DAY,
                UUID.randomUUID(), "hash");
        PhoneNumbers india = PhoneNumbers.of("IN");
        Set<UUID> seen = new HashSet<>();
        generator.forEachPatient((p, visits) -> {
            assertThat(india.e164(p.phone())).hasValue(p.phone());
            assertThat(p.code()).matches("PT-SEED001-20[0-9]{2}-[0-9]{3,}");
            assertThat(seen.add(p.id())).isTrue();
            assertThat(p.id().version()).isEqualTo(7);
            visits.forEach(v -> {
                assertThat(seen.add(v.id())).isTrue();
                assertThat(v.day()).isBetween(0, ClinicGenerator.VISIT_DAYS - 1);
            });
        });
        assertThat(seen).hasSizeGreaterThan(2_000 * 4);
    }
}
