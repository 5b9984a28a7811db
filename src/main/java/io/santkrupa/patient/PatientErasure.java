package io.santkrupa.patient;

import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Form;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.API_IDEMPOTENCY_KEY;
import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.FORM_DRAFT;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;

/**
 * Erasure of a patient on request (the DPDP Act's right to erasure, within what the Indian Medical
 * Council's regulations require a clinic to keep): the person's identity is removed and the clinical
 * record stays, under the same ids, with nothing left that names them. One transaction, by the
 * clinic administrator, with the patient code typed again and a reason; audited as
 * {@code patient.erase} with ids and counts only.
 */
public final class PatientErasure {

    /** What the patient's name becomes. */
    static final String ERASED_FIRST_NAME = "Erased";
    static final String ERASED_LAST_NAME = "patient";
    static final int MAX_REASON = 300;

    /** What the erasure keeps and removes, in counts: all the administrator sees of the patient. */
    public record Summary(UUID patientId, String code, OffsetDateTime erasedAt, int visits, int notes,
                          int prescriptions, int testOrders, int labReportFiles, int documents, boolean portalAccount) {
        public boolean erased() {
            return erasedAt != null;
        }
    }

    private final TenantTransactions tenants;
    private final PatientPortal portal;
    private final AuditLog audit;
    private final Clock clock;

    public PatientErasure(TenantTransactions tenants, PatientPortal portal, AuditLog audit, Clock clock) {
        this.tenants = tenants;
        this.portal = portal;
        this.audit = audit;
        this.clock = clock;
    }

    /** The patient with this code (as on their card, any case), if the clinic has one. */
    public Optional<UUID> byCode(ClinicId clinic, String code) {
        return portal.patientByCode(clinic, code);
    }

    /** The counts, audited as a read of the patient (the page shows their code). */
    public Summary summary(ClinicId clinic, AuditContext who, UUID patientId) {
        return tenants.readInClinic(clinic, tx -> {
            Summary summary = summary(tx, clinic, patientId).orElseThrow(NotFoundResponse::new);
            audit.record(tx, clinic, who, "patient.read", AuditLog.Outcome.SUCCESS, "patient", patientId,
                    "erasure page: code and counts");
            return summary;
        });
    }

