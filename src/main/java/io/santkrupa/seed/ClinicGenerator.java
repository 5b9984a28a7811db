package io.santkrupa.seed;

import io.santkrupa.lab.ReferenceRanges;
import io.santkrupa.lab.ResultFlag;
import io.santkrupa.phone.PhoneNumbers;
import io.santkrupa.seed.SeedIds.Kind;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One seeded clinic's rows, generated from the random seed alone: its staff, catalogs, patients,
 * two years of visits with notes, prescriptions and lab orders, and the counters behind patient
 * codes and tokens. Each table is a pass over the patients that regenerates them the same way
 * (every patient and visit has its own random stream), so the tables can be streamed one after
 * the other in foreign-key order without holding the clinic in memory.
 */
final class ClinicGenerator {

    /** Asia/Kolkata: +05:30 all year (no daylight saving since 1945). */
    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
    /** How far back patients were registered, and visits happened. */
    static final int REGISTRATION_DAYS = 1095;
    static final int VISIT_DAYS = 730;

    private static final PhoneNumbers INDIAN_PHONES = PhoneNumbers.of("IN");
    private static final List<String> CITIES = List.of("Pune", "Mumbai", "Nashik", "Nagpur", "Thane", "Kolhapur",
            "Aurangabad", "Solapur", "Satara", "Sangli", "Ahmednagar", "Jalgaon");
    private static final List<String> AREAS = List.of("Shivaji Nagar", "Kothrud", "Deccan Gymkhana", "Aundh",
            "Baner", "Hadapsar", "Camp", "Sadashiv Peth", "Karve Nagar", "Warje", "Model Colony", "Bibwewadi");
    private static final List<String> STREETS = List.of("Tilak Road", "Station Road", "Gandhi Chowk", "MG Road",
            "Nehru Marg", "Laxmi Road", "Ambedkar Road", "Market Yard Road");
    private static final List<String> SPECIALIZATIONS = List.of("General Medicine", "General Medicine",
            "General Medicine", "Paediatrics", "Gynaecology", "Orthopaedics", "Dermatology", "ENT");
    private static final String[] BLOOD_GROUPS = {"O+", "B+", "A+", "AB+", "O-", "B-", "A-", "AB-"};
    private static final double[] BLOOD_SHARES = {0.37, 0.32, 0.22, 0.07, 0.008, 0.007, 0.004, 0.001};
    private static final int[] CHRONIC = {4, 5, 11, 18};
    private static final int[] DURATIONS = {3, 5, 5, 7, 7, 10, 14};

    record Patient(int index, UUID id, String code, String firstName, String lastName, LocalDate dateOfBirth,
                   boolean approximate, String gender, String phone, String email, String address,
                   String emergencyName, String emergencyPhone, String bloodGroup, String allergies,
                   OffsetDateTime registeredAt, int registrationDay, int usualDoctor, int chronicComplaint,
                   long seed) {
    }

    record Visit(long key, UUID id, int doctor, int day, int token, String status, OffsetDateTime checkedInAt,
                 OffsetDateTime startedAt, OffsetDateTime endedAt, int complaint, long seed) {
        boolean completed() {
            return status.equals("completed");
        }
    }

    interface PatientVisits {
        void accept(Patient patient, List<Visit> visits);
    }

    private final SeedIds ids;
    private final IndianNames names;
    private final long seed;
    private final int number;
    private final String code;
    private final int size;
    private final LocalDate today;
    private final UUID clinic;
    private final String passwordHash;
    private final int doctors;
    private final int receptionists;
    private final String city;
    private final OffsetDateTime opened;

    ClinicGenerator(SeedIds ids, IndianNames names, long seed, int number, String code, int size, LocalDate today,
                    UUID clinic, String passwordHash) {
        this.ids = ids;
        this.names = names;
        this.seed = SeedIds.mix(seed ^ (0x5EEDL * number));
        this.number = number;
        this.code = code;
        this.size = size;
        this.today = today;
        this.clinic = clinic;
        this.passwordHash = passwordHash;
        this.doctors = doctorsFor(size);
        this.receptionists = receptionistsFor(doctors);
        this.city = cityOf(number);
        this.opened = at(today.minusDays(REGISTRATION_DAYS + 10), 10 * 60);
    }

