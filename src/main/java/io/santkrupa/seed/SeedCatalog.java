package io.santkrupa.seed;

import io.santkrupa.lab.ReferenceRanges.AgeUnit;
import io.santkrupa.lab.ReferenceRanges.Range;

import java.math.BigDecimal;
import java.util.List;

/**
 * What every seeded clinic's catalogs hold and what its doctors see most: the medicines of a
 * general practice in India, the lab tests of the demo clinics (haemoglobin, fasting sugar,
 * creatinine, with the same ranges by sex and age) and two more, and the common complaints with
 * their diagnosis, the medicines prescribed for them and the test ordered.
 */
final class SeedCatalog {

    record Medicine(String name, String genericName, String form, String strength, String dose) {
    }

    record LabTest(String code, String name, String sample, String parameter, String unit, BigDecimal low,
                   BigDecimal high, int scale, List<Range> ranges) {
    }

    /** A complaint and what follows it; medicines by their index in {@link #MEDICINES}. */
    record Complaint(String complaint, String diagnosis, String notes, String advice, List<Integer> medicines,
                     String testCode) {
    }

    static final List<Medicine> MEDICINES = List.of(
            new Medicine("Paracetamol", "Paracetamol", "tablet", "500 mg", "1 tablet"),
            new Medicine("Amoxicillin", "Amoxicillin", "capsule", "500 mg", "1 capsule"),
            new Medicine("Cetirizine", "Cetirizine", "tablet", "10 mg", "1 tablet"),
            new Medicine("Azithromycin", "Azithromycin", "tablet", "500 mg", "1 tablet"),
            new Medicine("Pantoprazole", "Pantoprazole", "tablet", "40 mg", "1 tablet"),
            new Medicine("Metformin", "Metformin", "tablet", "500 mg", "1 tablet"),
            new Medicine("Amlodipine", "Amlodipine", "tablet", "5 mg", "1 tablet"),
            new Medicine("Telmisartan", "Telmisartan", "tablet", "40 mg", "1 tablet"),
            new Medicine("Atorvastatin", "Atorvastatin", "tablet", "10 mg", "1 tablet"),
            new Medicine("Ibuprofen", "Ibuprofen", "tablet", "400 mg", "1 tablet"),
            new Medicine("ORS", "Oral rehydration salts", "other", "21 g sachet", "1 sachet in 1 litre water"),
            new Medicine("Ondansetron", "Ondansetron", "tablet", "4 mg", "1 tablet"),
            new Medicine("Cough syrup", "Dextromethorphan", "syrup", "10 mg/5 ml", "10 ml"),
            new Medicine("Salbutamol inhaler", "Salbutamol", "inhaler", "100 mcg", "2 puffs"),
            new Medicine("Ferrous sulphate", "Ferrous sulphate", "tablet", "200 mg", "1 tablet"),
            new Medicine("Vitamin D3", "Cholecalciferol", "capsule", "60000 IU", "1 capsule"),
            new Medicine("Levothyroxine", "Levothyroxine", "tablet", "50 mcg", "1 tablet"),
            new Medicine("Nitrofurantoin", "Nitrofurantoin", "capsule", "100 mg", "1 capsule"),
            new Medicine("Diclofenac gel", "Diclofenac", "ointment", "1%", "Apply thinly"),
            new Medicine("Clotrimazole cream", "Clotrimazole", "ointment", "1%", "Apply thinly"),
            new Medicine("Ciprofloxacin eye drops", "Ciprofloxacin", "drops", "0.3%", "2 drops"),
            new Medicine("Domperidone", "Domperidone", "tablet", "10 mg", "1 tablet"));

    static final List<LabTest> LAB_TESTS = List.of(
            new LabTest("HB", "Haemoglobin", "blood", "Haemoglobin", "g/dL", n("12.0"), n("17.5"), 1, List.of(
                    range("any", 0, 1, AgeUnit.MONTHS, "14.0", "24.0", "9.5", "25.0"),
                    range("any", 1, 6, AgeUnit.MONTHS, "9.5", "14.0", "7.0", "20.0"),
                    range("any", 6, 24, AgeUnit.MONTHS, "10.5", "13.5", "7.0", "20.0"),
                    range("any", 2, 12, AgeUnit.YEARS, "11.5", "15.5", "7.0", "20.0"),
                    range("female", 12, 18, AgeUnit.YEARS, "12.0", "16.0", "7.0", "20.0"),
                    range("male", 12, 18, AgeUnit.YEARS, "13.0", "16.0", "7.0", "20.0"),
                    range("female", 18, null, AgeUnit.YEARS, "12.0", "15.5", "7.0", "20.0"),
                    range("male", 18, null, AgeUnit.YEARS, "13.5", "17.5", "7.0", "20.0"))),
            new LabTest("FBS", "Fasting blood sugar", "blood", "Glucose (fasting)", "mg/dL", n("70"), n("100"), 0,
                    List.of(range("any", 0, null, AgeUnit.YEARS, "70", "100", "50", "400"))),
            new LabTest("CREAT", "Serum creatinine", "blood", "Creatinine", "mg/dL", n("0.6"), n("1.3"), 2, List.of(
                    range("any", 1, 12, AgeUnit.YEARS, "0.3", "0.7", null, null),
                    range("any", 12, 18, AgeUnit.YEARS, "0.5", "1.0", null, null),
                    range("female", 18, null, AgeUnit.YEARS, "0.5", "1.1", null, "7.0"),
                    range("male", 18, null, AgeUnit.YEARS, "0.7", "1.3", null, "7.0"))),
            new LabTest("TSH", "Thyroid stimulating hormone", "blood", "TSH", "mIU/L", n("0.4"), n("4.0"), 2,
                    List.of(range("any", 0, null, AgeUnit.YEARS, "0.4", "4.0", null, "20"))),
            new LabTest("CRP", "C-reactive protein", "blood", "CRP", "mg/L", n("0"), n("6"), 1,
                    List.of(range("any", 0, null, AgeUnit.YEARS, "0", "6", null, null))));

