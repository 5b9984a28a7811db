package io.santkrupa.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencySummaryTest {

    @Test
    void percentiles_are_read_in_milliseconds_from_microseconds() {
        Histogram micros = LatencySummary.newHistogram();
        for (int i = 1; i <= 1_000; i++) {
            micros.recordValue(i * 100L); // 0.1 ms .. 100 ms, evenly
        }

        LatencySummary summary = LatencySummary.of(micros);

        assertThat(summary.count()).isEqualTo(1_000);
        assertThat(summary.p50Ms()).isCloseTo(50.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(summary.p95Ms()).isCloseTo(95.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(summary.p99Ms()).isCloseTo(99.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(summary.maxMs()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(summary.meanMs()).isCloseTo(50.05, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void an_empty_phase_is_all_zeros_not_an_exception() {
        assertThat(LatencySummary.of(LatencySummary.newHistogram())).isEqualTo(new LatencySummary(0, 0, 0, 0, 0, 0));
    }

    @Test
    void a_request_is_an_error_unless_2xx_with_the_right_data() {
        assertThat(Outcome.ok(201).right()).isTrue();
        assertThat(Outcome.ok(429).right()).isFalse();
        assertThat(Outcome.ok(429).errorKey()).isEqualTo("429");
        assertThat(Outcome.ok(303).errorKey()).isEqualTo("303");
        assertThat(Outcome.wrong(200, "another patient").errorKey()).isEqualTo("wrong data (200)");
        assertThat(Outcome.wrong(0, "connection refused").errorKey()).isEqualTo("no answer");
    }
}