    static String cityOf(int number) {
        return CITIES.get((number - 1) % CITIES.size());
    }

    /** About one doctor per 1,500 patients, at least two. */
    static int doctorsFor(int patients) {
        return Math.max(2, Math.round(patients / 1500f));
    }

    /** One receptionist for every four doctors, at least two. */
    static int receptionistsFor(int doctors) {
        return Math.max(2, (doctors + 3) / 4);
    }

    int doctors() {
        return doctors;
    }

    int receptionists() {
        return receptionists;
    }

    static String doctorUsername(int n, int doctors) {
        return "doctor" + pad(n, doctors);
    }

    static String receptionUsername(int n, int receptionists) {
        return "reception" + pad(n, receptionists);
    }

    private static String pad(int n, int of) {
        return String.format("%0" + Math.max(2, String.valueOf(of).length()) + "d", n);
    }

    // ---- staff and catalogs

    UUID doctorUserId(int doctor) {
        return ids.id(Kind.USER, opened.toInstant().toEpochMilli(), number, doctor + 1);
    }

    UUID doctorId(int doctor) {
        return ids.id(Kind.DOCTOR, opened.toInstant().toEpochMilli(), number, doctor + 1);
    }

    UUID receptionistId(int n) {
        return ids.id(Kind.USER, opened.toInstant().toEpochMilli(), number, 100_000 + n);
    }

    UUID labUserId() {
        return ids.id(Kind.USER, opened.toInstant().toEpochMilli(), number, 200_000);
    }

    private UUID medicineId(int m) {
        return ids.id(Kind.MEDICINE, opened.toInstant().toEpochMilli(), number, m);
    }

    private UUID labTestId(int t) {
        return ids.id(Kind.LAB_TEST, opened.toInstant().toEpochMilli(), number, t);
    }

    private UUID parameterId(int t) {
        return ids.id(Kind.PARAMETER, opened.toInstant().toEpochMilli(), number, t);
    }

