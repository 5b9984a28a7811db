package io.santkrupa.lab;

import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.prescription.Prescriptions;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER_CORRECTION;

/**
 * A completed test order's report as the patient takes it home, printed by the doctor or the
 * desk: one statement (the clinic's header, the patient, the order, its values with the ranges
 * they were judged against, its corrections) and the audit row of the read. An order the lab has
 * not completed has no report yet: it is the same 404 as an unknown id.
 */
public final class LabReports {

    /** The printable report; {@code completedBy} empty when not recorded, {@code reportFileName} null: no file. */
    public record Printable(UUID orderId, String clinicName, String clinicAddress, String clinicPhone,
                            String clinicEmail, String clinicWebsite, String clinicRegistration,
                            UUID patientId, String patientCode, String patientName, LocalDate dateOfBirth,
                            boolean dateOfBirthApproximate, String gender, UUID visitId, String testCode,
                            String testName, String sampleType, String orderedBy, OffsetDateTime orderedAt,
                            OffsetDateTime sampleCollectedAt, OffsetDateTime completedAt, String completedBy,
                            String remarks, String reportFileName, List<TestOrders.ResultView> results,
                            List<LabQueries.Correction> corrections) {

        /** The patient's age on the day the sample was taken, the clinic's day: the age the ranges were chosen by. */
        public String patientAgeIn(ZoneId clinicZone) {
            OffsetDateTime sampled = sampleCollectedAt != null ? sampleCollectedAt : orderedAt;
            return Prescriptions.ageOn(dateOfBirth, dateOfBirthApproximate, LocalDate.ofInstant(sampled.toInstant(), clinicZone));
        }

        public String genderLabel() {
            return gender == null || gender.isEmpty() ? "" : gender.substring(0, 1).toUpperCase(Locale.ROOT) + gender.substring(1);
        }

        public String sampleTypeLabel() {
            return LabTestCatalog.SAMPLE_TYPES.getOrDefault(sampleType, sampleType);
        }

        public boolean hasReport() {
            return reportFileName != null;
        }

        public boolean anyAbnormal() {
            return results.stream().anyMatch(TestOrders.ResultView::abnormal);
        }
    }

    private final TenantTransactions tenants;
    private final ReportFiles files;
    private final AuditLog audit;

    public LabReports(TenantTransactions tenants, ReportFiles files, AuditLog audit) {
        this.tenants = tenants;
        this.files = files;
        this.audit = audit;
    }

    /**
     * The report of a completed order, its read audited (test_order.read, "lab report print").
     *
     * @throws NotFoundResponse for an unknown id, another clinic's id, or an order not completed alike
     */
    public Printable open(ClinicId clinic, UUID orderId, AuditContext who) {
        return tenants.readInClinic(clinic, tx -> {
            Printable report = printable(tx, clinic, orderId).orElseThrow(NotFoundResponse::new);
            audit.record(tx, clinic, who, "test_order.read", AuditLog.Outcome.SUCCESS, "test_order", orderId,
                    "lab report print");
            return report;
        });
    }

