package io.santkrupa.prescription;

import io.santkrupa.web.PathIds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The prescription form of the consultation page, as typed: {@link #ROWS} item rows (a row left
 * entirely empty is ignored), and the advice. Validation fills per-field messages keyed by the
 * field's name ({@code dose_2}); a form with any message writes nothing.
 */
public final class PrescriptionForm {

    public static final int ROWS = 5;
    /** The most items one prescription takes (the API's; the page offers {@link #ROWS} rows). */
    public static final int MAX_ITEMS = 20;
    static final int MAX_DOSE = 100;
    static final int MAX_FREQUENCY = 100;
    static final int MAX_INSTRUCTIONS = 300;
    static final int MAX_ADVICE = 2000;

    /** One item row as typed; {@code number} is 1-based and names its fields ({@code medicine_1}). */
    public record Row(int number, String medicine, String dose, String frequency, String duration,
                      String instructions) {
        boolean isBlank() {
            return medicine.isEmpty() && dose.isEmpty() && frequency.isEmpty() && duration.isEmpty()
                    && instructions.isEmpty();
        }
    }

    /** A validated item, ready to be written. */
    public record Item(UUID medicineId, String dose, String frequency, int durationDays, String instructions) {
    }

    private final List<Row> rows;
    private final String advice;
    /** A page's row left empty is no item; an item the API was sent is one, however empty. */
    private final boolean blankRowsIgnored;
    private final Map<String, String> errors = new LinkedHashMap<>();
    private final List<Item> items = new ArrayList<>();

    private PrescriptionForm(List<Row> rows, String advice, boolean blankRowsIgnored) {
        this.rows = List.copyOf(rows);
        this.advice = advice;
        this.blankRowsIgnored = blankRowsIgnored;
    }

    private PrescriptionForm(List<Row> rows, String advice) {
        this(rows, advice, true);
    }

    /**
     * The items as sent to the API, in order (numbered from 1; a null value is an empty field).
     * Every item is checked, an empty one too; its messages are keyed like the page's ({@code dose_1}).
     */
    public static PrescriptionForm of(List<Row> items, String advice) {
        List<Row> rows = new ArrayList<>();
        for (Row item : items) {
            rows.add(new Row(item.number(), strip(item.medicine()), strip(item.dose()), strip(item.frequency()),
                    strip(item.duration()), strip(item.instructions())));
        }
        return new PrescriptionForm(rows, strip(advice), false);
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }

    public static PrescriptionForm blank() {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            rows.add(new Row(i, "", "", "", "", ""));
        }
        return new PrescriptionForm(rows, "");
    }

    /** The form as submitted; {@code param} answers a form field's value or null. */
    public static PrescriptionForm parse(Function<String, String> param) {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            rows.add(new Row(i, text(param, "medicine_" + i), text(param, "dose_" + i), text(param, "frequency_" + i),
                    text(param, "duration_" + i), text(param, "instructions_" + i)));
        }
        return new PrescriptionForm(rows, text(param, "advice"));
    }

    /** The well-formed medicine ids of the filled rows: what to look up in the catalog. */
    public Set<UUID> medicineIds() {
        Set<UUID> ids = new LinkedHashSet<>();
        for (Row row : rows) {
            PathIds.parse(row.medicine()).ifPresent(ids::add);
        }
        return ids;
    }

    /**
     * Checks every filled row against the clinic's active medicines ({@code activeMedicines}).
     *
     * @return true when the form can be written; otherwise {@link #error(String)} names each problem
     */
    public boolean validate(Set<UUID> activeMedicines) {
        errors.clear();
        items.clear();
        for (Row row : rows) {
            if (blankRowsIgnored && row.isBlank()) {
                continue;
            }
            int n = row.number();
            UUID medicine = PathIds.parse(row.medicine()).filter(activeMedicines::contains).orElse(null);
            if (row.medicine().isEmpty()) {
                errors.put("medicine_" + n, "Choose a medicine.");
            } else if (medicine == null) {
                errors.put("medicine_" + n, "This medicine is not in the clinic's active catalog; choose another.");
            }
            required(row.dose(), "dose_" + n, "Enter the dose, e.g. 1 tablet.", MAX_DOSE);
            required(row.frequency(), "frequency_" + n, "Enter how often, e.g. twice a day.", MAX_FREQUENCY);
            Integer days = days(row.duration());
            if (days == null) {
                errors.put("duration_" + n, "Enter the number of days, a whole number from 1 to 365.");
            }
            if (row.instructions().length() > MAX_INSTRUCTIONS) {
                errors.put("instructions_" + n, "At most " + MAX_INSTRUCTIONS + " characters.");
            }
            if (medicine != null && days != null) {
                items.add(new Item(medicine, row.dose(), row.frequency(), days, row.instructions()));
            }
        }
        if (blankRowsIgnored ? rows.stream().allMatch(Row::isBlank) : rows.isEmpty()) {
            errors.put("items", "Add at least one medicine.");
        } else if (rows.size() > MAX_ITEMS) {
            errors.put("items", "At most " + MAX_ITEMS + " medicines in one prescription.");
        }
        if (advice.length() > MAX_ADVICE) {
            errors.put("advice", "At most " + MAX_ADVICE + " characters.");
        }
        if (!errors.isEmpty()) {
            items.clear();
        }
        return errors.isEmpty();
    }

    private void required(String value, String field, String message, int max) {
        if (value.isEmpty()) {
            errors.put(field, message);
        } else if (value.length() > max) {
            errors.put(field, "At most " + max + " characters.");
        }
    }

    private static Integer days(String value) {
        if (!value.matches("[0-9]{1,3}")) {
            return null;
        }
        int days = Integer.parseInt(value);
        return days >= 1 && days <= 365 ? days : null;
    }

    private static String text(Function<String, String> param, String name) {
        String value = param.apply(name);
        return value == null ? "" : value.strip();
    }

    /** A field as typed ("advice", "dose_2", ...), for the page's fields (templates/fields.peb). */
    public String value(String field) {
        if (field.equals("advice")) {
            return advice;
        }
        int underscore = field.lastIndexOf('_');
        if (underscore < 0 || !field.substring(underscore + 1).matches("[0-9]{1,2}")) {
            return "";
        }
        int number = Integer.parseInt(field.substring(underscore + 1));
        return rows.stream().filter(row -> row.number() == number).findFirst().map(row -> switch (field.substring(0, underscore)) {
            case "medicine" -> row.medicine();
            case "dose" -> row.dose();
            case "frequency" -> row.frequency();
            case "duration" -> row.duration();
            case "instructions" -> row.instructions();
            default -> "";
        }).orElse("");
    }

    public List<Row> rows() {
        return rows;
    }

    public String advice() {
        return advice;
    }

    /** The validated items, positions in row order; empty until {@link #validate} succeeded. */
    public List<Item> items() {
        return List.copyOf(items);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    /** Every message, by field name ({@code dose_2}, {@code items}, {@code advice}). */
    public Map<String, String> errors() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    /** The message for a field, or "" when it is fine. */
    public String error(String field) {
        return errors.getOrDefault(field, "");
    }
}
