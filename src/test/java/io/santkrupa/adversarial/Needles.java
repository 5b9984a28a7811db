package io.santkrupa.adversarial;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an answer must never contain: other clinics' canaries and markers (in any letter case) and
 * the ids of their rows; within a clinic, another patient's canary, code and record ids. Found in
 * an answer's headers and body, after the values that were asked for have been replaced by their
 * placeholders ({@link Probe#canonical}): echoing the asked-for id is not a leak, showing the
 * row's data is.
 */
final class Needles {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /**
     * What the audit log writes before the ids of a refused address: "CONSULTATION needed: GET
     * /clinic/{slug}/visits/{visitId} " (V066). An id there is one the clinic's own user put in an
     * address and was refused for by role, before anything was looked up: their own request, in
     * their own clinic's log -- the same whether the id is another clinic's or random.
     */
    private static final Pattern REFUSED_ADDRESS = Pattern.compile(
            "needed: [a-z]+ /clinic/\\{slug\\}/[^ <\"]* (?:[0-9a-f-]{36}/)*$");

    /** Lower-case text -> what it is. */
    private final Map<String, String> texts;
    /** Lower-case id -> whose it is. */
    private final Map<String, String> ids;

    private Needles(Map<String, String> texts, Map<String, String> ids) {
        this.texts = texts;
        this.ids = ids;
    }

    static Needles none() {
        return new Needles(Map.of(), Map.of());
    }

    /** Everything of {@code clinic}: its canary, its marker and the ids of its rows ({@code ids}, as they are now). */
    Needles plusClinic(String name, CanaryClinic clinic, Set<String> clinicIds) {
        Map<String, String> t = new LinkedHashMap<>(texts);
        t.put(clinic.canary, name + "'s canary");
        t.put(clinic.marker.toLowerCase(Locale.ROOT), name + "'s marker (slug, code, patient codes)");
        t.put(clinic.otherPatientCanary, name + "'s patients' canary");
        Map<String, String> i = new HashMap<>(ids);
        clinicIds.forEach(id -> i.put(id.toLowerCase(Locale.ROOT), name + "'s row " + id));
        return new Needles(Map.copyOf(t), Map.copyOf(i));
    }

    /** The other patient of {@code clinic}: what its fixture patient must not see. */
    Needles plusOtherPatient(CanaryClinic clinic) {
        Map<String, String> t = new LinkedHashMap<>(texts);
        t.put(clinic.otherPatientCanary, "the other patient's canary");
        t.put(clinic.otherPatientCode.toLowerCase(Locale.ROOT), "the other patient's code");
        Map<String, String> i = new HashMap<>(ids);
        clinic.otherPatientIds.forEach(id -> i.put(id.toLowerCase(Locale.ROOT), "the other patient's row " + id));
        return new Needles(Map.copyOf(t), Map.copyOf(i));
    }

    /** What of the needles {@code text} contains, each as "what (context)". */
    List<String> foundIn(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (var needle : texts.entrySet()) {
            int at = lower.indexOf(needle.getKey());
            if (at >= 0) {
                found.add(needle.getValue() + " (\"" + context(text, at, needle.getKey().length()) + "\")");
            }
        }
        if (!ids.isEmpty()) {
            Matcher m = UUID.matcher(lower);
            while (m.find()) {
                String whose = ids.get(m.group());
                if (whose != null && !REFUSED_ADDRESS.matcher(lower.substring(Math.max(0, m.start() - 200), m.start())).find()) {
                    found.add(whose + " (\"" + context(text, m.start(), m.group().length()) + "\")");
                }
            }
        }
        return found;
    }

    private static String context(String text, int at, int length) {
        return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + length + 60)).replace("\n", "\\n");
    }
}
