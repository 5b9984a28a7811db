package io.santkrupa.staff;

import io.santkrupa.db.ClinicId;
import org.jooq.Condition;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;

/** Reads of a clinic's staff accounts and doctors' profiles; every query names the clinic. */
public final class StaffQueries {

    /** One line of the staff list. */
    public record StaffRow(UUID id, String username, String fullName, Role role, boolean active,
                           OffsetDateTime lastLoginAt, String licenseNumber, String specialization) {
    }

    public record DoctorProfile(UUID id, String licenseNumber, String specialization, String qualification,
                                BigDecimal consultationFee, int version) {
    }

    /** One account; {@code doctor} is null unless the user is a doctor with a profile. */
    public record StaffMember(UUID id, String username, String fullName, String email, String phone, Role role,
                              boolean active, OffsetDateTime lastLoginAt,
                              OffsetDateTime createdAt, int version, DoctorProfile doctor) {

        public boolean isPatientLogin() {
            return role == Role.PATIENT;
        }
    }

    private StaffQueries() {
    }

    /**
     * Staff accounts (never patients' logins) in username order, after {@code afterUsername}
     * (keyset: usernames are unique in a clinic), with each doctor's profile joined in: one
     * statement whatever the number of rows.
     *
     * @param role   null for every staff role
     * @param active null for active and inactive alike
     */
    public static List<StaffRow> list(DSLContext tx, ClinicId clinic, Role role, Boolean active, String afterUsername,
                                      int limit) {
        List<Condition> where = new ArrayList<>();
        where.add(APP_USER.CLINIC_ID.eq(clinic.value()));
        // IN, not <> 'patient': the (clinic_id, role) index then skips the patients' logins, however many
        where.add(role == null ? APP_USER.ROLE.in(StaffAccounts.STAFF_ROLES.stream().map(Role::dbValue).toList())
                : APP_USER.ROLE.eq(role.dbValue()));
        if (active != null) {
            where.add(APP_USER.IS_ACTIVE.eq(active));
        }
        if (afterUsername != null) {
            where.add(APP_USER.USERNAME.gt(afterUsername));
        }
        return tx.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.FULL_NAME, APP_USER.ROLE, APP_USER.IS_ACTIVE,
                        APP_USER.LAST_LOGIN_AT, DOCTOR.LICENSE_NUMBER, DOCTOR.SPECIALIZATION)
                .from(APP_USER)
                .leftJoin(DOCTOR).on(DOCTOR.CLINIC_ID.eq(APP_USER.CLINIC_ID), DOCTOR.USER_ID.eq(APP_USER.ID))
                .where(where)
                .orderBy(APP_USER.USERNAME)
                .limit(limit)
                .fetch(r -> new StaffRow(r.value1(), r.value2(), r.value3(), Role.fromDbValue(r.value4()).orElseThrow(),
                        r.value5(), r.value6(), r.value7(), r.value8()));
    }

    public static Optional<StaffMember> find(DSLContext tx, ClinicId clinic, UUID userId) {
        return member(tx, clinic, APP_USER.ID.eq(userId));
    }

    /** The doctor's account with its profile, by the profile's id (the doctor's id in visits and the API). */
    public static Optional<StaffMember> findDoctor(DSLContext tx, ClinicId clinic, UUID doctorId) {
        return member(tx, clinic, DOCTOR.ID.eq(doctorId));
    }

    private static Optional<StaffMember> member(DSLContext tx, ClinicId clinic, Condition which) {
        return tx.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.FULL_NAME, APP_USER.EMAIL, APP_USER.PHONE,
                        APP_USER.ROLE, APP_USER.IS_ACTIVE, APP_USER.LAST_LOGIN_AT,
                        APP_USER.CREATED_AT, APP_USER.VERSION,
                        DOCTOR.ID, DOCTOR.LICENSE_NUMBER, DOCTOR.SPECIALIZATION, DOCTOR.QUALIFICATION,
                        DOCTOR.CONSULTATION_FEE, DOCTOR.VERSION)
                .from(APP_USER)
                .leftJoin(DOCTOR).on(DOCTOR.CLINIC_ID.eq(APP_USER.CLINIC_ID), DOCTOR.USER_ID.eq(APP_USER.ID))
                .where(APP_USER.CLINIC_ID.eq(clinic.value()), which)
                .fetchOptional(r -> new StaffMember(r.get(APP_USER.ID), r.get(APP_USER.USERNAME),
                        r.get(APP_USER.FULL_NAME), r.get(APP_USER.EMAIL), r.get(APP_USER.PHONE),
                        Role.fromDbValue(r.get(APP_USER.ROLE)).orElseThrow(), r.get(APP_USER.IS_ACTIVE),
                        r.get(APP_USER.LAST_LOGIN_AT), r.get(APP_USER.CREATED_AT),
                        r.get(APP_USER.VERSION),
                        r.get(DOCTOR.ID) == null ? null : new DoctorProfile(r.get(DOCTOR.ID),
                                r.get(DOCTOR.LICENSE_NUMBER), r.get(DOCTOR.SPECIALIZATION),
                                r.get(DOCTOR.QUALIFICATION), r.get(DOCTOR.CONSULTATION_FEE), r.get(DOCTOR.VERSION))));
    }
}
