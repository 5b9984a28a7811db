package io.santkrupa.clinic;

import java.util.ArrayList;
import java.util.List;

/**
 * A ranking drawn as bars across, one row per name (a doctor, a diagnosis): the name on its own
 * line above its bar, so a long one is read whole on any screen, the value at the bar's end, and
 * the values of the axis under the rows. Across, percentages of the chart's width, as {@link BarChart}.
 */
public record RankingChart(String id, String title, String unit, List<Row> rows, List<Tick> ticks, int height) {

    static final int ROW = 42;
    static final int TOP = 4;
    static final int BOTTOM = 24;
    /** The longest bar leaves room after it for its value. */
    static final double BAR_SPACE = 88;

    /** A row: its name, value, and where its bar ends. */
    public record Row(String name, long value, int nameY, int barY, String width, String valueX, String title) {
    }

    /** A value of the axis across: its place, as a percentage of the width. */
    public record Tick(long value, String x, String anchor) {
    }

    public record Item(String name, long value) {
    }

    public static RankingChart of(String id, String title, String unit, List<Item> items) {
        long highest = items.stream().mapToLong(Item::value).max().orElse(0);
        BarChart.Scale scale = BarChart.Scale.of(highest);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            double width = BAR_SPACE * item.value() / scale.max();
            int top = TOP + i * ROW;
            rows.add(new Row(item.name(), item.value(), top + 15, top + 21, BarChart.pct(width), BarChart.pct(width),
                    item.name() + ": " + item.value() + " " + unit));
        }
        int axis = TOP + items.size() * ROW;
        List<Tick> ticks = scale.values().stream().map(v -> new Tick(v, BarChart.pct(BAR_SPACE * v / scale.max()),
                v == 0 ? "start" : "middle")).toList();
        return new RankingChart(id, title, unit, rows, ticks, axis + BOTTOM);
    }

    /** Where the rows end and the axis's values begin. */
    public int axisY() {
        return height - BOTTOM;
    }

    public int tickLabelY() {
        return height - 6;
    }
}