    /**
     * Erases the patient's identity, all of it or nothing.
     *
     * @throws Form.Refused at {@code confirmCode} when it is not the patient's code, at {@code reason}
     *                      when it is missing, too long or names the patient, or for the whole form
     *                      when the patient was erased already
     * @throws NotFoundResponse when the clinic has no such patient
     */
    public Summary erase(ClinicId clinic, AuditContext who, UUID patientId, String typedCode, String reason) {
        return tenants.inClinic(clinic, tx -> {
            UUID c = clinic.value();
            Record patient = tx.select(PATIENT.CODE, PATIENT.ERASED_AT, PATIENT.FIRST_NAME, PATIENT.LAST_NAME,
                            PATIENT.PHONE, PATIENT.EMAIL, PATIENT.DATE_OF_BIRTH)
                    .from(PATIENT).where(PATIENT.CLINIC_ID.eq(c), PATIENT.ID.eq(patientId))
                    .forUpdate().fetchOptional().orElseThrow(NotFoundResponse::new);
            String code = patient.get(PATIENT.CODE);
            if (patient.get(PATIENT.ERASED_AT) != null) {
                throw new Form.Refused(Form.WHOLE_FORM, "This patient was erased already.");
            }
            String typed = typedCode == null ? "" : typedCode.strip().toUpperCase(Locale.ROOT);
            if (!typed.equals(code)) {
                throw new Form.Refused("confirmCode", "Type the patient's code exactly as shown above ("
                        + code + ") to confirm.");
            }
            String why = reason == null ? "" : reason.strip();
            if (why.isEmpty()) {
                throw new Form.Refused("reason", "Say why, e.g. \"The patient's request of 3 Dec 2026\".");
            }
            if (why.length() > MAX_REASON) {
                throw new Form.Refused("reason", "At most " + MAX_REASON + " characters.");
            }
            if (namesThePatient(why, patient)) {
                // the reason is kept in the audit trail, which holds no personal data
                throw new Form.Refused("reason", "Leave the patient's name, phone and email out of the reason: "
                        + "the audit trail keeps it, and keeps no personal data.");
            }
            Summary before = summary(tx, clinic, patientId).orElseThrow(NotFoundResponse::new);
            OffsetDateTime now = OffsetDateTime.now(clock);

            // the lab's report files (a printed report names the patient) go; the results stay
            List<UUID> files = new ArrayList<>(tx.select(TEST_ORDER.REPORT_FILE_ID).from(TEST_ORDER)
                    .where(TEST_ORDER.CLINIC_ID.eq(c), TEST_ORDER.PATIENT_ID.eq(patientId),
                            TEST_ORDER.REPORT_FILE_ID.isNotNull())
                    .fetch(TEST_ORDER.REPORT_FILE_ID));
            tx.update(TEST_ORDER).setNull(TEST_ORDER.REPORT_FILE_ID).set(TEST_ORDER.UPDATED_AT, now)
                    .where(TEST_ORDER.CLINIC_ID.eq(c), TEST_ORDER.PATIENT_ID.eq(patientId),
                            TEST_ORDER.REPORT_FILE_ID.isNotNull())
                    .execute();
            // documents are outside scans of the person (a copy, not the clinic's own record): removed whole
            files.addAll(tx.deleteFrom(MEDICAL_REPORT)
                    .where(MEDICAL_REPORT.CLINIC_ID.eq(c), MEDICAL_REPORT.PATIENT_ID.eq(patientId))
                    .returning(MEDICAL_REPORT.FILE_ID).fetch(MEDICAL_REPORT.FILE_ID));
            if (!files.isEmpty()) {
                tx.deleteFrom(STORED_FILE).where(STORED_FILE.CLINIC_ID.eq(c), STORED_FILE.ID.in(files)).execute();
            }

            LocalDate born = patient.get(PATIENT.DATE_OF_BIRTH);
            tx.update(PATIENT)
                    .set(PATIENT.FIRST_NAME, ERASED_FIRST_NAME)
                    .set(PATIENT.LAST_NAME, ERASED_LAST_NAME)
                    .set(PATIENT.PHONE, "")
                    .set(PATIENT.EMAIL, "")
                    .set(PATIENT.ADDRESS, "")
                    .set(PATIENT.EMERGENCY_CONTACT_NAME, "")
                    .set(PATIENT.EMERGENCY_CONTACT_PHONE, "")
                    .set(PATIENT.ALLERGIES, "")
                    // the year of birth stays (ages read results against their ranges), as an approximate date
                    .set(PATIENT.DATE_OF_BIRTH, born == null ? null : LocalDate.of(born.getYear(), 7, 1))
                    .set(PATIENT.DATE_OF_BIRTH_APPROXIMATE, born != null)
                    .set(PATIENT.ERASED_AT, now)
                    .set(PATIENT.UPDATED_AT, now)
                    .set(PATIENT.VERSION, PATIENT.VERSION.plus(1))
                    .where(PATIENT.CLINIC_ID.eq(c), PATIENT.ID.eq(patientId))
                    .execute();
            boolean account = portal.closeForErasure(tx, clinic, patientId);

            // what was typed about them and not saved, and API answers kept for retries, that name them
            List<String> theirIds = new ArrayList<>();
            theirIds.add(patientId.toString());
            tx.select(PATIENT_VISIT.ID).from(PATIENT_VISIT)
                    .where(PATIENT_VISIT.CLINIC_ID.eq(c), PATIENT_VISIT.PATIENT_ID.eq(patientId))
                    .fetch(PATIENT_VISIT.ID).forEach(id -> theirIds.add(id.toString()));
            Condition draftsOfThem = theirIds.stream().map(FORM_DRAFT.PAGE::contains)
                    .reduce(Condition::or).orElseThrow();
            int drafts = tx.deleteFrom(FORM_DRAFT).where(FORM_DRAFT.CLINIC_ID.eq(c), draftsOfThem).execute();
            Condition answersAboutThem = theirIds.stream()
                    .map(id -> API_IDEMPOTENCY_KEY.RESPONSE_BODY.contains(id)
                            .or(API_IDEMPOTENCY_KEY.RESPONSE_LOCATION.contains(id))
                            .or(API_IDEMPOTENCY_KEY.REQUEST_PATH.contains(id)))
                    .reduce(Condition::or).orElseThrow();
            int answers = tx.deleteFrom(API_IDEMPOTENCY_KEY).where(API_IDEMPOTENCY_KEY.CLINIC_ID.eq(c), answersAboutThem)
                    .execute();

            audit.record(tx, clinic, who, "patient.erase", AuditLog.Outcome.SUCCESS, "patient", patientId,
                    "reason: " + why + "; kept: " + before.visits() + " visits, " + before.notes() + " notes, "
                            + before.prescriptions() + " prescriptions, " + before.testOrders() + " test orders; removed: "
                            + before.documents() + " documents, " + files.size() + " files, " + drafts + " drafts, "
                            + answers + " stored API answers; portal account " + (account ? "closed" : "none"));
            return summary(tx, clinic, patientId).orElseThrow();
        });
    }

