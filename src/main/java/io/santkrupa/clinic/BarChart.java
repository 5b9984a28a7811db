package io.santkrupa.clinic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bar chart over time, laid out here for an SVG the template draws (labels escaped there):
 * one column per day, week or month, its series stacked (the parts of a whole, e.g. how the
 * day's visits ended) or side by side (e.g. tests ordered and completed). Across, positions are
 * percentages of the chart's width, so it fills any screen with text at its own size; up, pixels,
 * with the values of the axis ({@link #ticks}) drawn beside it and as grid lines.
 */
public record BarChart(String id, String title, List<Series> series, boolean stacked, List<Column> columns,
                       List<Tick> ticks, int height) {

    static final int HEIGHT = 240;
    static final int TOP = 12;
    /** Room under the bars for the labels of the axis across. */
    static final int BOTTOM = 26;
    /** At most this many labels across on a wide screen ... */
    static final int MAX_LABELS = 10;
    /** ... and this many on a phone, where the others (class "minor") are hidden: about one per 60 px. */
    static final int MAX_PHONE_LABELS = 5;

    /** A series: its name in the legend and the CSS class that colours it. */
    public record Series(String name, String css) {
    }

    /** One day, week or month: its values (one per series), its label on the axis and its name in full. */
    public record Point(String label, String longLabel, long... values) {
    }

    /** A bar (or a stacked part of one): where it is and what it says when pointed at. */
    public record Bar(String x, String width, int y, int height, String css, String title) {
    }

    /**
     * A column of the chart: its bars and its label's place and alignment; the label is shown
     * ("major" everywhere, "minor" on wide screens only) or not ("").
     */
    public record Column(String label, String labelClass, String labelX, String anchor, List<Bar> bars) {
        public boolean labelled() {
            return !labelClass.isEmpty();
        }
    }

    /** A value of the axis up the side: its grid line's height. */
    public record Tick(long value, int y) {
    }

    public static BarChart of(String id, String title, List<Series> series, boolean stacked, List<Point> points) {
        long highest = 0;
        for (Point p : points) {
            long column = 0;
            for (long v : p.values()) {
                column = stacked ? column + v : Math.max(column, v);
            }
            highest = Math.max(highest, column);
        }
        Scale scale = Scale.of(highest);
        int plot = HEIGHT - TOP - BOTTOM;
        double slot = 100.0 / Math.max(1, points.size());
        double barSpace = slot * 0.72;
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double left = i * slot + (slot - barSpace) / 2;
            List<Bar> bars = new ArrayList<>();
            long below = 0;
            for (int s = 0; s < series.size(); s++) {
                long v = p.values()[s];
                String tip = p.longLabel() + " \u2013 " + series.get(s).name() + ": " + v;
                if (stacked) {
                    int top = y(below + v, scale.max(), plot);
                    int bottom = y(below, scale.max(), plot);
                    if (v > 0) {
                        bars.add(new Bar(pct(left), pct(barSpace), top, bottom - top, series.get(s).css(), tip));
                    }
                    below += v;
                } else {
                    double width = barSpace / series.size();
                    int top = y(v, scale.max(), plot);
                    bars.add(new Bar(pct(left + s * width), pct(width), top, TOP + plot - top, series.get(s).css(), tip));
                }
            }
            // a label near either edge is aligned to it, so that it is never cut off
            double centre = i * slot + slot / 2;
            String anchor = centre < 6 ? "start" : centre > 94 ? "end" : "middle";
            double labelX = anchor.equals("start") ? i * slot : anchor.equals("end") ? (i + 1) * slot : centre;
            columns.add(new Column(p.label(), labelClass(i, points.size()), pct(labelX), anchor, bars));
        }
        List<Tick> ticks = scale.values().stream().map(v -> new Tick(v, y(v, scale.max(), plot))).toList();
        return new BarChart(id, title, series, stacked, columns, ticks, HEIGHT);
    }

    /**
     * Which of {@code count} columns to label, counted back from the last (always labelled): every
     * n-th, at most {@link #MAX_PHONE_LABELS} "major" ones and {@link #MAX_LABELS} in all.
     */
    static String labelClass(int index, int count) {
        int fromLast = count - 1 - index;
        int major = (int) Math.ceil(count / (double) MAX_PHONE_LABELS);
        int any = (int) Math.ceil(count / (double) MAX_LABELS);
        if (fromLast % major == 0) {
            return "major";
        }
        // a minor label only between majors, never closer than a major's step to its neighbours on a phone
        return fromLast % any == 0 && major % any == 0 ? "minor" : "";
    }

    public boolean twoOrMoreSeries() {
        return series.size() > 1;
    }

    /** Where the bars stand: the axis across. */
    public int baseline() {
        return HEIGHT - BOTTOM;
    }

    public int labelY() {
        return HEIGHT - 8;
    }

    private static int y(long value, long max, int plot) {
        return TOP + (int) Math.round(plot * (1 - value / (double) max));
    }

    static String pct(double value) {
        return String.format(Locale.ROOT, "%.3f%%", value);
    }

    /** A round top for an axis and its values: 0 to at least {@code highest}, in steps of 1, 2 or 5 times a power of ten. */
    record Scale(long max, long step) {
        static Scale of(long highest) {
            if (highest <= 0) {
                return new Scale(4, 1);
            }
            long step = 1;
            while (true) {
                for (long m : new long[] {1, 2, 5}) {
                    if (highest <= step * m * 4) {
                        long s = step * m;
                        return new Scale(((highest + s - 1) / s) * s, s);
                    }
                }
                step *= 10;
            }
        }

        List<Long> values() {
            List<Long> values = new ArrayList<>();
            for (long v = 0; v <= max; v += step) {
                values.add(v);
            }
            return values;
        }
    }
}
