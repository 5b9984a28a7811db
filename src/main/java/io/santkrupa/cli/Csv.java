package io.santkrupa.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * RFC 4180: records end with CRLF; a field holding a comma, a double quote, CR or LF is enclosed
 * in double quotes, with each double quote inside doubled.
 */
final class Csv {

    private Csv() {
    }

    static void record(PrintWriter out, List<String> fields) {
        out.print(fields.stream().map(Csv::field).collect(Collectors.joining(",")));
        out.print("\r\n");
    }

    static String field(String value) {
        if (value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