    void writeStaff(SeedLoad load) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x57AFFL);
        try (TableRows users = load.table("app_user", "clinic_id", "id", "username", "password_hash", "role",
                "full_name", "email", "phone", "patient_id", "is_active", "created_at", "updated_at", "version")) {
            for (int d = 0; d < doctors; d++) {
                String gender = random.nextBoolean() ? "female" : "male";
                String name = "Dr. " + names.firstName(random, gender) + " " + names.surname(random);
                users.row(clinic, doctorUserId(d), doctorUsername(d + 1, doctors), passwordHash, "doctor", name, "",
                        phone(random), null, true, opened, opened, 1);
            }
            for (int r = 0; r < receptionists; r++) {
                String gender = random.nextInt(4) == 0 ? "male" : "female";
                users.row(clinic, receptionistId(r), receptionUsername(r + 1, receptionists), passwordHash,
                        "receptionist", names.firstName(random, gender) + " " + names.surname(random), "",
                        phone(random), null, true, opened, opened, 1);
            }
            users.row(clinic, labUserId(), "lab", passwordHash, "lab_technician",
                    names.firstName(random, "female") + " " + names.surname(random), "", phone(random), null, true,
                    opened, opened, 1);
        }
        try (TableRows rows = load.table("doctor", "clinic_id", "id", "user_id", "license_number", "specialization",
                "qualification", "consultation_fee", "is_active", "created_at", "updated_at", "version")) {
            for (int d = 0; d < doctors; d++) {
                String specialization = SPECIALIZATIONS.get(random.nextInt(SPECIALIZATIONS.size()));
                rows.row(clinic, doctorId(d), doctorUserId(d),
                        "MMC-" + (1995 + random.nextInt(28)) + "-" + (10_000 + number * 100 + d),
                        specialization, specialization.equals("General Medicine") ? "MBBS" : "MBBS, MD",
                        new BigDecimal(300 + 50 * random.nextInt(10)).setScale(2), true, opened, opened, 1);
            }
        }
    }

    void writeCatalogs(SeedLoad load) {
        try (TableRows rows = load.table("medicine", "clinic_id", "id", "name", "generic_name", "form", "strength",
                "manufacturer", "is_active", "created_at", "updated_at", "version")) {
            for (int m = 0; m < SeedCatalog.MEDICINES.size(); m++) {
                var medicine = SeedCatalog.MEDICINES.get(m);
                rows.row(clinic, medicineId(m), medicine.name(), medicine.genericName(), medicine.form(),
                        medicine.strength(), "", true, opened, opened, 1);
            }
        }
        try (TableRows rows = load.table("lab_test", "clinic_id", "id", "code", "name", "sample_type", "description",
                "price", "is_active", "created_at", "updated_at", "version")) {
            for (int t = 0; t < SeedCatalog.LAB_TESTS.size(); t++) {
                var test = SeedCatalog.LAB_TESTS.get(t);
                rows.row(clinic, labTestId(t), test.code(), test.name(), test.sample(), "",
                        new BigDecimal(150 + 100 * t).setScale(2), true, opened, opened, 1);
            }
        }
        try (TableRows rows = load.table("lab_test_parameter", "clinic_id", "id", "lab_test_id", "position", "name",
                "unit", "normal_low", "normal_high", "reference_text")) {
            for (int t = 0; t < SeedCatalog.LAB_TESTS.size(); t++) {
                var test = SeedCatalog.LAB_TESTS.get(t);
                rows.row(clinic, parameterId(t), labTestId(t), 1, test.parameter(), test.unit(), test.low(),
                        test.high(), "");
            }
        }
        try (TableRows rows = load.table("lab_reference_range", "clinic_id", "id", "parameter_id", "position", "sex",
                "age_from", "age_to", "age_unit", "normal_low", "normal_high", "critical_low", "critical_high")) {
            for (int t = 0; t < SeedCatalog.LAB_TESTS.size(); t++) {
                var ranges = SeedCatalog.LAB_TESTS.get(t).ranges();
                for (int r = 0; r < ranges.size(); r++) {
                    var range = ranges.get(r);
                    rows.row(clinic, ids.id(Kind.RANGE, opened.toInstant().toEpochMilli(), number, t * 64L + r),
                            parameterId(t), r + 1, range.sex(), range.ageFrom(), range.ageTo(),
                            range.ageUnit().dbValue(), range.normalLow(), range.normalHigh(), range.criticalLow(),
                            range.criticalHigh());
                }
            }
        }
    }

    // ---- patients and visits

    /** Every patient in code order with their visits, tokens given as the day's check-ins come. */
    void forEachPatient(PatientVisits work) {
        forEachPatient(true, work);
    }

    /** {@code details}: names, phones, address and the like too (only the patient table needs them: phones are slow to check). */
    private void forEachPatient(boolean details, PatientVisits work) {
        int[][] tokens = new int[doctors][VISIT_DAYS];
        int[] perYear = new int[3000];
        for (int i = 0; i < size; i++) {
            Patient patient = patient(i, perYear, details);
            work.accept(patient, visits(patient, tokens));
        }
    }

    private Patient patient(int index, int[] perYear, boolean details) {
        long patientSeed = SeedIds.mix(seed + index);
        SplittableRandom random = new SplittableRandom(patientSeed);
        double position = (index + random.nextDouble()) / size * REGISTRATION_DAYS;
        int day = (int) position;
        LocalDate registered = today.minusDays(REGISTRATION_DAYS).plusDays(day);
        OffsetDateTime registeredAt = at(registered, 8 * 60 + (int) ((position - day) * 50));
        int year = registered.getYear();
        String patientCode = "PT-%s-%d-%03d".formatted(code, year, ++perYear[year]);

        double g = random.nextDouble();
        String gender = g < 0.505 ? "female" : g < 0.995 ? "male" : "other";
        double a = random.nextDouble();
        int age = a < 0.2 ? random.nextInt(18) : a < 0.85 ? 18 + random.nextInt(47) : 65 + random.nextInt(26);
        boolean approximate = random.nextInt(50) == 0;
        LocalDate born = approximate ? registered.minusYears(age)
                : registered.minusYears(age).minusDays(random.nextInt(365));
        int usualDoctor = random.nextInt(doctors);
        int chronic = random.nextInt(10) < 3 ? CHRONIC[random.nextInt(CHRONIC.length)] : -1;
        UUID id = ids.id(Kind.PATIENT, registeredAt.toInstant().toEpochMilli(), number, index);
        if (!details) {
            return new Patient(index, id, patientCode, "", "", born, approximate, gender, "", "", "", "", "", null, "",
                    registeredAt, day, usualDoctor, chronic, patientSeed);
        }
        random = new SplittableRandom(patientSeed ^ 0xDE7A11L);
        String first = names.firstName(random, gender);
        String last = names.surname(random);
        String email = random.nextInt(7) == 0
                ? (first + "." + last + (random.nextInt(90) + 10) + "@example.in").toLowerCase().replace("'", "")
                : "";
        String address = (1 + random.nextInt(400)) + ", " + STREETS.get(random.nextInt(STREETS.size())) + ", "
                + AREAS.get(random.nextInt(AREAS.size())) + ", " + city + " " + (411_001 + random.nextInt(60));
        boolean emergency = random.nextInt(5) < 2;
        String emergencyName = emergency ? names.firstName(random, random.nextBoolean() ? "female" : "male") + " " + last : "";
        String emergencyPhone = emergency ? phone(random) : "";
        String blood = random.nextInt(4) == 0 ? null : bloodGroup(random.nextDouble());
        String allergies = random.nextInt(12) == 0
                ? SeedCatalog.ALLERGIES.get(random.nextInt(SeedCatalog.ALLERGIES.size())) : "";
        String phone = phone(random);
        return new Patient(index, id, patientCode, first, last, born, approximate, gender, phone, email, address,
                emergencyName, emergencyPhone, blood, allergies, registeredAt, day, usualDoctor, chronic, patientSeed);
    }

    private static String bloodGroup(double r) {
        double sum = 0;
        for (int i = 0; i < BLOOD_GROUPS.length; i++) {
            sum += BLOOD_SHARES[i];
            if (r < sum) {
                return BLOOD_GROUPS[i];
            }
        }
        return BLOOD_GROUPS[0];
    }

    /** A valid Indian mobile number in E.164, as the app stores it (libphonenumber decides what is valid). */
    private static String phone(SplittableRandom random) {
        while (true) {
            String candidate = "+91" + (6 + random.nextInt(4)) + String.format("%09d", random.nextInt(1_000_000_000));
            var e164 = INDIAN_PHONES.e164(candidate);
            if (e164.isPresent() && e164.get().equals(candidate)) {
                return candidate;
            }
        }
    }

    private List<Visit> visits(Patient patient, int[][] tokens) {
        SplittableRandom random = new SplittableRandom(patient.seed() ^ 0x715175L);
        int count = 1;
        for (int i = 0; i < 8; i++) {
            count += random.nextInt(2);
        }
        // visit days are counted from the window's start (today - 730); registration days from today - 1095
        int first = Math.max(0, patient.registrationDay() - (REGISTRATION_DAYS - VISIT_DAYS));
        int[] days = new int[count];
        for (int i = 0; i < count; i++) {
            days[i] = first + random.nextInt(VISIT_DAYS - first);
        }
        if (patient.registrationDay() >= REGISTRATION_DAYS - VISIT_DAYS) {
            days[0] = first; // registered at the desk on the day of the first visit
        }
        Arrays.sort(days);
        Visit[] visits = new Visit[count];
        for (int n = 0; n < count; n++) {
            int doctor = random.nextInt(10) < 8 ? patient.usualDoctor() : random.nextInt(doctors);
            int day = days[n];
            int token = ++tokens[doctor][day];
            LocalDate date = today.minusDays(VISIT_DAYS).plusDays(day);
            OffsetDateTime checkedIn = at(date, 9 * 60 + (token - 1) * 12 + random.nextInt(10));
            int s = random.nextInt(100);
            String status = s < 88 ? "completed" : s < 96 ? "no_show" : "cancelled";
            OffsetDateTime started = status.equals("completed") ? checkedIn.plusMinutes(5 + random.nextInt(30)) : null;
            OffsetDateTime ended = switch (status) {
                case "completed" -> started.plusMinutes(6 + random.nextInt(15));
                case "no_show" -> checkedIn.plusMinutes(120 + random.nextInt(120));
                default -> checkedIn.plusMinutes(10 + random.nextInt(50));
            };
            int complaint = patient.chronicComplaint() >= 0 && random.nextBoolean() ? patient.chronicComplaint()
                    : random.nextInt(SeedCatalog.COMPLAINTS.size());
            long key = ((long) patient.index() << 8) | n;
            visits[n] = new Visit(key, ids.id(Kind.VISIT, checkedIn.toInstant().toEpochMilli(), number, key), doctor,
                    day, token, status, checkedIn, started, ended, complaint, SeedIds.mix(patient.seed() + n + 1));
        }
        return List.of(visits);
    }

    LocalDate visitDate(Visit visit) {
        return today.minusDays(VISIT_DAYS).plusDays(visit.day());
    }

    void writePatients(SeedLoad load) {
        try (TableRows rows = load.table("patient", "clinic_id", "id", "code", "first_name", "last_name",
                "date_of_birth", "date_of_birth_approximate", "gender", "phone", "email", "address",
                "emergency_contact_name", "emergency_contact_phone", "blood_group", "allergies", "registered_at",
                "updated_at", "version")) {
            forEachPatient((p, visits) -> rows.row(clinic, p.id(), p.code(), p.firstName(), p.lastName(),
                    p.dateOfBirth(), p.approximate(), p.gender(), p.phone(), p.email(), p.address(), p.emergencyName(),
                    p.emergencyPhone(), p.bloodGroup(), p.allergies(), p.registeredAt(), p.registeredAt(), 1));
        }
    }

    void writeVisits(SeedLoad load) {
        try (TableRows rows = load.table("patient_visit", "clinic_id", "id", "patient_id", "doctor_id", "visit_date",
                "token_number", "status", "reason", "checked_in_at", "checked_in_by", "started_at", "ended_at",
                "updated_at", "version")) {
            forEachPatient(false, (p, visits) -> {
                for (Visit v : visits) {
                    // waiting -> in consultation -> completed: three versions; no-show and cancelled: two
                    rows.row(clinic, v.id(), p.id(), doctorId(v.doctor()), visitDate(v), v.token(), v.status(),
                            SeedCatalog.COMPLAINTS.get(v.complaint()).complaint(), v.checkedInAt(),
                            receptionistId((int) (v.key() % receptionists)), v.startedAt(), v.endedAt(), v.endedAt(),
                            v.completed() ? 3 : 2);
                }
            });
        }
    }

    void writeNotes(SeedLoad load) {
        try (TableRows rows = load.table("doctor_note", "clinic_id", "id", "visit_id", "patient_id", "doctor_id",
                "bp_systolic", "bp_diastolic", "pulse_per_min", "respiratory_rate_per_min", "temperature_c",
                "spo2_percent", "weight_kg", "height_cm", "chief_complaint", "diagnosis", "notes", "follow_up_on",
                "created_at", "updated_at", "version")) {
            forEachPatient(false, (p, visits) -> {
                for (Visit v : visits) {
                    if (!v.completed()) {
                        continue;
                    }
                    SplittableRandom random = new SplittableRandom(v.seed() ^ 0x107EL);
                    var complaint = SeedCatalog.COMPLAINTS.get(v.complaint());
                    int age = Math.max(0, visitDate(v).getYear() - p.dateOfBirth().getYear());
                    boolean fever = v.complaint() == 0 || v.complaint() == 2;
                    boolean child = age < 12;
                    BigDecimal temperature = BigDecimal.valueOf(fever ? 378 + random.nextInt(18) : 364 + random.nextInt(9), 1);
                    BigDecimal weight = BigDecimal.valueOf(child ? 3 + age * 3 + random.nextInt(4) : 42 + random.nextInt(54))
                            .setScale(2);
                    BigDecimal height = random.nextInt(5) < 2
                            ? BigDecimal.valueOf(child ? 50 + age * 6 + random.nextInt(8) : 145 + random.nextInt(40)).setScale(1)
                            : null;
                    LocalDate followUp = random.nextInt(100) < 35 ? visitDate(v).plusDays(new int[] {7, 14, 30}[random.nextInt(3)]) : null;
                    OffsetDateTime created = v.startedAt().plusMinutes(2);
                    rows.row(clinic, ids.id(Kind.NOTE, created.toInstant().toEpochMilli(), number, v.key()), v.id(),
                            p.id(), doctorId(v.doctor()),
                            child ? null : 105 + random.nextInt(60), child ? null : 65 + random.nextInt(35),
                            62 + random.nextInt(46), 14 + random.nextInt(9), temperature,
                            v.complaint() == 12 ? 91 + random.nextInt(7) : 95 + random.nextInt(6), weight, height,
                            complaint.complaint(), complaint.diagnosis(), complaint.notes(), followUp, created,
                            v.endedAt(), 1);
                }
            });
        }
    }

    private boolean prescribed(Visit v) {
        return v.completed() && new SplittableRandom(v.seed() ^ 0x12L).nextInt(10) < 7;
    }

    private OffsetDateTime prescribedAt(Visit v) {
        return v.endedAt().minusMinutes(1);
    }

    void writePrescriptions(SeedLoad load) {
        try (TableRows rows = load.table("prescription", "clinic_id", "id", "patient_id", "doctor_id", "visit_id",
                "advice", "prescribed_at")) {
            forEachPatient(false, (p, visits) -> {
                for (Visit v : visits) {
                    if (prescribed(v)) {
                        rows.row(clinic, prescriptionId(v), p.id(), doctorId(v.doctor()), v.id(),
                                SeedCatalog.COMPLAINTS.get(v.complaint()).advice(), prescribedAt(v));
                    }
                }
            });
        }
    }

    private UUID prescriptionId(Visit v) {
        return ids.id(Kind.PRESCRIPTION, prescribedAt(v).toInstant().toEpochMilli(), number, v.key());
    }

    void writePrescriptionItems(SeedLoad load) {
        try (TableRows rows = load.table("prescription_item", "clinic_id", "id", "prescription_id", "position",
                "medicine_id", "dose", "frequency", "duration_days", "instructions")) {
            forEachPatient(false, (p, visits) -> {
                for (Visit v : visits) {
                    if (!prescribed(v)) {
                        continue;
                    }
                    SplittableRandom random = new SplittableRandom(v.seed() ^ 0x17E3L);
                    List<Integer> medicines = SeedCatalog.COMPLAINTS.get(v.complaint()).medicines();
                    boolean chronic = v.complaint() == p.chronicComplaint();
                    for (int i = 0; i < medicines.size(); i++) {
                        int m = medicines.get(i);
                        rows.row(clinic, ids.id(Kind.ITEM, prescribedAt(v).toInstant().toEpochMilli(), number,
                                        (v.key() << 3) | i), prescriptionId(v), i + 1, medicineId(m),
                                SeedCatalog.MEDICINES.get(m).dose(),
                                SeedCatalog.FREQUENCIES.get(random.nextInt(SeedCatalog.FREQUENCIES.size())),
                                chronic ? 30 : DURATIONS[random.nextInt(DURATIONS.length)],
                                SeedCatalog.INSTRUCTIONS.get(random.nextInt(SeedCatalog.INSTRUCTIONS.size())));
                    }
                }
            });
        }
    }

    /** The lab test ordered at a visit, or -1. */
    private int orderedTest(Visit v) {
        if (!v.completed()) {
            return -1;
        }
        SplittableRandom random = new SplittableRandom(v.seed() ^ 0x1AB5L);
        String test = SeedCatalog.COMPLAINTS.get(v.complaint()).testCode();
        int r = random.nextInt(100);
        if (!test.isEmpty() && r < 45) {
            return SeedCatalog.labTestIndex(test);
        }
        return r >= 94 ? random.nextInt(SeedCatalog.LAB_TESTS.size()) : -1;
    }

    private String orderStatus(Visit v) {
        int r = new SplittableRandom(v.seed() ^ 0x57A7L).nextInt(100);
        if (v.day() >= VISIT_DAYS - 2) {
            return r < 33 ? "ordered" : r < 66 ? "sample_collected" : "completed";
        }
        return r < 3 ? "cancelled" : "completed";
    }

    private OffsetDateTime orderedAt(Visit v) {
        return v.startedAt().plusMinutes(4);
    }

    private UUID orderId(Visit v) {
        return ids.id(Kind.ORDER, orderedAt(v).toInstant().toEpochMilli(), number, v.key());
    }

    void writeTestOrders(SeedLoad load) {
        try (TableRows rows = load.table("test_order", "clinic_id", "id", "patient_id", "visit_id", "lab_test_id",
                "ordered_by", "status", "clinical_notes", "ordered_at", "sample_collected_at", "sample_collected_by",
                "completed_at", "completed_by", "report_file_id", "remarks", "updated_at", "version")) {
            forEachPatient(false, (p, visits) -> {
                for (Visit v : visits) {
                    int test = orderedTest(v);
                    if (test < 0) {
                        continue;
                    }
                    String status = orderStatus(v);
                    OffsetDateTime ordered = orderedAt(v);
                    boolean collected = status.equals("sample_collected") || status.equals("completed");
                    boolean completed = status.equals("completed");
                    OffsetDateTime collectedAt = collected ? ordered.plusMinutes(30) : null;
                    OffsetDateTime completedAt = completed ? ordered.plusHours(4) : null;
                    OffsetDateTime updated = completed ? completedAt : collected ? collectedAt
                            : status.equals("cancelled") ? ordered.plusHours(1) : ordered;
                    int version = switch (status) {
                        case "completed" -> 3;
                        case "sample_collected", "cancelled" -> 2;
                        default -> 1;
                    };
                    rows.row(clinic, orderId(v), p.id(), v.id(), labTestId(test), doctorId(v.doctor()), status,
                            SeedCatalog.COMPLAINTS.get(v.complaint()).diagnosis(), ordered, collectedAt,
                            collected ? labUserId() : null, completedAt, completed ? labUserId() : null, null, "",
                            updated, version);
                }
            });
        }
    }

    void writeTestResults(SeedLoad load) {
        try (TableRows rows = load.table("test_result", "clinic_id", "id", "test_order_id", "lab_test_id",
                "parameter_id", "value_numeric", "value_text", "is_abnormal", "entered_by", "entered_at", "flag",
                "reference_low", "reference_high", "reference_note")) {
            forEachPatient(false, (p, visits) -> {
                for (Visit v : visits) {
                    int t = orderedTest(v);
                    if (t < 0 || !orderStatus(v).equals("completed")) {
                        continue;
                    }
                    var test = SeedCatalog.LAB_TESTS.get(t);
                    OffsetDateTime collectedAt = orderedAt(v).plusMinutes(30);
                    // judged as the lab's page judges it: by the range for the patient's sex and age on the sample's day
                    ReferenceRanges.Applied range = ReferenceRanges.choose(test.low(), test.high(), test.ranges(),
                            p.gender(), p.dateOfBirth(), collectedAt.toLocalDate());
                    BigDecimal value = resultValue(new SplittableRandom(v.seed() ^ 0x4E5L), range, test, v);
                    ResultFlag flag = range.flag(value);
                    OffsetDateTime entered = orderedAt(v).plusHours(4).minusMinutes(15);
                    rows.row(clinic, ids.id(Kind.RESULT, entered.toInstant().toEpochMilli(), number, v.key()),
                            orderId(v), labTestId(t), parameterId(t), value, "", flag.abnormal(), labUserId(), entered,
                            flag.dbValue(), range.low(), range.high(), range.note());
                }
            });
        }
    }

    private static BigDecimal resultValue(SplittableRandom random, ReferenceRanges.Applied range,
                                          SeedCatalog.LabTest test, Visit v) {
        double low = range.low().doubleValue();
        double high = range.high().doubleValue();
        double centre = (low + high) / 2;
        double spread = (high - low) / 2.5;
        if (test.code().equals("FBS") && v.complaint() == 5) {
            centre = 150;
            spread = 45;
        } else if (test.code().equals("HB") && v.complaint() == 10) {
            centre = low - 2;
        } else if (test.code().equals("CRP") && (v.complaint() == 0 || v.complaint() == 2)) {
            centre = 18;
            spread = 12;
        }
        double value = Math.max(low * 0.3 + 0.01, centre + random.nextGaussian() * spread);
        return BigDecimal.valueOf(value).setScale(test.scale(), RoundingMode.HALF_UP);
    }

    /** The counters the app takes codes and tokens from, where the seeded rows left them. */
    void writeCounters(SeedLoad load) {
        int[] perYear = new int[3000];
        OffsetDateTime[] lastOfYear = new OffsetDateTime[3000];
        int[][] tokens = new int[doctors][VISIT_DAYS];
        OffsetDateTime[][] lastCheckIn = new OffsetDateTime[doctors][VISIT_DAYS];
        forEachPatient(false, (p, visits) -> {
            int year = p.registeredAt().atZoneSameInstant(IST).getYear();
            perYear[year]++;
            lastOfYear[year] = p.registeredAt();
            for (Visit v : visits) {
                tokens[v.doctor()][v.day()] = Math.max(tokens[v.doctor()][v.day()], v.token());
                if (lastCheckIn[v.doctor()][v.day()] == null || v.checkedInAt().isAfter(lastCheckIn[v.doctor()][v.day()])) {
                    lastCheckIn[v.doctor()][v.day()] = v.checkedInAt();
                }
            }
        });
        try (TableRows rows = load.table("clinic_counter", "clinic_id", "id", "name", "scope", "value", "updated_at")) {
            TreeMap<Integer, Integer> years = new TreeMap<>();
            for (int y = 0; y < perYear.length; y++) {
                if (perYear[y] > 0) {
                    years.put(y, perYear[y]);
                }
            }
            years.forEach((year, count) -> rows.row(clinic,
                    ids.id(Kind.COUNTER, lastOfYear[year].toInstant().toEpochMilli(), number, year), "patient_code",
                    String.valueOf(year), count, lastOfYear[year]));
            for (int d = 0; d < doctors; d++) {
                for (int day = 0; day < VISIT_DAYS; day++) {
                    if (tokens[d][day] > 0) {
                        rows.row(clinic, ids.id(Kind.COUNTER, lastCheckIn[d][day].toInstant().toEpochMilli(), number,
                                        (1L << 40) | ((long) d << 12) | day), "visit_token",
                                doctorId(d) + "/" + today.minusDays(VISIT_DAYS).plusDays(day), tokens[d][day],
                                lastCheckIn[d][day]);
                    }
                }
            }
        }
    }

    // ---- documents

    /** A document on a patient's chart: an uploaded report file. */
    record Document(UUID fileId, UUID reportId, UUID patientId, String fileName, byte[] content, String title,
                    String reportType, LocalDate reportDate, UUID uploadedBy, OffsetDateTime uploadedAt) {
    }

    private static final String[][] DOCUMENTS = {
            {"Ultrasound abdomen", "imaging"}, {"X-ray chest PA view", "imaging"}, {"Discharge summary", "discharge_summary"},
            {"Outside lab: lipid profile", "lab"}, {"Referral letter", "referral"}, {"ECG report", "other"}};

    static int documentsFor(int patients) {
        return Math.min(patients, Math.max(2, patients / 2000));
    }

    /** About one document per 2,000 patients, at least two, for patients spread over the clinic. */
    List<Document> documents() {
        int count = documentsFor(size);
        SplittableRandom random = new SplittableRandom(seed ^ 0xD0CL);
        int[] perYear = new int[3000];
        Document[] documents = new Document[count];
        int next = 0;
        for (int i = 0; i < size && next < count; i++) {
            Patient p = patient(i, perYear, false);
            if ((long) next * size / count != i) {
                continue;
            }
            String[] kind = DOCUMENTS[random.nextInt(DOCUMENTS.length)];
            OffsetDateTime uploaded = p.registeredAt().plusMinutes(30);
            String fileName = kind[0].toLowerCase().replaceAll("[^a-z0-9]+", "-") + ".pdf";
            byte[] content = ("%PDF-1.4\n% Santkrupa seed: " + kind[0] + " for " + p.code() + "\n"
                    + "1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            documents[next] = new Document(ids.id(Kind.FILE, uploaded.toInstant().toEpochMilli(), number, next),
                    ids.id(Kind.REPORT, uploaded.toInstant().toEpochMilli(), number, next), p.id(), fileName, content,
                    kind[0], kind[1], p.registeredAt().toLocalDate().minusDays(random.nextInt(20)),
                    doctorUserId(p.usualDoctor()), uploaded);
            next++;
        }
        return List.of(Arrays.copyOf(documents, next));
    }

    private static OffsetDateTime at(LocalDate day, int minutes) {
        return day.atStartOfDay().atOffset(IST).plusMinutes(minutes);
    }
}
