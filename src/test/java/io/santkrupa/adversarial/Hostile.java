package io.santkrupa.adversarial;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One hostile value, as each kind of request carries it: {@code wire} is the bytes a form field,
 * a query parameter or a multipart part gets (possibly invalid UTF-8: a lone surrogate goes as
 * the three bytes Java's modified UTF-8 would write), {@code json} the bytes it takes in a JSON
 * body (a string literal with escapes, a bare token such as {@code 1e400}, or raw invalid bytes
 * inside quotes). {@code label} names it in reports.
 */
public record Hostile(String label, byte[] wire, byte[] json) {

    /** Text: on the wire as (W)TF-8, in JSON as a string literal with every unusual character escaped. */
    public static Hostile text(String label, String text) {
        return new Hostile(label, wtf8(text), ascii(jsonString(text)));
    }

    /** A bare JSON token (a number, a literal, an array or object); its own text on the wire. */
    public static Hostile token(String label, String token) {
        return new Hostile(label, token.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes that are not UTF-8: on the wire as they are, in JSON inside a string's quotes. */
    public static Hostile bytes(String label, byte[] bytes) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.write('"');
        json.writeBytes(bytes);
        json.write('"');
        return new Hostile(label, bytes, json.toByteArray());
    }

    /** The value as a Java string, as a lenient decoder would read the wire bytes (for reports and page checks). */
    public String text() {
        return new String(wire, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return label;
    }

    // ---- what is tried ----

    static final List<String> INJECTIONS = List.of(
            "' OR '1'='1", "1; DROP TABLE santkrupa.patient; --", "'); SELECT set_config('app.clinic_context', '', true); --",
            "\" OR \"\"=\"", "1' UNION SELECT password_hash FROM santkrupa.app_user --", "$$; SELECT 1; $$",
            "{{ 7*7 }}", "{% for x in range(1, 999999999) %}x{% endfor %}", "${7*7}", "#{7*7}", "{{ request }}",
            "{% include '/etc/passwd' %}", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
            "javascript:alert(1)", "</textarea><script>alert(1)</script>", "<svg/onload=alert(1)>",
            "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/dev/zero",
            "${jndi:ldap://127.0.0.1/a}", "%s%s%s%n", "a\r\nSet-Cookie: santkrupa_session=x", "a\nb\rc\r\n",
            "\uFEFFbom", "zero\u200Bwidth", "ﬀ ß İ ǅ", "𝕏🙂👩‍⚕️", "\u0301\u0301\u0301", "null", "undefined", "true", "",
            " ", "\t", "-", "0", "NaN", "Infinity", "-Infinity", "1e400", "0x10");

    static final List<String> CONTROLS = List.of("\u0000", "a\u0000b", "\u0001", "\u0007", "\u0008", "\u000B", "\u000C",
            "\u001B[31m", "\u001F", "\u007F", "\u0085", "\u009B", "\u202E", "report\u202Efdp.exe", "\u2066x\u2069",
            "\uD800", "x\uDBFF", "\uDC00y", "\uDFFF\uD800", "ok\uD83D");

    static final List<String> DATES = List.of("+999999999-12-31", "-999999999-01-01", "0000-01-01", "-0001-12-31",
            "2026-02-30", "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "99999-01-01",
            "0001-01-01", "9999-12-31", "2026-1-1", "26-01-01", "2026/01/01", "01-02-2026", "2026-02-28T25:00",
            "+999999999-12-31T23:59:59.999999999-18:00", "2026-02-28T00:00Z", "１９９０-０１-０１");

    static final List<String> NUMBERS = List.of("1e400", "-1e400", "1e1000000", "1E+308", "1e-400", "-0", "-0.0",
            "0e0", "0.0000000000000000000000000000001", "2147483648", "-2147483649", "9223372036854775808",
            "-9223372036854775809", "123456789012345678901234567890123456789012345", "1.5", "-1", "0", "1e2",
            "99999999999999999999999999999999999999.99", "NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "0x1F");

    static final List<String> WRONG_TYPES = List.of("true", "false", "null", "[]", "{}", "[null]", "[1,2,3]",
            "{\"a\":{\"b\":[{}]}}", "\"\"", "\"1\"", "\"true\"", "[\"x\"]", "{\"$ne\":null}", "{\"__proto__\":{\"x\":1}}");

    static final List<String> IDS = List.of("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "0190A5C0-0000-7000-8000-000000000000", "0190a5c000007000800000000000000", "0190a5c0-0000-7000-8000-00000000000g",
            "{0190a5c0-0000-7000-8000-000000000000}", "1", "-1", "..", "../..", "..%2F..%2Fetc%2Fpasswd", "%00",
            "1234567890123456789012345678901234567890123");

    /** Bytes no UTF-8 decoder may accept: a lone continuation, overlong NUL and '/', a CESU surrogate, a cut sequence, 0xFF. */
    static final List<byte[]> INVALID_UTF8 = List.of(new byte[] {(byte) 0x80}, new byte[] {'a', (byte) 0xC0, (byte) 0x80, 'b'},
            new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {'x', (byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {(byte) 0xF8, (byte) 0x88,
                    (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});

    /** Any hostile value: mostly the curated ones, with jqwik's random strings, sizes and numbers mixed in. */
    @SuppressWarnings("unchecked")
    public static Arbitrary<Hostile> any() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(INJECTIONS).map(s -> text("injection " + quote(s), s))),
                Tuple.of(4, controls()),
                Tuple.of(2, Arbitraries.of(DATES).map(s -> text("date " + s, s))),
                Tuple.of(3, numbers()),
                Tuple.of(2, Arbitraries.of(WRONG_TYPES).map(s -> token("json " + s, s))),
                Tuple.of(1, Arbitraries.of(IDS).map(s -> text("id " + quote(s), s))),
                Tuple.of(2, Arbitraries.of(INVALID_UTF8).map(b -> bytes("invalid UTF-8 " + hex(b), b))),
                Tuple.of(2, huge()),
                Tuple.of(3, Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMinLength(1).ofMaxLength(24)
                        .map(s -> text("random " + quote(s), s))));
    }

    /** Control, direction and surrogate characters alone or inside ordinary text (jqwik places them). */
    static Arbitrary<Hostile> controls() {
        Arbitrary<String> around = Arbitraries.strings().alpha().ofMaxLength(6);
        Arbitrary<String> bad = Arbitraries.oneOf(Arbitraries.of(CONTROLS),
                Arbitraries.strings().withCharRange('\u0000', '\u001F').ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().withCharRange('\uD800', '\uDFFF').ofLength(1));
        return Combinators.combine(around, bad, around).as((a, b, c) -> a + b + c).map(s -> text("control " + quote(s), s));
    }

    /** Out-of-range, negative-zero, huge and not-quite numbers, as bare tokens and as numeric strings. */
    static Arbitrary<Hostile> numbers() {
        Arbitrary<String> digits = Arbitraries.bigIntegers().between(BigInteger.TEN.pow(39), BigInteger.TEN.pow(60))
                .map(BigInteger::toString);
        Arbitrary<String> exponent = Arbitraries.integers().between(300, 2_000_000).map(e -> "1e" + e);
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.of(NUMBERS).filter(Hostile::isJsonNumber), digits, exponent);
        return Arbitraries.oneOf(token.map(t -> token("number " + t, t)),
                Arbitraries.oneOf(Arbitraries.of(NUMBERS), digits, exponent).map(t -> text("numeric text " + t, t)));
    }

    /** Long text: past the fields' limits, past the API's 64 KiB body, past a form's 200,000 bytes. */
    static Arbitrary<Hostile> huge() {
        return Arbitraries.of(1_001, 10_000, 70_000, 250_000).flatMap(n -> Arbitraries.of("A", "आ", "🙂", "<b>")
                .map(unit -> text("huge " + n + " x " + unit, unit.repeat(Math.max(1, n / unit.length())))));
    }

    private static boolean isJsonNumber(String token) {
        return token.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    }

    // ---- encodings ----

    /** UTF-8, except that an unpaired surrogate is written as its own three bytes (what CESU-8/WTF-8 do). */
    static byte[] wtf8(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.writeBytes(text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else if (Character.isSurrogate(c)) {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** A JSON string literal in plain ASCII: every character outside printable ASCII as a \\u escape. */
    static String jsonString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A short, printable rendering of a value for reports: escapes, and long values cut. */
    static String quote(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "...(" + text.length() + " chars)" : text;
        StringBuilder out = new StringBuilder();
        for (char c : shown.toCharArray()) {
            out.append(c < 0x20 || c >= 0x7F && c <= 0x9F || Character.isSurrogate(c) || c >= 0x2000 && c <= 0x206F
                    ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02X", b & 0xFF));
        }
        return out.toString();
    }
}
