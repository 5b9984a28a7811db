package io.santkrupa.bench;

import java.util.List;
import java.util.Locale;

/**
 * The latency plot as SVG, written by hand: for each scenario and connection count a group of
 * three bars, p50, p95 and p99, on a logarithmic axis of milliseconds (the figures span from
 * under a millisecond to the slowest page), with labelled axes and a legend.
 */
final class LatencyPlot {

    private static final String[] COLOURS = {"#4c78a8", "#f58518", "#e45756"};
    private static final String[] SERIES = {"p50", "p95", "p99"};
    private static final int LEFT = 70;
    private static final int TOP = 40;
    private static final int PLOT_HEIGHT = 300;
    private static final int GROUP = 42;
    private static final int BOTTOM = 120;

    private LatencyPlot() {
    }

    static String svg(String title, List<Measurement> measurements) {
        int width = LEFT + Math.max(1, measurements.size()) * GROUP + 140;
        int height = TOP + PLOT_HEIGHT + BOTTOM;
        double top = 1;
        double bottom = 1;
        for (Measurement m : measurements) {
            top = Math.max(top, m.latency().p99Ms());
            if (m.latency().p50Ms() > 0) {
                bottom = Math.min(bottom, m.latency().p50Ms());
            }
        }
        int minExp = (int) Math.floor(Math.log10(bottom));
        int maxExp = (int) Math.ceil(Math.log10(top));
        if (maxExp == minExp) {
            maxExp++;
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        // the y axis: a gridline and label at each power of ten
        for (int e = minExp; e <= maxExp; e++) {
            double y = y(Math.pow(10, e), minExp, maxExp);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, width - 130, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6, y + 4, label(e)));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, TOP, LEFT, TOP + PLOT_HEIGHT));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, TOP + PLOT_HEIGHT, width - 130, TOP + PLOT_HEIGHT));
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(18,%d) rotate(-90)\" text-anchor=\"middle\">"
                + "latency (ms, log scale)</text>%n", TOP + PLOT_HEIGHT / 2));
        for (int i = 0; i < measurements.size(); i++) {
            Measurement m = measurements.get(i);
            double[] values = {m.latency().p50Ms(), m.latency().p95Ms(), m.latency().p99Ms()};
            int x0 = LEFT + i * GROUP + 6;
            for (int k = 0; k < 3; k++) {
                double y = y(Math.max(values[k], Math.pow(10, minExp)), minExp, maxExp);
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"10\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s x%d %s %.2f ms</title></rect>%n", x0 + k * 10, y, TOP + PLOT_HEIGHT - y,
                        COLOURS[k], escape(m.scenario()), m.connections(), SERIES[k], values[k]));
            }
            int cx = x0 + 15;
            s.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(-55)\" text-anchor=\"end\">"
                    + "%s x%d</text>%n", cx + 4, TOP + PLOT_HEIGHT + 12, escape(m.scenario()), m.connections()));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">scenario x connections</text>%n",
                LEFT + measurements.size() * GROUP / 2, height - 8));
        for (int k = 0; k < 3; k++) {
            int ly = TOP + 10 + k * 18;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", width - 115, ly, COLOURS[k], width - 98, ly + 10, SERIES[k]));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double y(double ms, int minExp, int maxExp) {
        double fraction = (Math.log10(ms) - minExp) / (maxExp - minExp);
        return TOP + PLOT_HEIGHT - fraction * PLOT_HEIGHT;
    }

    private static String label(int exponent) {
        double value = Math.pow(10, exponent);
        return exponent >= 0 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%." + (-exponent) + "f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