    /**
     * The file the lab attached to a completed order, for the patient; the download audited.
     *
     * @throws NotFoundResponse for an unknown id, an order not completed, or one without a file alike
     */
    public ReportFiles.Download file(ClinicId clinic, UUID orderId, AuditContext who) {
        return tenants.readInClinic(clinic, tx -> {
            UUID fileId = tx.select(TEST_ORDER.REPORT_FILE_ID).from(TEST_ORDER)
                    .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.eq(orderId),
                            TEST_ORDER.STATUS.eq("completed"), TEST_ORDER.REPORT_FILE_ID.isNotNull())
                    .fetchOptional(TEST_ORDER.REPORT_FILE_ID).orElseThrow(NotFoundResponse::new);
            ReportFiles.Download file = files.load(tx, clinic, fileId).orElseThrow(NotFoundResponse::new);
            audit.record(tx, clinic, who, "test_order.report_download", AuditLog.Outcome.SUCCESS, "test_order", orderId,
                    "for the patient");
            return file;
        });
    }

    private static Optional<Printable> printable(DSLContext tx, ClinicId clinic, UUID orderId) {
        var doctorUser = APP_USER.as("doctor_user");
        var completer = APP_USER.as("completer");
        Field<List<TestOrders.ResultView>> results = TestOrders.results(clinic);
        Field<List<LabQueries.Correction>> corrections = corrections(clinic);
        return tx.select(TEST_ORDER.ID, CLINIC.NAME, CLINIC.ADDRESS, CLINIC.CITY, CLINIC.STATE, CLINIC.POSTAL_CODE,
                        CLINIC.PHONE, CLINIC.EMAIL, CLINIC.WEBSITE, CLINIC.REGISTRATION_NUMBER, PATIENT.ID, PATIENT.CODE,
                        PATIENT.FIRST_NAME, PATIENT.LAST_NAME, PATIENT.DATE_OF_BIRTH, PATIENT.DATE_OF_BIRTH_APPROXIMATE,
                        PATIENT.GENDER, TEST_ORDER.VISIT_ID, LAB_TEST.CODE, LAB_TEST.NAME, LAB_TEST.SAMPLE_TYPE,
                        doctorUser.FULL_NAME, TEST_ORDER.ORDERED_AT, TEST_ORDER.SAMPLE_COLLECTED_AT, TEST_ORDER.COMPLETED_AT,
                        completer.FULL_NAME, TEST_ORDER.REMARKS, STORED_FILE.FILE_NAME, results, corrections)
                .from(TEST_ORDER)
                .join(CLINIC).on(CLINIC.ID.eq(TEST_ORDER.CLINIC_ID))
                .join(PATIENT).on(PATIENT.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), PATIENT.ID.eq(TEST_ORDER.PATIENT_ID))
                .join(LAB_TEST).on(LAB_TEST.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), LAB_TEST.ID.eq(TEST_ORDER.LAB_TEST_ID))
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), DOCTOR.ID.eq(TEST_ORDER.ORDERED_BY))
                .join(doctorUser).on(doctorUser.CLINIC_ID.eq(DOCTOR.CLINIC_ID), doctorUser.ID.eq(DOCTOR.USER_ID))
                .leftJoin(completer).on(completer.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), completer.ID.eq(TEST_ORDER.COMPLETED_BY))
                .leftJoin(STORED_FILE).on(STORED_FILE.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID),
                        STORED_FILE.ID.eq(TEST_ORDER.REPORT_FILE_ID))
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.eq(orderId),
                        TEST_ORDER.STATUS.eq("completed"))
                .fetchOptional(r -> new Printable(r.get(TEST_ORDER.ID), r.get(CLINIC.NAME),
                        address(r.get(CLINIC.ADDRESS), r.get(CLINIC.CITY), r.get(CLINIC.STATE), r.get(CLINIC.POSTAL_CODE)),
                        r.get(CLINIC.PHONE), r.get(CLINIC.EMAIL), r.get(CLINIC.WEBSITE), r.get(CLINIC.REGISTRATION_NUMBER),
                        r.get(PATIENT.ID), r.get(PATIENT.CODE), r.get(PATIENT.FIRST_NAME) + " " + r.get(PATIENT.LAST_NAME),
                        r.get(PATIENT.DATE_OF_BIRTH), r.get(PATIENT.DATE_OF_BIRTH_APPROXIMATE), r.get(PATIENT.GENDER),
                        r.get(TEST_ORDER.VISIT_ID), r.get(LAB_TEST.CODE), r.get(LAB_TEST.NAME), r.get(LAB_TEST.SAMPLE_TYPE),
                        r.get(doctorUser.FULL_NAME), r.get(TEST_ORDER.ORDERED_AT), r.get(TEST_ORDER.SAMPLE_COLLECTED_AT),
                        r.get(TEST_ORDER.COMPLETED_AT), r.get(completer.FULL_NAME) == null ? "" : r.get(completer.FULL_NAME),
                        r.get(TEST_ORDER.REMARKS), r.get(STORED_FILE.FILE_NAME), r.get(results), r.get(corrections)));
    }

    /** The corrections of the outer query's order, newest first, with who made each. */
    private static Field<List<LabQueries.Correction>> corrections(ClinicId clinic) {
        return DSL.multiset(DSL.select(TEST_ORDER_CORRECTION.ID, TEST_ORDER_CORRECTION.CORRECTED_AT, APP_USER.FULL_NAME,
                                TEST_ORDER_CORRECTION.REASON, TEST_ORDER_CORRECTION.CHANGES,
                                TEST_ORDER_CORRECTION.REMARKS_BEFORE, TEST_ORDER_CORRECTION.REPORT_REPLACED)
                        .from(TEST_ORDER_CORRECTION)
                        .join(APP_USER).on(APP_USER.CLINIC_ID.eq(TEST_ORDER_CORRECTION.CLINIC_ID),
                                APP_USER.ID.eq(TEST_ORDER_CORRECTION.CORRECTED_BY))
                        .where(TEST_ORDER_CORRECTION.CLINIC_ID.eq(clinic.value()),
                                TEST_ORDER_CORRECTION.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID),
                                TEST_ORDER_CORRECTION.TEST_ORDER_ID.eq(TEST_ORDER.ID))
                        .orderBy(TEST_ORDER_CORRECTION.CORRECTED_AT.desc(), TEST_ORDER_CORRECTION.ID.desc()))
                .as("corrections")
                .convertFrom(rows -> rows.map(c -> new LabQueries.Correction(c.value1(), c.value2(), c.value3(),
                        c.value4(), LabQueries.changes(c.value5()), c.value6(), c.value7())));
    }

    private static String address(String... parts) {
        return String.join(", ", Arrays.stream(parts).filter(p -> p != null && !p.isBlank()).toList());
    }
}
