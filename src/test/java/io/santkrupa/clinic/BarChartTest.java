package io.santkrupa.clinic;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The charts' geometry: round axis values, bars in per cent of the width, stacked parts that add up. */
class BarChartTest {

    @Test
    void the_axis_goes_to_a_round_value_at_or_above_the_highest_in_steps_of_one_two_or_five() {
        assertThat(BarChart.Scale.of(0).values()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(BarChart.Scale.of(3).values()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(BarChart.Scale.of(7).values()).containsExactly(0L, 2L, 4L, 6L, 8L);
        assertThat(BarChart.Scale.of(45).values()).containsExactly(0L, 20L, 40L, 60L);
        assertThat(BarChart.Scale.of(100).values()).containsExactly(0L, 50L, 100L);
        assertThat(BarChart.Scale.of(1234).values()).containsExactly(0L, 500L, 1000L, 1500L);
        for (long highest = 1; highest < 5000; highest += 7) {
            BarChart.Scale scale = BarChart.Scale.of(highest);
            assertThat(scale.max()).as("top for " + highest).isGreaterThanOrEqualTo(highest);
            assertThat(scale.values()).as("values for " + highest).hasSizeBetween(2, 6);
        }
    }

    @Test
    void stacked_parts_of_a_column_add_up_to_its_height_and_fill_its_share_of_the_width() {
        List<BarChart.Series> series = List.of(new BarChart.Series("Seen", "s-seen"), new BarChart.Series("No-shows", "s-noshow"));
        BarChart chart = BarChart.of("v", "Visits", series, true, List.of(
                new BarChart.Point("1 Mar", "Mon 1 Mar", 3, 1),
                new BarChart.Point("2 Mar", "Tue 2 Mar", 0, 0),
                new BarChart.Point("3 Mar", "Wed 3 Mar", 2, 2)));

        assertThat(chart.ticks()).extracting(BarChart.Tick::value).containsExactly(0L, 1L, 2L, 3L, 4L);
        BarChart.Column first = chart.columns().getFirst();
        int plot = BarChart.HEIGHT - BarChart.TOP - BarChart.BOTTOM;
        // three of four: three quarters of the height, the one no-show the rest, to the pixel
        assertThat(first.bars().getFirst().height()).isBetween(plot * 3 / 4 - 1, plot * 3 / 4 + 1);
        assertThat(first.bars().getFirst().height() + first.bars().get(1).height()).isEqualTo(plot);
        assertThat(first.bars().getFirst().y() + first.bars().getFirst().height()).isEqualTo(chart.baseline());
        assertThat(first.bars().get(1).y() + first.bars().get(1).height()).isEqualTo(first.bars().getFirst().y());
        assertThat(first.bars().getFirst().x()).isEqualTo("4.667%");
        assertThat(first.bars().getFirst().width()).isEqualTo("24.000%");
        assertThat(chart.columns().get(1).bars()).as("nothing drawn for zeros").isEmpty();
        // labels at the edges are aligned to them
        assertThat(chart.columns()).extracting(BarChart.Column::anchor).containsExactly("middle", "middle", "middle");
    }

    @Test
    void side_by_side_bars_share_their_column_and_the_last_column_is_always_labelled() {
        BarChart chart = BarChart.of("t", "Tests", List.of(new BarChart.Series("Ordered", "s-main"),
                new BarChart.Series("Completed", "s-seen")), false, IntStream.range(0, 30)
                .mapToObj(i -> new BarChart.Point(i + " Mar", i + " March", i, i / 2))
                .toList());

        // ten labels on a wide screen, every third day; five of them (every sixth) on a phone; today's always
        assertThat(chart.columns()).filteredOn(BarChart.Column::labelled).hasSize(10);
        assertThat(chart.columns()).filteredOn(c -> c.labelClass().equals("major")).extracting(BarChart.Column::label)
                .containsExactly("5 Mar", "11 Mar", "17 Mar", "23 Mar", "29 Mar");
        assertThat(chart.columns().getLast().labelClass()).isEqualTo("major");
        assertThat(IntStream.range(0, 7).mapToObj(i -> BarChart.labelClass(i, 7)).toList())
                .as("a week: every day labelled, every other one on a phone")
                .containsExactly("major", "minor", "major", "minor", "major", "minor", "major");
        assertThat(chart.columns().getLast().anchor()).isEqualTo("end");
        assertThat(chart.columns().getFirst().anchor()).isEqualTo("start");
        BarChart.Column last = chart.columns().getLast();
        assertThat(last.bars()).hasSize(2);
        assertThat(last.bars().get(0).title()).isEqualTo("29 March \u2013 Ordered: 29");
        assertThat(last.bars().get(1).title()).isEqualTo("29 March \u2013 Completed: 14");
    }

    @Test
    void a_ranking_leaves_room_after_the_longest_bar_for_its_value() {
        RankingChart chart = RankingChart.of("d", "Top diagnoses", "consultations", List.of(
                new RankingChart.Item("Viral fever", 9), new RankingChart.Item("Hypertension", 4)));
        assertThat(chart.rows()).extracting(RankingChart.Row::width).containsExactly("79.200%", "35.200%");
        assertThat(chart.ticks()).extracting(RankingChart.Tick::value).containsExactly(0L, 5L, 10L);
        assertThat(chart.ticks().getLast().x()).isEqualTo("88.000%");
        assertThat(chart.height()).isEqualTo(RankingChart.TOP + 2 * RankingChart.ROW + RankingChart.BOTTOM);
    }
}
