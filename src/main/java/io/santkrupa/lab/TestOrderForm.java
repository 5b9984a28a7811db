package io.santkrupa.lab;

import io.santkrupa.web.PathIds;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The "order lab tests" form of the consultation page: one checkbox per active test of the
 * catalog, named {@code test_<lab test id>} (so a form is a plain map of fields), and optional
 * clinical notes for the lab.
 */
public final class TestOrderForm {

    public static final String TEST_FIELD_PREFIX = "test_";
    static final int MAX_NOTES = 1000;

    private final Set<String> chosen;
    private final String clinicalNotes;
    private final Map<String, String> errors = new LinkedHashMap<>();
    private final Set<UUID> tests = new LinkedHashSet<>();

    private TestOrderForm(Set<String> chosen, String clinicalNotes) {
        this.chosen = Set.copyOf(chosen);
        this.clinicalNotes = clinicalNotes;
    }

    public static TestOrderForm blank() {
        return new TestOrderForm(Set.of(), "");
    }

    /** The form as submitted: every non-empty {@code test_*} field is a chosen test. */
    public static TestOrderForm parse(Map<String, List<String>> form) {
        Set<String> chosen = new LinkedHashSet<>();
        form.forEach((name, values) -> {
            if (name.startsWith(TEST_FIELD_PREFIX) && values.stream().anyMatch(v -> !v.isBlank())) {
                chosen.add(name.substring(TEST_FIELD_PREFIX.length()));
            }
        });
        List<String> notes = form.getOrDefault("clinicalNotes", List.of());
        return new TestOrderForm(chosen, notes.isEmpty() ? "" : notes.getFirst().strip());
    }

    /** The tests as sent to the API: their ids as given (a malformed one is refused like an unknown one). */
    public static TestOrderForm of(java.util.Collection<String> labTestIds, String clinicalNotes) {
        Set<String> chosen = new LinkedHashSet<>();
        labTestIds.forEach(id -> chosen.add(id == null ? "" : id.strip()));
        return new TestOrderForm(chosen, clinicalNotes == null ? "" : clinicalNotes.strip());
    }

    /** The well-formed ids among the chosen tests: what to look up in the catalog. */
    public Set<UUID> chosenIds() {
        Set<UUID> ids = new LinkedHashSet<>();
        chosen.forEach(raw -> PathIds.parse(raw).ifPresent(ids::add));
        return ids;
    }

    /**
     * @param active  the chosen tests that are active in the clinic's catalog
     * @param pending the tests already ordered in this visit and not yet completed or cancelled
     * @return true when the orders can be written
     */
    public boolean validate(Set<UUID> active, Set<UUID> pending) {
        errors.clear();
        tests.clear();
        if (chosen.isEmpty()) {
            errors.put("tests", "Choose at least one test.");
        } else if (chosenIds().size() != chosen.size() || !active.containsAll(chosenIds())) {
            errors.put("tests", "A chosen test is not in the clinic's active catalog; choose again.");
        } else if (chosenIds().stream().anyMatch(pending::contains)) {
            errors.put("tests", "A chosen test is already ordered in this visit and not yet completed.");
        }
        if (clinicalNotes.length() > MAX_NOTES) {
            errors.put("clinicalNotes", "At most " + MAX_NOTES + " characters.");
        }
        if (errors.isEmpty()) {
            tests.addAll(chosenIds());
        }
        return errors.isEmpty();
    }

    public boolean isChosen(Object labTestId) {
        return chosen.contains(String.valueOf(labTestId));
    }

    /** A field as typed, for the page's fields (templates/fields.peb). */
    public String value(String field) {
        return field.equals("clinicalNotes") ? clinicalNotes() : "";
    }

    public String clinicalNotes() {
        return clinicalNotes;
    }

    /** The validated tests to order; empty until {@link #validate} succeeded. */
    public List<UUID> tests() {
        return List.copyOf(tests);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    /** Every message, by field name ({@code tests}, {@code clinicalNotes}). */
    public Map<String, String> errors() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    public String error(String field) {
        return errors.getOrDefault(field, "");
    }
}
