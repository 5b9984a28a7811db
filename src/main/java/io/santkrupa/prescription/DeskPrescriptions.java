package io.santkrupa.prescription;

import io.santkrupa.db.ClinicId;
import io.santkrupa.web.KeysetCursor;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION_ITEM;

/**
 * The desk's list of a patient's prescriptions to reprint: when, by whom and how many medicines
 * -- not the medicines, doses or diagnosis, which the desk sees only on the printed page it hands
 * over (PRINT_FOR_PATIENT, each print an audited read).
 */
public final class DeskPrescriptions {

    /** One prescription on the desk's list. */
    public record Row(UUID id, OffsetDateTime prescribedAt, String doctorName, int medicines) {
    }

    private DeskPrescriptions() {
    }

    /** Newest first, from just before {@code before} when given; one statement. */
    public static List<Row> forPatient(DSLContext tx, ClinicId clinic, UUID patientId, KeysetCursor before, int limit) {
        var medicines = DSL.field(DSL.selectCount().from(PRESCRIPTION_ITEM)
                .where(PRESCRIPTION_ITEM.CLINIC_ID.eq(PRESCRIPTION.CLINIC_ID),
                        PRESCRIPTION_ITEM.PRESCRIPTION_ID.eq(PRESCRIPTION.ID)));
        return tx.select(PRESCRIPTION.ID, PRESCRIPTION.PRESCRIBED_AT, APP_USER.FULL_NAME, medicines)
                .from(PRESCRIPTION)
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PRESCRIPTION.CLINIC_ID), DOCTOR.ID.eq(PRESCRIPTION.DOCTOR_ID))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .where(PRESCRIPTION.CLINIC_ID.eq(clinic.value()), PRESCRIPTION.PATIENT_ID.eq(patientId),
                        before == null ? DSL.noCondition()
                                : DSL.row(PRESCRIPTION.PRESCRIBED_AT, PRESCRIPTION.ID).lt(before.at(), before.id()))
                .orderBy(PRESCRIPTION.PRESCRIBED_AT.desc(), PRESCRIPTION.ID.desc())
                .limit(limit)
                .fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4()));
    }
}
