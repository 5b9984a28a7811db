package io.santkrupa.prescription;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped allergy table read as the prescription form reads it: a patient's free-text
 * allergies against the medicines being prescribed, by class and cross-reaction, without warning
 * about medicines that merely share letters with an allergy.
 */
class AllergyClassesTest {

    private static final AllergyClasses TABLE = AllergyClasses.load();

    private static AllergyClasses.Medicine medicine(String name, String generic) {
        return new AllergyClasses.Medicine(UUID.randomUUID(), name, generic);
    }

    @Test
    void a_penicillin_allergy_warns_about_amoxicillin_by_its_name_or_its_generic_name() {
        var byName = medicine("Amoxicillin 500 mg capsule", null);
        var byGeneric = medicine("Mox 250", "amoxycillin");

        List<AllergyClasses.Conflict> conflicts = TABLE.conflicts("Penicillin (rash), dust", List.of(byName, byGeneric));

        assertThat(conflicts).extracting(AllergyClasses.Conflict::medicineId).containsExactly(byName.id(), byGeneric.id());
        assertThat(conflicts).allSatisfy(c -> {
            assertThat(c.allergyClass()).isEqualTo("Penicillins");
            assertThat(c.crossReactive()).isFalse();
        });
        assertThat(conflicts.getFirst().message())
                .isEqualTo("Amoxicillin 500 mg capsule is one of the penicillins, and the patient is recorded as allergic to penicillins.");
    }

    @Test
    void a_penicillin_allergy_warns_about_a_cephalosporin_as_a_cross_reaction() {
        var cefixime = medicine("Cefixime 200 mg", null);

        var conflicts = TABLE.conflicts("allergic to PENICILLINS", List.of(cefixime));

        assertThat(conflicts).singleElement().satisfies(c -> {
            assertThat(c.allergyClass()).isEqualTo("Cephalosporins");
            assertThat(c.patientClass()).isEqualTo("Penicillins");
            assertThat(c.crossReactive()).isTrue();
            assertThat(c.message()).contains("can cross-react").contains("penicillins");
        });
    }

    @Test
    void an_allergy_named_by_a_medicine_warns_about_the_rest_of_its_class() {
        var ampicillin = medicine("Ampicillin 500 mg", null);
        var cotrimoxazole = medicine("Septran DS", "co-trimoxazole");

        assertThat(TABLE.conflicts("Amoxicillin; sulpha drugs", List.of(ampicillin, cotrimoxazole)))
                .extracting(AllergyClasses.Conflict::allergyClass).containsExactly("Penicillins", "Sulfonamides");
    }

    @Test
    void nothing_is_warned_about_without_a_matching_class_or_for_letters_inside_another_word() {
        var paracetamol = medicine("Paracetamol 500 mg tablet", "paracetamol");
        var cetirizine = medicine("Cetirizine 10 mg", null);
        var amoxicillin = medicine("Amoxicillin 500 mg", null);

        assertThat(TABLE.conflicts("Penicillin", List.of(paracetamol, cetirizine))).isEmpty();
        assertThat(TABLE.conflicts("", List.of(amoxicillin))).isEmpty();
        assertThat(TABLE.conflicts(null, List.of(amoxicillin))).isEmpty();
        assertThat(TABLE.conflicts("None known", List.of(amoxicillin))).isEmpty();
        assertThat(TABLE.conflicts("dust, pollen", List.of(amoxicillin))).isEmpty();
        // "sulfa" is a word of the table; "Glisulfa" is not a sulfa drug the table names, and the
        // word has to start where a word starts
        assertThat(TABLE.conflicts("Sulfa", List.of(medicine("Glisulfa 5 mg", null)))).isEmpty();
        // a sulfonamide allergy does not cross-react with penicillins
        assertThat(TABLE.conflicts("Sulfonamides", List.of(amoxicillin))).isEmpty();
    }

    @Test
    void every_cross_reaction_names_a_class_of_the_table() {
        // load() refuses a table whose crossReacts names an unknown class; loading is the check
        assertThat(TABLE.patientClasses("penicillin, sulfa, nsaid, macrolide, quinolone, tetracycline, opioid, "
                + "cephalosporin, carbapenem")).hasSize(9);
    }
}
