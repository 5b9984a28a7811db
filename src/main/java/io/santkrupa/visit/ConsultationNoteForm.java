package io.santkrupa.visit;

import io.santkrupa.prescription.Prescriptions;
import io.santkrupa.web.Form;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The doctor's note of a visit as typed: vitals, chief complaint, diagnosis, notes, follow-up
 * date, and the note's version when it exists. The vitals' ranges are the plausible human
 * ranges of the CHECK constraints of doctor_note (V008), so a typo gets a message next to its
 * field here rather than a constraint violation there. The temperature comes in °C or °F
 * (temperatureUnit, °C when not given) and is kept in °C.
 */
public final class ConsultationNoteForm {

    static final String[] FIELDS = {"bpSystolic", "bpDiastolic", "pulse", "respiratoryRate", "temperature",
            "temperatureUnit", "spo2", "weight", "height", "chiefComplaint", "diagnosis", "notes", "followUpOn"};
    static final int MAX_SHORT_TEXT = 500;
    static final int MAX_NOTES = 4000;
    /** The latest follow-up a note may ask for, counted from the visit's day. */
    static final int MAX_FOLLOW_UP_DAYS = 730;

    /** A note that passed validation, typed as the table stores it. */
    public record Values(Short bpSystolic, Short bpDiastolic, Short pulse, Short respiratoryRate,
                         BigDecimal temperature, Short spo2, BigDecimal weight, BigDecimal height,
                         String chiefComplaint, String diagnosis, String notes, LocalDate followUpOn) {
    }

    /** What was typed and a message per invalid field: the one form helper every page uses. */
    private final Form form;
    private final String version;
    private Values parsed;

    private ConsultationNoteForm(Form form, String version) {
        this.form = form;
        this.version = version;
    }

    public static ConsultationNoteForm blank() {
        return new ConsultationNoteForm(Form.empty(), "");
    }

