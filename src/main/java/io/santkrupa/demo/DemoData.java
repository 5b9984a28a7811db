package io.santkrupa.demo;

import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.ClinicContact;
import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.patient.PatientCodes;
import io.santkrupa.platform.ClinicOnboarding;
import io.santkrupa.platform.Limits;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.clinic.TimeZones;
import io.santkrupa.staff.AccountInvitations;
import io.santkrupa.web.auth.PasswordHasher;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;

/**
 * Two demo clinics side by side, with one user of every role each and overlapping usernames
 * (both have an "admin"), onboarded the way the platform onboards a clinic: provisioned with
 * their first administrator, who then chooses a password with the one-time link, as a real one
 * would. Loading is idempotent: a clinic that exists is left as it is.
 */
public final class DemoData {

    /** A demo login, printed at start-up. */
    public record Login(String clinicSlug, String username, String password, String role) {
    }

    private record Clinic(String slug, String code, String name, String city, String status, String doctorName,
                          String license, List<String[]> patients) {
    }

    private static final List<Clinic> CLINICS = List.of(
            new Clinic("sunrise", "SUN", "Sunrise Family Clinic", "Pune", "active", "Dr. Anjali Mehta", "MMC-2011-4471",
                    List.of(new String[] {"Asha", "Patil", "female", "+919820011001", "1985-04-12", "B+", "Penicillin"},
                            new String[] {"Rohan", "Deshmukh", "male", "+919820011002", "1978-09-30", "O+", ""},
                            new String[] {"Meera", "Kulkarni", "female", "+919820011003", "1992-01-05", "A-", "Sulfa drugs"},
                            new String[] {"Vikram", "Joshi", "male", "+919820011004", "1964-11-21", "AB+", ""})),
            new Clinic("lotus", "LOT", "Lotus Health Centre", "Nashik", "trial", "Dr. Sameer Iyer", "MMC-2015-9032",
                    List.of(new String[] {"Ravi", "Shinde", "male", "+919970022001", "1990-07-17", "O-", ""},
                            new String[] {"Asha", "Patil", "female", "+919970022002", "1988-02-03", "A+", "Latex"},
                            new String[] {"Neha", "Pawar", "female", "+919970022003", "2001-12-09", "B-", ""})));

    private DemoData() {
    }

    public static List<Login> load(PlatformTransactions platform, TenantTransactions tenants, PasswordHasher hasher,
                                   Clock clock) {
        ClinicOnboarding onboarding = new ClinicOnboarding(platform, new PlatformAudit(), clock);
        AccountInvitations invitations = new AccountInvitations(tenants, new AuditLog(), clock);
        List<Login> logins = new ArrayList<>();
        for (Clinic clinic : CLINICS) {
            Map<String, String> users = new LinkedHashMap<>();
            users.put("admin", "clinic_admin");
            users.put("doctor", "doctor");
            users.put("reception", "receptionist");
            users.put("lab", "lab_technician");
            users.put("patient", "patient");
            users.forEach((username, role) ->
                    logins.add(new Login(clinic.slug(), username, clinic.slug() + "-" + username + "-demo", role)));
            if (tenants.resolveSlug(clinic.slug()).isPresent()) {
                continue;
            }
            var onboarded = onboarding.onboard(new ClinicOnboarding.NewClinic(clinic.slug(), clinic.code(),
                    new ClinicContact(clinic.name(), "", clinic.city(), "Maharashtra", "", "", "", ""),
                    "MH-" + clinic.code() + "-2019-0042", TimeZones.DEFAULT, ClinicOnboarding.DEFAULT_PHONE_COUNTRY,
                    SubscriptionStatus.fromDbValue(clinic.status()),
                    null, Limits.TRIAL, "admin", "Clinic Administrator", "", "Demo clinic"),
                    new PlatformActor(null, "cli:demo", "", null));
            ClinicId id = onboarded.clinic();
            invitations.redeem(id, onboarded.linkToken(), hasher.hash(clinic.slug() + "-admin-demo"), "", null);
            tenants.inClinic(id, tx -> {
                // the demo clinics are onboarded in TimeZones.DEFAULT: their "last week" is that zone's
                seedClinic(tx, id, clinic, hasher, clock.instant().atZone(ZoneId.of(TimeZones.DEFAULT)));
                return null;
            });
        }
        return logins;
    }

