package io.santkrupa.prescription;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The allergy classes of prescription/allergy-classes.yaml (kept as data, documented there), and
 * the check the prescription form runs with them: which medicines being prescribed belong to a
 * class the patient's recorded allergies name, or cross-react with one.
 */
public final class AllergyClasses {

    /** One class as the file writes it. */
    record AllergyClass(@JsonProperty("class") String name, List<String> allergies, List<String> medicines,
                        List<String> crossReacts) {
        AllergyClass {
            allergies = allergies == null ? List.of() : List.copyOf(allergies);
            medicines = medicines == null ? List.of() : List.copyOf(medicines);
            crossReacts = crossReacts == null ? List.of() : List.copyOf(crossReacts);
        }
    }

    /** A medicine being prescribed, by the names the check reads. */
    public record Medicine(UUID id, String name, String genericName) {
    }

    /**
     * A medicine of a class the patient is allergic to ({@code crossReactive} false), or of one
     * that class cross-reacts with (true); {@code allergyClass} is the medicine's class.
     */
    public record Conflict(UUID medicineId, String medicine, String allergyClass, String patientClass,
                           boolean crossReactive) {
        /** The warning in words, for the page and the API alike. */
        public String message() {
            return crossReactive
                    ? medicine + " is one of the " + allergyClass.toLowerCase(Locale.ROOT) + ", which can cross-react with "
                    + "the patient's allergy to " + patientClass.toLowerCase(Locale.ROOT) + "."
                    : medicine + " is one of the " + allergyClass.toLowerCase(Locale.ROOT)
                    + ", and the patient is recorded as allergic to " + patientClass.toLowerCase(Locale.ROOT) + ".";
        }
    }

    private final List<AllergyClass> classes;
    /** Each word of the table, compiled once: a whole word or the start of one, case aside. */
    private final java.util.Map<String, Pattern> words = new java.util.HashMap<>();

    private AllergyClasses(List<AllergyClass> classes) {
        this.classes = List.copyOf(classes);
        for (AllergyClass c : classes) {
            java.util.stream.Stream.concat(c.allergies().stream(), c.medicines().stream()).forEach(word -> words.put(word,
                    Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
        }
    }

    /** The table shipped with the application. */
    public static AllergyClasses load() {
        try (InputStream in = AllergyClasses.class.getResourceAsStream("/prescription/allergy-classes.yaml")) {
            if (in == null) {
                throw new IllegalStateException("prescription/allergy-classes.yaml is not on the classpath");
            }
            List<AllergyClass> classes = new ObjectMapper(new YAMLFactory())
                    .readValue(in, new TypeReference<List<AllergyClass>>() { });
            Set<String> names = new LinkedHashSet<>();
            classes.forEach(c -> names.add(c.name()));
            for (AllergyClass c : classes) {
                if (!names.containsAll(c.crossReacts())) {
                    throw new IllegalStateException("allergy class " + c.name() + " cross-reacts with an unknown class");
                }
            }
            return new AllergyClasses(classes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read prescription/allergy-classes.yaml", e);
        }
    }

    /** The classes a patient's recorded allergies name, in the file's order. */
    List<AllergyClass> patientClasses(String allergies) {
        if (allergies == null || allergies.isBlank()) {
            return List.of();
        }
        return classes.stream().filter(c -> mentionsAny(allergies, c.allergies()) || mentionsAny(allergies, c.medicines()))
                .toList();
    }

    /** Every medicine of {@code medicines} that belongs to, or cross-reacts with, a class the patient is allergic to. */
    public List<Conflict> conflicts(String allergies, List<Medicine> medicines) {
        List<Conflict> conflicts = new ArrayList<>();
        List<AllergyClass> patient = patientClasses(allergies);
        for (Medicine medicine : medicines) {
            String names = medicine.name() + " " + (medicine.genericName() == null ? "" : medicine.genericName());
            boolean found = false;
            for (AllergyClass allergy : patient) {
                if (mentionsAny(names, allergy.medicines())) {
                    conflicts.add(new Conflict(medicine.id(), medicine.name(), allergy.name(), allergy.name(), false));
                    found = true;
                    break;
                }
            }
            if (found) {
                continue;
            }
            for (AllergyClass allergy : patient) {
                for (String related : allergy.crossReacts()) {
                    AllergyClass relatedClass = classes.stream().filter(c -> c.name().equals(related)).findFirst().orElseThrow();
                    if (!found && mentionsAny(names, relatedClass.medicines())) {
                        conflicts.add(new Conflict(medicine.id(), medicine.name(), relatedClass.name(), allergy.name(), true));
                        found = true;
                    }
                }
            }
        }
        return conflicts;
    }

    /** Does {@code text} mention one of {@code candidates}, as a whole word or the start of one (case aside)? */
    private boolean mentionsAny(String text, List<String> candidates) {
        for (String word : candidates) {
            if (words.get(word).matcher(text).find()) {
                return true;
            }
        }
        return false;
    }
}
