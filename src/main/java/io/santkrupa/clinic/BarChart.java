package io.santkrupa.clinic;

import java.util.List;

/**
 * A bar chart laid out for an SVG drawn by the template: the geometry is computed here, the
 * markup (with escaped labels) is the template's. One or two series (e.g. ordered vs completed).
 */
public record BarChart(String title, String seriesA, String seriesB, List<Bar> bars, int width, int height, long max) {

    private static final int CHART_HEIGHT = 160;
    private static final int LABEL_SPACE = 40;
    private static final int SLOT = 36;

    /** One category: its label, one or two values, and where to draw them. */
    public record Bar(String label, long valueA, long valueB, int x, int heightA, int heightB, int yA, int yB,
                      int barWidth) {
        public int labelX() {
            return x + barWidth;
        }
    }

    public record Point(String label, long valueA, long valueB) {
    }

    public static BarChart of(String title, String seriesA, String seriesB, List<Point> points) {
        long max = Math.max(1, points.stream().mapToLong(p -> Math.max(p.valueA(), p.valueB())).max().orElse(1));
        boolean two = seriesB != null;
        int barWidth = two ? 14 : 24;
        List<Bar> bars = new java.util.ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            int x = 8 + i * SLOT;
            int hA = (int) Math.round(CHART_HEIGHT * (double) p.valueA() / max);
            int hB = (int) Math.round(CHART_HEIGHT * (double) p.valueB() / max);
            bars.add(new Bar(p.label(), p.valueA(), p.valueB(), x, hA, hB, CHART_HEIGHT - hA + 10, CHART_HEIGHT - hB + 10,
                    barWidth));
        }
        return new BarChart(title, seriesA, seriesB, bars, Math.max(200, 16 + points.size() * SLOT),
                CHART_HEIGHT + LABEL_SPACE, max);
    }

    public boolean twoSeries() {
        return seriesB != null;
    }

    public int baseline() {
        return CHART_HEIGHT + 10;
    }
}