    private static void seedClinic(DSLContext tx, ClinicId id, Clinic clinic, PasswordHasher hasher,
                                   ZonedDateTime now) {
        UUID doctorUser = insertUser(tx, id, "doctor", "doctor", clinic.doctorName(), null,
                hasher.hash(clinic.slug() + "-doctor-demo"));
        UUID reception = insertUser(tx, id, "reception", "receptionist", "Front Desk", null,
                hasher.hash(clinic.slug() + "-reception-demo"));
        insertUser(tx, id, "lab", "lab_technician", "Lab Technician", null, hasher.hash(clinic.slug() + "-lab-demo"));
        UUID doctor = Ids.newId();
        tx.insertInto(DOCTOR).set(DOCTOR.CLINIC_ID, id.value()).set(DOCTOR.ID, doctor).set(DOCTOR.USER_ID, doctorUser)
                .set(DOCTOR.LICENSE_NUMBER, clinic.license()).set(DOCTOR.SPECIALIZATION, "General Medicine")
                .set(DOCTOR.QUALIFICATION, "MBBS, MD").execute();

        List<UUID> patients = new ArrayList<>();
        int year = now.getYear();
        for (String[] p : clinic.patients()) {
            UUID patient = Ids.newId();
            tx.insertInto(PATIENT).set(PATIENT.CLINIC_ID, id.value()).set(PATIENT.ID, patient)
                    .set(PATIENT.CODE, PatientCodes.next(tx, id, clinic.code(), year))
                    .set(PATIENT.FIRST_NAME, p[0]).set(PATIENT.LAST_NAME, p[1]).set(PATIENT.GENDER, p[2])
                    .set(PATIENT.PHONE, p[3]).set(PATIENT.DATE_OF_BIRTH, LocalDate.parse(p[4]))
                    .set(PATIENT.BLOOD_GROUP, p[5]).set(PATIENT.ALLERGIES, p[6])
                    .set(PATIENT.ADDRESS, clinic.city()).execute();
            patients.add(patient);
        }
        insertUser(tx, id, "patient", "patient", clinic.patients().getFirst()[0] + " " + clinic.patients().getFirst()[1],
                patients.getFirst(), hasher.hash(clinic.slug() + "-patient-demo"));

        UUID visit = Ids.newId();
        tx.insertInto(PATIENT_VISIT).set(PATIENT_VISIT.CLINIC_ID, id.value()).set(PATIENT_VISIT.ID, visit)
                .set(PATIENT_VISIT.PATIENT_ID, patients.getFirst()).set(PATIENT_VISIT.DOCTOR_ID, doctor)
                .set(PATIENT_VISIT.VISIT_DATE, now.toLocalDate().minusDays(7)).set(PATIENT_VISIT.TOKEN_NUMBER, 3)
                .set(PATIENT_VISIT.STATUS, "completed").set(PATIENT_VISIT.REASON, "Fever and body ache")
                .set(PATIENT_VISIT.CHECKED_IN_BY, reception)
                .set(PATIENT_VISIT.CHECKED_IN_AT, now.toOffsetDateTime().minusDays(7)).execute();
        tx.insertInto(DOCTOR_NOTE).set(DOCTOR_NOTE.CLINIC_ID, id.value()).set(DOCTOR_NOTE.ID, Ids.newId())
                .set(DOCTOR_NOTE.VISIT_ID, visit).set(DOCTOR_NOTE.PATIENT_ID, patients.getFirst())
                .set(DOCTOR_NOTE.DOCTOR_ID, doctor).set(DOCTOR_NOTE.TEMPERATURE_C, new BigDecimal("38.4"))
                .set(DOCTOR_NOTE.CREATED_AT, now.toOffsetDateTime().minusDays(7))
                .set(DOCTOR_NOTE.BP_SYSTOLIC, (short) 124).set(DOCTOR_NOTE.BP_DIASTOLIC, (short) 82)
                .set(DOCTOR_NOTE.CHIEF_COMPLAINT, "Fever for three days")
                .set(DOCTOR_NOTE.DIAGNOSIS, "Viral fever").set(DOCTOR_NOTE.NOTES, "Rest, fluids, paracetamol as needed.")
                .execute();

        for (String[] m : List.of(new String[] {"Paracetamol", "500 mg", "tablet"},
                new String[] {"Amoxicillin", "500 mg", "capsule"}, new String[] {"Cetirizine", "10 mg", "tablet"})) {
            tx.insertInto(MEDICINE).set(MEDICINE.CLINIC_ID, id.value()).set(MEDICINE.ID, Ids.newId())
                    .set(MEDICINE.NAME, m[0]).set(MEDICINE.STRENGTH, m[1]).set(MEDICINE.FORM, m[2]).execute();
        }
        DemoLab.seed(tx, id, patients, visit, doctor, doctorUser, now.toOffsetDateTime());
    }

    private static UUID insertUser(DSLContext tx, ClinicId clinic, String username, String role, String fullName,
                                   UUID patientId, String passwordHash) {
        UUID id = Ids.newId();
        tx.insertInto(APP_USER).set(APP_USER.CLINIC_ID, clinic.value()).set(APP_USER.ID, id)
                .set(APP_USER.USERNAME, username).set(APP_USER.PASSWORD_HASH, passwordHash)
                .set(APP_USER.ROLE, role).set(APP_USER.FULL_NAME, fullName).set(APP_USER.PATIENT_ID, patientId)
                .execute();
        return id;
    }
}