    static final List<Complaint> COMPLAINTS = List.of(
            new Complaint("Fever for three days", "Viral fever", "Rest, fluids, paracetamol as needed.",
                    "Drink plenty of fluids. Come back if the fever lasts beyond 3 more days.", List.of(0, 2), "CRP"),
            new Complaint("Cough and cold", "Upper respiratory tract infection", "Throat congested, chest clear.",
                    "Steam inhalation twice a day.", List.of(2, 12, 0), ""),
            new Complaint("Sore throat and fever", "Acute pharyngitis", "Tonsils enlarged, no exudate.",
                    "Warm saline gargles.", List.of(1, 0), "CRP"),
            new Complaint("Burning micturition", "Urinary tract infection", "Suprapubic tenderness.",
                    "Drink 3 litres of water a day.", List.of(17, 0), "CREAT"),
            new Complaint("Routine BP check", "Essential hypertension", "BP controlled on current dose.",
                    "Less salt, a 30-minute walk daily.", List.of(6, 7), "CREAT"),
            new Complaint("Sugar follow-up", "Type 2 diabetes mellitus", "Diet reviewed.",
                    "Avoid sweets; check sugar before the next visit.", List.of(5, 8), "FBS"),
            new Complaint("Acidity and bloating", "Gastritis", "Epigastric tenderness.",
                    "Small frequent meals; avoid spicy food and tea on an empty stomach.", List.of(4, 21), ""),
            new Complaint("Loose motions since yesterday", "Acute gastroenteritis", "Mild dehydration.",
                    "ORS after every loose stool.", List.of(10, 11), ""),
            new Complaint("Joint pain", "Osteoarthritis of knees", "Crepitus both knees.",
                    "Quadriceps exercises; reduce weight.", List.of(9, 18), "CRP"),
            new Complaint("Back pain after lifting", "Lumbar strain", "Paraspinal spasm, no deficit.",
                    "Hot fomentation; avoid lifting for a week.", List.of(9, 18), ""),
            new Complaint("Tiredness and breathlessness on exertion", "Iron deficiency anaemia", "Pallor present.",
                    "Iron-rich diet: greens, jaggery, dates.", List.of(14), "HB"),
            new Complaint("Weight gain and tiredness", "Hypothyroidism", "Dry skin, slow pulse.",
                    "Take the tablet empty stomach in the morning.", List.of(16), "TSH"),
            new Complaint("Wheezing at night", "Bronchial asthma", "Bilateral wheeze.",
                    "Avoid dust and smoke; keep the inhaler with you.", List.of(13, 2), ""),
            new Complaint("Itchy rash", "Fungal skin infection", "Annular lesions in the groin.",
                    "Keep the area dry; cotton clothes.", List.of(19, 2), ""),
            new Complaint("Red itchy eyes", "Conjunctivitis", "Both eyes congested.",
                    "Do not rub the eyes; wash hands often.", List.of(20), ""),
            new Complaint("Body ache and weakness", "Vitamin D deficiency", "Generalised tenderness.",
                    "Morning sunlight 20 minutes a day.", List.of(15, 0), ""),
            new Complaint("Headache", "Tension-type headache", "No neurological deficit.",
                    "Regular sleep; limit screen time.", List.of(0), ""),
            new Complaint("Vomiting", "Acute gastritis", "Abdomen soft.",
                    "Light diet for two days.", List.of(11, 4, 10), ""),
            new Complaint("Cholesterol follow-up", "Dyslipidaemia", "Diet counselled.",
                    "Less oil and fried food.", List.of(8), "FBS"),
            new Complaint("Follow-up visit", "Follow-up, improving", "Symptoms better.",
                    "Continue the same medicines.", List.of(0), ""));

    static final List<String> FREQUENCIES = List.of("1-0-1", "1-1-1", "1-0-0", "0-0-1", "Twice daily", "SOS");
    static final List<String> INSTRUCTIONS = List.of("After food", "Before food", "At bedtime", "", "Empty stomach");
    static final List<String> ALLERGIES = List.of("Penicillin", "Sulfa drugs", "NSAIDs", "Aspirin", "Latex",
            "Peanuts", "Dust", "Penicillin, NSAIDs");

    private SeedCatalog() {
    }

    private static BigDecimal n(String value) {
        return new BigDecimal(value);
    }

    private static Range range(String sex, int from, Integer to, AgeUnit unit, String low, String high,
                               String criticalLow, String criticalHigh) {
        return new Range(sex, from, to, unit, n(low), n(high), criticalLow == null ? null : n(criticalLow),
                criticalHigh == null ? null : n(criticalHigh));
    }

    static int labTestIndex(String code) {
        for (int i = 0; i < LAB_TESTS.size(); i++) {
            if (LAB_TESTS.get(i).code().equals(code)) {
                return i;
            }
        }
        throw new IllegalArgumentException(code);
    }
}
