package io.santkrupa.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rows in columns as wide as their widest cell: the platform commands' plain-text results. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... headers) {
        rows.add(headers);
    }

    TextTable row(Object... cells) {
        rows.add(Arrays.stream(cells).map(TextTable::cell).toArray(String[]::new));
        return this;
    }

    void print(PrintWriter out) {
        int columns = rows.getFirst().length;
        int[] widths = new int[columns];
        rows.forEach(row -> {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        rows.forEach(row -> {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        });
    }

    /** One line per row: whatever was typed into a name, control characters never reach the terminal. */
    private static String cell(Object value) {
        return value == null ? "" : value.toString().replaceAll("\\p{Cntrl}", " ");
    }
}
