package io.santkrupa.testing;

import io.santkrupa.db.Ids;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.sum;

/**
 * A {@link ClinicFixture} clinic plus figures the reports must find, written by the app role in
 * the clinic's own context. Clinic number {@code n} (1, 2, 3...) gets {@code n} more patients;
 * {@code n} completed visits on {@link #FIRST_DAY}, a cancelled one on {@link #SECOND_DAY} when
 * {@code n >= 2}, a no-show on {@link #APRIL_DAY}; two haemoglobin orders completed in March 2025
 * after {@code 2n} and {@code 4n} hours (each sample taken an hour after the order); and
 * {@code n} JPEG files of 100, 200, ... bytes. The fixture's own rows are of today: the periods
 * of 2025 hold only these.
 */
public final class ReportingFixture {

    public static final LocalDate FIRST_DAY = LocalDate.of(2025, 3, 3);
    public static final LocalDate SECOND_DAY = LocalDate.of(2025, 3, 20);
    public static final LocalDate APRIL_DAY = LocalDate.of(2025, 4, 2);
    /** 10:00 in India, 10 March 2025: every order of the fixture completes within March there. */
    private static final OffsetDateTime ORDERED_AT = OffsetDateTime.of(2025, 3, 10, 4, 30, 0, 0, ZoneOffset.UTC);

    /** A clinic with its number and what the app role reads of it (its baseline files included). */
    public record ReportedClinic(ClinicFixture.Clinic clinic, int n, long patients, long visits, long files, long bytes,
                                 int largestFile, long imageFiles, long pdfFiles, long labOrders) {
        public String slug() {
            return clinic.slug();
        }
    }

    private ReportingFixture() {
    }

    public static ReportedClinic create(TestDatabase db, int n) {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        UUID c = clinic.id().value();
        UUID doctor = clinic.row("doctor");
        UUID labTest = clinic.row("lab_test");
        return db.tenants().inClinic(clinic.id(), tx -> {
            List<UUID> patients = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                UUID patient = Ids.newId();
                tx.insertInto(PATIENT)
                        .set(PATIENT.CLINIC_ID, c).set(PATIENT.ID, patient)
                        .set(PATIENT.CODE, "PT-" + clinic.code() + "-2025-10" + i)
                        .set(PATIENT.FIRST_NAME, "Report").set(PATIENT.LAST_NAME, "Patient " + i)
                        .set(PATIENT.DATE_OF_BIRTH, LocalDate.of(1990, 1, i)).set(PATIENT.GENDER, "male")
                        .execute();
                patients.add(patient);
            }
            int token = 0;
            for (UUID patient : patients) {
                visit(tx, c, patient, doctor, FIRST_DAY, ++token, "completed");
            }
            if (n >= 2) {
                visit(tx, c, patients.getFirst(), doctor, SECOND_DAY, ++token, "cancelled");
            }
            visit(tx, c, patients.getFirst(), doctor, APRIL_DAY, ++token, "no_show");
            for (int hours : new int[] {2 * n, 4 * n}) {
                tx.insertInto(TEST_ORDER)
                        .set(TEST_ORDER.CLINIC_ID, c).set(TEST_ORDER.ID, Ids.newId())
                        .set(TEST_ORDER.PATIENT_ID, patients.getFirst()).set(TEST_ORDER.LAB_TEST_ID, labTest)
                        .set(TEST_ORDER.ORDERED_BY, doctor).set(TEST_ORDER.STATUS, "completed")
                        .set(TEST_ORDER.ORDERED_AT, ORDERED_AT)
                        .set(TEST_ORDER.SAMPLE_COLLECTED_AT, ORDERED_AT.plusHours(1))
                        .set(TEST_ORDER.COMPLETED_AT, ORDERED_AT.plusHours(hours))
                        .execute();
            }
            for (int i = 1; i <= n; i++) {
                byte[] content = ClinicFixture.randomBytes(100 * i);
                tx.insertInto(STORED_FILE)
                        .set(STORED_FILE.CLINIC_ID, c).set(STORED_FILE.ID, Ids.newId())
                        .set(STORED_FILE.FILE_NAME, "scan-" + i + ".jpg").set(STORED_FILE.CONTENT_TYPE, "image/jpeg")
                        .set(STORED_FILE.SIZE_BYTES, content.length).set(STORED_FILE.SHA256, ClinicFixture.sha256(content))
                        .set(STORED_FILE.CONTENT, content)
                        .execute();
            }
            var files = tx.select(count(), coalesce(sum(STORED_FILE.SIZE_BYTES), java.math.BigDecimal.ZERO), max(STORED_FILE.SIZE_BYTES),
                            count().filterWhere(STORED_FILE.CONTENT_TYPE.like("image/%")),
                            count().filterWhere(STORED_FILE.CONTENT_TYPE.eq("application/pdf")))
                    .from(STORED_FILE).where(STORED_FILE.CLINIC_ID.eq(c)).fetchSingle();
            return new ReportedClinic(clinic, n,
                    tx.fetchCount(PATIENT, PATIENT.CLINIC_ID.eq(c)),
                    tx.fetchCount(PATIENT_VISIT, PATIENT_VISIT.CLINIC_ID.eq(c)),
                    files.value1(), files.value2().longValue(), files.value3(), files.value4(), files.value5(),
                    tx.fetchCount(TEST_ORDER, TEST_ORDER.CLINIC_ID.eq(c)));
        });
    }

    private static void visit(org.jooq.DSLContext tx, UUID clinic, UUID patient, UUID doctor, LocalDate day, int token,
                              String status) {
        tx.insertInto(PATIENT_VISIT)
                .set(PATIENT_VISIT.CLINIC_ID, clinic).set(PATIENT_VISIT.ID, Ids.newId())
                .set(PATIENT_VISIT.PATIENT_ID, patient).set(PATIENT_VISIT.DOCTOR_ID, doctor)
                .set(PATIENT_VISIT.VISIT_DATE, day).set(PATIENT_VISIT.TOKEN_NUMBER, token)
                .set(PATIENT_VISIT.STATUS, status)
                .set(PATIENT_VISIT.CHECKED_IN_AT, day.atTime(9, 0).atOffset(ZoneOffset.ofHoursMinutes(5, 30)))
                .execute();
    }
}
