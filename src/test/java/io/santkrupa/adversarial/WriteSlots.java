package io.santkrupa.adversarial;

import io.santkrupa.web.WriteScenarios.Write;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of a valid write ({@link io.santkrupa.web.WriteScenarios}) that name a record or
 * hold a secret -- its path parameters, every id in its form fields (names and values) or JSON
 * body, an invitation code, a refresh token -- in one fixed order, so that the same scenario
 * prepared in two clinics lines up slot by slot, and any slot can be given another value.
 */
final class WriteSlots {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern REFRESH_TOKEN = Pattern.compile("(\"refreshToken\":\")([^\"]*)(\")");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Capitals of Crockford's base32 (no I, L, O, U): a redrawn invitation code is still one in form. */
    private static final String CAPITALS = "ABCDEFGHJKMNPQRSTVWXYZ";

    /** The one form whose field "code" is a secret: the patient's invitation code. */
    private static final String INVITATION_CODE_ROUTE = "POST /clinic/{slug}/welcome";

    private WriteSlots() {
    }

    /** The slots' values, in order. */
    static List<String> of(String route, Write write) {
        List<String> values = new ArrayList<>();
        walk(route, write, (i, value) -> {
            values.add(value);
            return value;
        });
        return values;
    }

    /** The same write with slot {@code i} set to {@code replacements.get(i)} where given. */
    static Write with(String route, Write write, Map<Integer, String> replacements) {
        return walk(route, write, (i, value) -> replacements.getOrDefault(i, value));
    }

    /**
     * A value no record has, shaped like {@code value}: for an id, a random one of the same
     * millisecond (a time-ordered id's first 48 bits are its time, and pages show an id's first
     * eight digits: a random id from another time would differ there); else each letter and digit
     * redrawn (of its kind).
     */
    static String randomLike(String value) {
        if (UUID.matcher(value).matches()) {
            java.util.UUID id = java.util.UUID.fromString(value);
            long time = id.getMostSignificantBits() & 0xFFFF_FFFF_FFFF_0000L;
            long msb = time | 0x7000L | (RANDOM.nextLong() & 0x0FFFL);
            long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
            return new java.util.UUID(msb, lsb).toString();
        }
        StringBuilder out = new StringBuilder();
        for (char ch : value.toCharArray()) {
            if (Character.isDigit(ch)) {
                out.append((char) ('0' + RANDOM.nextInt(10)));
            } else if (ch >= 'A' && ch <= 'Z') {
                out.append(CAPITALS.charAt(RANDOM.nextInt(CAPITALS.length())));
            } else if (ch >= 'a' && ch <= 'z') {
                out.append((char) ('a' + RANDOM.nextInt(26)));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static Write walk(String route, Write write, BiFunction<Integer, String, String> visit) {
        String template = route.substring(route.indexOf(' ') + 1);
        int[] slot = {0};
        Map<String, String> params = Probe.pathParams(template, write.path());
        String path = template;
        for (var param : params.entrySet()) {
            String value = param.getKey().equals("slug") ? param.getValue() : visit.apply(slot[0]++, param.getValue());
            path = path.replace("{" + param.getKey() + "}", Probe.enc(value).replace("+", "%20"));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        List<Map.Entry<String, String>> ordered = new ArrayList<>(write.fields().entrySet());
        ordered.sort(Comparator.comparing((Map.Entry<String, String> e) -> UUID.matcher(e.getKey()).replaceAll("{id}"))
                .thenComparing(Map.Entry::getKey));
        for (var field : ordered) {
            String name = ids(field.getKey(), visit, slot);
            String value = route.equals(INVITATION_CODE_ROUTE) && field.getKey().equals("code")
                    ? visit.apply(slot[0]++, field.getValue()) : ids(field.getValue(), visit, slot);
            fields.put(name, value);
        }
        String json = write.json();
        if (json != null) {
            Matcher token = REFRESH_TOKEN.matcher(json);
            if (token.find()) {
                String replaced = visit.apply(slot[0]++, token.group(2));
                json = json.substring(0, token.start(2)) + replaced + json.substring(token.end(2));
            }
            json = ids(json, visit, slot);
        }
        return new Write(write.clinic(), write.role(), write.formPage(), write.method(), path, fields, write.upload(), json,
                write.headers(), write.success(), write.writes());
    }

    private static String ids(String text, BiFunction<Integer, String, String> visit, int[] slot) {
        Matcher m = UUID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(visit.apply(slot[0]++, m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