    /** Whether the reason holds the patient's name, phone (its last 6 digits or more) or email. */
    private static boolean namesThePatient(String reason, Record patient) {
        String text = reason.toLowerCase(Locale.ROOT);
        String digits = reason.replaceAll("[^0-9]", "");
        for (String name : List.of(patient.get(PATIENT.FIRST_NAME), patient.get(PATIENT.LAST_NAME))) {
            if (name != null && name.strip().length() >= 2 && text.contains(name.strip().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        String email = patient.get(PATIENT.EMAIL);
        if (email != null && !email.isBlank() && text.contains(email.strip().toLowerCase(Locale.ROOT))) {
            return true;
        }
        String phone = patient.get(PATIENT.PHONE) == null ? "" : patient.get(PATIENT.PHONE).replaceAll("[^0-9]", "");
        return phone.length() >= 6 && digits.contains(phone.substring(phone.length() - 6));
    }

    private static Optional<Summary> summary(DSLContext tx, ClinicId clinic, UUID patientId) {
        UUID c = clinic.value();
        return tx.select(PATIENT.CODE, PATIENT.ERASED_AT,
                        org.jooq.impl.DSL.field(tx.selectCount().from(PATIENT_VISIT)
                                .where(PATIENT_VISIT.CLINIC_ID.eq(c), PATIENT_VISIT.PATIENT_ID.eq(patientId))),
                        org.jooq.impl.DSL.field(tx.selectCount().from(DOCTOR_NOTE)
                                .where(DOCTOR_NOTE.CLINIC_ID.eq(c), DOCTOR_NOTE.PATIENT_ID.eq(patientId))),
                        org.jooq.impl.DSL.field(tx.selectCount().from(PRESCRIPTION)
                                .where(PRESCRIPTION.CLINIC_ID.eq(c), PRESCRIPTION.PATIENT_ID.eq(patientId))),
                        org.jooq.impl.DSL.field(tx.selectCount().from(TEST_ORDER)
                                .where(TEST_ORDER.CLINIC_ID.eq(c), TEST_ORDER.PATIENT_ID.eq(patientId))),
                        org.jooq.impl.DSL.field(tx.selectCount().from(TEST_ORDER)
                                .where(TEST_ORDER.CLINIC_ID.eq(c), TEST_ORDER.PATIENT_ID.eq(patientId),
                                        TEST_ORDER.REPORT_FILE_ID.isNotNull())),
                        org.jooq.impl.DSL.field(tx.selectCount().from(MEDICAL_REPORT)
                                .where(MEDICAL_REPORT.CLINIC_ID.eq(c), MEDICAL_REPORT.PATIENT_ID.eq(patientId))),
                        org.jooq.impl.DSL.field(org.jooq.impl.DSL.exists(tx.selectOne().from(APP_USER)
                                .where(APP_USER.CLINIC_ID.eq(c), APP_USER.PATIENT_ID.eq(patientId)))))
                .from(PATIENT).where(PATIENT.CLINIC_ID.eq(c), PATIENT.ID.eq(patientId))
                .fetchOptional(r -> new Summary(patientId, r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6(), r.value7(), r.value8(), r.value9()));
    }
}