    /** The saved note, shown in the form for editing. */
    public static ConsultationNoteForm of(ConsultationQueries.Note note) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("bpSystolic", text(note.bpSystolic()));
        v.put("bpDiastolic", text(note.bpDiastolic()));
        v.put("pulse", text(note.pulse()));
        v.put("respiratoryRate", text(note.respiratoryRate()));
        v.put("temperature", Prescriptions.plain(note.temperature()));
        v.put("temperatureUnit", "C");
        v.put("spo2", text(note.spo2()));
        v.put("weight", Prescriptions.plain(note.weight()));
        v.put("height", Prescriptions.plain(note.height()));
        v.put("chiefComplaint", note.chiefComplaint());
        v.put("diagnosis", note.diagnosis());
        v.put("notes", note.notes());
        v.put("followUpOn", note.followUpOn() == null ? "" : note.followUpOn().toString());
        return new ConsultationNoteForm(Form.of(v), String.valueOf(note.version()));
    }

    /** The form as submitted; {@code param} answers a form field's value or null. */
    public static ConsultationNoteForm parse(Function<String, String> param) {
        String version = param.apply("version");
        return new ConsultationNoteForm(Form.from(param, java.util.List.of(FIELDS)), version == null ? "" : version.strip());
    }

    /**
     * Checks every field; with {@code diagnosisRequired} (completing the visit) the diagnosis
     * must be given too.
     *
     * @param visitDate the follow-up must come after it
     * @return true when {@link #values()} can be written
     */
    public boolean validate(LocalDate visitDate, boolean diagnosisRequired) {
        form.clearErrors();
        Short systolic = whole("bpSystolic", 40, 300, "Systolic pressure: a whole number from 40 to 300 mmHg.");
        Short diastolic = whole("bpDiastolic", 20, 200, "Diastolic pressure: a whole number from 20 to 200 mmHg.");
        if (systolic != null && diastolic == null && !form.hasError("bpDiastolic")) {
            form.error("bpDiastolic", "Enter the diastolic pressure too, or neither.");
        } else if (diastolic != null && systolic == null && !form.hasError("bpSystolic")) {
            form.error("bpSystolic", "Enter the systolic pressure too, or neither.");
        } else if (systolic != null && diastolic != null && systolic <= diastolic) {
            form.error("bpSystolic", "The systolic pressure must be higher than the diastolic.");
        }
        Short pulse = whole("pulse", 20, 250, "Pulse: a whole number from 20 to 250 per minute.");
        Short respiratory = whole("respiratoryRate", 4, 80, "Respiratory rate: a whole number from 4 to 80 per minute.");
        Short spo2 = whole("spo2", 30, 100, "SpO2: a whole number from 30 to 100 %.");
        BigDecimal temperature = temperatureCelsius();
        BigDecimal weight = decimal("weight", BigDecimal.ZERO, new BigDecimal("500"), false, 2,
                "Weight: more than 0 and less than 500 kg, at most two decimals.");
        BigDecimal height = decimal("height", new BigDecimal("20"), new BigDecimal("260"), false, 1,
                "Height: more than 20 and less than 260 cm, at most one decimal.");
        String complaint = text("chiefComplaint", MAX_SHORT_TEXT);
        String diagnosis = text("diagnosis", MAX_SHORT_TEXT);
        String notes = text("notes", MAX_NOTES);
        if (diagnosisRequired && diagnosis.isEmpty() && !form.hasError("diagnosis")) {
            form.error("diagnosis", "Record a diagnosis before completing the visit.");
        }
        LocalDate followUp = followUp(visitDate);
        if (!version.isEmpty() && !version.matches("[0-9]{1,9}")) {
            form.error("version", "This form is damaged; reload the page.");
        }
        parsed = form.hasErrors() ? null : new Values(systolic, diastolic, pulse, respiratory, temperature, spo2, weight,
                height, complaint, diagnosis, notes, followUp);
        return !form.hasErrors();
    }

    /** As typed in °C, or typed in °F and converted: the one value stored, in °C. */
    private BigDecimal temperatureCelsius() {
        String unit = value("temperatureUnit");
        if (!unit.isEmpty() && !BodyTemperature.UNITS.containsKey(unit)) {
            form.error("temperatureUnit", "Choose °C or °F.");
            return null;
        }
        if (!unit.equals("F")) {
            return decimal("temperature", BodyTemperature.MIN_CELSIUS, BodyTemperature.MAX_CELSIUS, true, 1,
                    "Temperature: from 25 to 45 °C, at most one decimal.");
        }
        BigDecimal fahrenheit = decimal("temperature", BodyTemperature.MIN_FAHRENHEIT, BodyTemperature.MAX_FAHRENHEIT,
                true, 1, "Temperature: from 77 to 113 °F, at most one decimal.");
        return fahrenheit == null ? null : BodyTemperature.celsius(fahrenheit);
    }

    private Short whole(String field, int min, int max, String message) {
        String value = value(field);
        if (value.isEmpty()) {
            return null;
        }
        if (!value.matches("[0-9]{1,3}")) {
            form.error(field, message);
            return null;
        }
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
            form.error(field, message);
            return null;
        }
        return (short) n;
    }

    /** A decimal within (min, max), or [min, max] when {@code inclusive}, with at most {@code scale} decimals. */
    private BigDecimal decimal(String field, BigDecimal min, BigDecimal max, boolean inclusive, int scale,
                               String message) {
        String value = value(field);
        if (value.isEmpty()) {
            return null;
        }
        if (!value.matches("[0-9]{1,3}(\\.[0-9]+)?")) {
            form.error(field, message);
            return null;
        }
        BigDecimal n = new BigDecimal(value);
        boolean inRange = inclusive ? n.compareTo(min) >= 0 && n.compareTo(max) <= 0
                : n.compareTo(min) > 0 && n.compareTo(max) < 0;
        if (!inRange || n.stripTrailingZeros().scale() > scale) {
            form.error(field, message);
            return null;
        }
        return n;
    }

    private String text(String field, int max) {
        String value = value(field);
        if (value.length() > max) {
            form.error(field, "At most " + max + " characters.");
        }
        return value;
    }

    private LocalDate followUp(LocalDate visitDate) {
        String value = value("followUpOn");
        if (value.isEmpty()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value);
            if (!date.isAfter(visitDate) || date.isAfter(visitDate.plusDays(MAX_FOLLOW_UP_DAYS))) {
                form.error("followUpOn", "A follow-up date after the visit (" + visitDate + ") and within two years.");
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            form.error("followUpOn", "Enter a date as YYYY-MM-DD.");
            return null;
        }
    }

    /** What validation accepted; null before or after a failed {@link #validate}. */
    public Values values() {
        return parsed;
    }

    /** The version the form was opened at; null for a note that did not exist then. */
    public Integer openedVersion() {
        return version.isEmpty() ? null : Integer.valueOf(version);
    }

    /** Shown again with the version saved now, after a stale save: the next save is a deliberate overwrite. */
    public ConsultationNoteForm withVersion(int current) {
        return new ConsultationNoteForm(form, String.valueOf(current));
    }

    public String value(String field) {
        return form.value(field);
    }

    /** The form as the page's fields show it (templates/fields.peb). */
    public Form form() {
        return form;
    }

    public String version() {
        return version;
    }

    public boolean hasErrors() {
        return form.hasErrors();
    }

    public boolean hasError(String field) {
        return form.hasError(field);
    }

    /** The messages of the last {@link #validate}, by field name (the API's field names too). */
    public Map<String, String> errors() {
        return form.errors();
    }

    public String error(String field) {
        return form.error(field);
    }

    private static String text(Short value) {
        return value == null ? "" : value.toString();
    }
}
