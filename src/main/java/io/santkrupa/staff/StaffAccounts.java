package io.santkrupa.staff;

import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.ClinicCapacity;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.db.TransactionWork;
import io.santkrupa.db.ConstraintViolations;
import io.santkrupa.web.Form;
import io.santkrupa.web.auth.RefreshTokens;
import io.santkrupa.web.session.Sessions;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;

/**
 * The clinic admin's changes to staff accounts. Each is one transaction with its audit event;
 * a refusal (a taken username or license number, the clinic's limit, a stale version) throws
 * {@link Form.Refused} and writes nothing. Patients' logins are not managed here.
 */
public final class StaffAccounts {

    /** The roles the clinic admin creates accounts for (patients' logins belong to patient records). */
    public static final List<Role> STAFF_ROLES = List.of(Role.CLINIC_ADMIN, Role.DOCTOR, Role.RECEPTIONIST,
            Role.LAB_TECHNICIAN);

    /** The format of app_user_username_format (V005). */
    static final Pattern USERNAME = Pattern.compile("^[a-z0-9._-]{3,64}$");
    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 128;
    private static final BigDecimal FEE_LIMIT = new BigDecimal("100000000"); // numeric(10, 2)

    public record DoctorFields(String licenseNumber, String specialization, String qualification,
                               BigDecimal consultationFee) {
    }

    /** A new account as typed and checked, before its password is hashed; {@code doctor} as in {@link NewStaff}. */
    public record NewAccount(String username, String fullName, String email, String phone, Role role,
                             DoctorFields doctor) {
        public NewStaff withPasswordHash(String passwordHash) {
            return new NewStaff(username, fullName, email, phone, role, passwordHash, doctor);
        }
    }

    public enum Edit { SAVED, STALE }

    /** A new account; {@code doctor} is set exactly when the role is doctor. */
    public record NewStaff(String username, String fullName, String email, String phone, Role role,
                           String passwordHash, DoctorFields doctor) {
        public NewStaff {
            if ((role == Role.DOCTOR) != (doctor != null)) {
                throw new IllegalArgumentException("a doctor's profile comes with, and only with, the doctor role");
            }
        }
    }

    private final TenantTransactions tenants;
    private final AuditLog audit;
    private final Sessions sessions;
    private final RefreshTokens refreshTokens;

    public StaffAccounts(TenantTransactions tenants, AuditLog audit, Sessions sessions, RefreshTokens refreshTokens) {
        this.tenants = tenants;
        this.audit = audit;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
    }

    /**
     * Checks a new account's fields as typed (the page's form and the API's body alike), recording
     * a message per invalid field on {@code form}; the username is stored in lower case. The
     * password is checked apart ({@link #checkNewPassword}): it never goes into a form.
     */
    public static NewAccount validateNew(Form form) {
        String username = checkUsername(form, "username");
        String fullName = form.required("full_name", "Full name", 200);
        Set<String> staffRoles = STAFF_ROLES.stream().map(Role::dbValue).collect(Collectors.toSet());
        Role role = Role.fromDbValue(form.oneOf("role", "Role", staffRoles)).orElse(null);
        String email = form.email("email", "Email");
        String phone = form.phone("phone", "Phone");
        DoctorFields doctor = role == Role.DOCTOR ? validateDoctor(form) : null;
        return new NewAccount(username, fullName, email, phone, role, doctor);
    }

    /** A new username as typed into {@code field}, in lower case, with a message when it cannot be one. */
    public static String checkUsername(Form form, String field) {
        String username = form.value(field).toLowerCase(Locale.ROOT);
        form.put(field, username);
        if (username.isEmpty()) {
            form.error(field, "Username is required.");
        } else if (!USERNAME.matcher(username).matches()) {
            form.error(field, "Use 3 to 64 lower-case letters, digits, dots, hyphens or underscores, e.g. s.patil.");
        }
        return username;
    }

    /** Checks a doctor's profile as typed, recording a message per invalid field on {@code form}. */
    public static DoctorFields validateDoctor(Form form) {
        String license = form.required("license_number", "License number", 50);
        String specialization = form.optional("specialization", "Specialization", 100);
        String qualification = form.optional("qualification", "Qualification", 200);
        BigDecimal fee = form.decimal("consultation_fee", "Consultation fee", 2, BigDecimal.ZERO, FEE_LIMIT).orElse(null);
        return new DoctorFields(license, specialization, qualification, fee);
    }

    /**
     * The password policy for a new password, as typed (never stripped): a message at
     * {@code password} (or {@code password_confirm}) on {@code form} when unacceptable.
     *
     * @param confirm the password typed a second time; null when the client sends it once (the API)
     */
    public static void checkNewPassword(Form form, String password, String confirm, String username) {
        int length = password.codePointCount(0, password.length());
        if (password.isEmpty()) {
            form.error("password", "Password is required.");
        } else if (length < MIN_PASSWORD) {
            form.error("password", "Use at least " + MIN_PASSWORD + " characters; a few words make a good password.");
        } else if (length > MAX_PASSWORD) {
            form.error("password", "Use at most " + MAX_PASSWORD + " characters.");
        } else if (!username.isEmpty() && password.toLowerCase(Locale.ROOT).contains(username)) {
            form.error("password", "The password must not contain the username.");
        } else if (confirm != null && !password.equals(confirm)) {
            form.error("password_confirm", "The two passwords differ. Type the same password twice.");
        }
    }

    /** Creates the account (and a doctor's profile); its id. */
    public UUID create(ClinicId clinic, AuditContext who, NewStaff staff) {
        if (!STAFF_ROLES.contains(staff.role())) {
            throw new IllegalArgumentException("not a staff role: " + staff.role());
        }
        return write(clinic, tx -> {
            ClinicCapacity.requireRoomFor(tx, clinic, staff.role(), "role");
            UUID id = Ids.newId();
            tx.insertInto(APP_USER)
                    .set(APP_USER.CLINIC_ID, clinic.value())
                    .set(APP_USER.ID, id)
                    .set(APP_USER.USERNAME, staff.username())
                    .set(APP_USER.PASSWORD_HASH, staff.passwordHash())
                    .set(APP_USER.ROLE, staff.role().dbValue())
                    .set(APP_USER.FULL_NAME, staff.fullName())
                    .set(APP_USER.EMAIL, staff.email())
                    .set(APP_USER.PHONE, staff.phone())
                    .execute();
            if (staff.doctor() != null) {
                DoctorFields d = staff.doctor();
                tx.insertInto(DOCTOR)
                        .set(DOCTOR.CLINIC_ID, clinic.value())
                        .set(DOCTOR.ID, Ids.newId())
                        .set(DOCTOR.USER_ID, id)
                        .set(DOCTOR.LICENSE_NUMBER, d.licenseNumber())
                        .set(DOCTOR.SPECIALIZATION, d.specialization())
                        .set(DOCTOR.QUALIFICATION, d.qualification())
                        .set(DOCTOR.CONSULTATION_FEE, d.consultationFee())
                        .execute();
            }
            audit.record(tx, clinic, who, "staff.create", AuditLog.Outcome.SUCCESS, "app_user", id,
                    staff.role().dbValue() + " " + staff.username());
            return id;
        });
    }

    /** Name and contact details of an account, if still at {@code version}. */
    public void updateDetails(ClinicId clinic, AuditContext who, UUID userId, int version, String fullName,
                              String email, String phone) {
        write(clinic, tx -> {
            StaffQueries.StaffMember member = lockStaff(tx, clinic, userId, version);
            List<String> changed = new ArrayList<>();
            changedField(changed, "full_name", member.fullName(), fullName);
            changedField(changed, "email", member.email(), email);
            changedField(changed, "phone", member.phone(), phone);
            tx.update(APP_USER)
                    .set(APP_USER.FULL_NAME, fullName)
                    .set(APP_USER.EMAIL, email)
                    .set(APP_USER.PHONE, phone)
                    .set(APP_USER.UPDATED_AT, DSL.currentOffsetDateTime())
                    .set(APP_USER.VERSION, APP_USER.VERSION.plus(1))
                    .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.ID.eq(userId))
                    .execute();
            audit.record(tx, clinic, who, "staff.update", AuditLog.Outcome.SUCCESS, "app_user", userId,
                    changes(changed));
            return null;
        });
    }

    /**
     * A doctor's professional profile, if still at {@code version} (else STALE, nothing written);
     * creates it when the doctor has none yet ({@code version} is then ignored).
     */
    public Edit updateDoctor(ClinicId clinic, AuditContext who, UUID userId, int version, DoctorFields fields) {
        return write(clinic, tx -> {
            StaffQueries.StaffMember member = StaffQueries.find(tx, clinic, userId).orElseThrow(NotFoundResponse::new);
            requireStaff(member);
            if (member.role() != Role.DOCTOR) {
                throw new Form.Refused(Form.WHOLE_FORM, "Only doctors have a doctor's profile.");
            }
            StaffQueries.DoctorProfile old = member.doctor();
            if (old == null) {
                UUID doctorId = Ids.newId();
                tx.insertInto(DOCTOR)
                        .set(DOCTOR.CLINIC_ID, clinic.value())
                        .set(DOCTOR.ID, doctorId)
                        .set(DOCTOR.USER_ID, userId)
                        .set(DOCTOR.LICENSE_NUMBER, fields.licenseNumber())
                        .set(DOCTOR.SPECIALIZATION, fields.specialization())
                        .set(DOCTOR.QUALIFICATION, fields.qualification())
                        .set(DOCTOR.CONSULTATION_FEE, fields.consultationFee())
                        .set(DOCTOR.IS_ACTIVE, member.active())
                        .execute();
                audit.record(tx, clinic, who, "doctor.update", AuditLog.Outcome.SUCCESS, "doctor", doctorId,
                        "profile created");
                return Edit.SAVED;
            }
            int updated = tx.update(DOCTOR)
                    .set(DOCTOR.LICENSE_NUMBER, fields.licenseNumber())
                    .set(DOCTOR.SPECIALIZATION, fields.specialization())
                    .set(DOCTOR.QUALIFICATION, fields.qualification())
                    .set(DOCTOR.CONSULTATION_FEE, fields.consultationFee())
                    .set(DOCTOR.UPDATED_AT, DSL.currentOffsetDateTime())
                    .set(DOCTOR.VERSION, DOCTOR.VERSION.plus(1))
                    .where(DOCTOR.CLINIC_ID.eq(clinic.value()), DOCTOR.ID.eq(old.id()), DOCTOR.VERSION.eq(version))
                    .execute();
            if (updated == 0) {
                return Edit.STALE;
            }
            List<String> changed = new ArrayList<>();
            changedField(changed, "license_number", old.licenseNumber(), fields.licenseNumber());
            changedField(changed, "specialization", old.specialization(), fields.specialization());
            changedField(changed, "qualification", old.qualification(), fields.qualification());
            if (!sameAmount(old.consultationFee(), fields.consultationFee())) {
                changed.add("consultation_fee");
            }
            audit.record(tx, clinic, who, "doctor.update", AuditLog.Outcome.SUCCESS, "doctor", old.id(),
                    changes(changed));
            return Edit.SAVED;
        });
    }

    /**
     * Sets a new password the admin typed and signs the user out
     * everywhere -- except the admin's own current session when they reset their own password.
     */
    public void resetPassword(ClinicId clinic, AuditContext who, UUID userId, String passwordHash, UUID currentSession) {
        write(clinic, tx -> {
            StaffQueries.StaffMember member = StaffQueries.find(tx, clinic, userId).orElseThrow(NotFoundResponse::new);
            requireStaff(member);
            tx.update(APP_USER)
                    .set(APP_USER.PASSWORD_HASH, passwordHash)
                    .set(APP_USER.UPDATED_AT, DSL.currentOffsetDateTime())
                    .set(APP_USER.VERSION, APP_USER.VERSION.plus(1))
                    .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.ID.eq(userId))
                    .execute();
            boolean self = userId.equals(who.actorUserId());
            int ended = sessions.endAllOf(tx, clinic, userId, self ? currentSession : null);
            int revoked = refreshTokens.revokeAllOf(tx, clinic, userId);
            audit.record(tx, clinic, who, "staff.password_reset", AuditLog.Outcome.SUCCESS, "app_user", userId,
                    "sessions ended: " + ended + ", refresh tokens revoked: " + revoked);
            return null;
        });
    }

    /**
     * Deactivates an account (never one's own): it can no longer sign in, and its sessions
     * and refresh tokens end in the same transaction. A doctor's profile goes inactive with it.
     */
    public void deactivate(ClinicId clinic, AuditContext who, UUID userId, int version) {
        write(clinic, tx -> {
            if (userId.equals(who.actorUserId())) {
                throw new Form.Refused(Form.WHOLE_FORM, "You cannot deactivate your own account.");
            }
            StaffQueries.StaffMember member = lockStaff(tx, clinic, userId, version);
            if (!member.active()) {
                throw new Form.Refused(Form.WHOLE_FORM, "This account is already deactivated.");
            }
            setActive(tx, clinic, userId, false);
            int ended = sessions.endAllOf(tx, clinic, userId, null);
            int revoked = refreshTokens.revokeAllOf(tx, clinic, userId);
            audit.record(tx, clinic, who, "staff.deactivate", AuditLog.Outcome.SUCCESS, "app_user", userId,
                    "sessions ended: " + ended + ", refresh tokens revoked: " + revoked);
            return null;
        });
    }

    /** Reactivates an account, within the clinic's limit for its role. */
    public void reactivate(ClinicId clinic, AuditContext who, UUID userId, int version) {
        write(clinic, tx -> {
            StaffQueries.StaffMember member = StaffQueries.find(tx, clinic, userId).orElseThrow(NotFoundResponse::new);
            requireStaff(member);
            // the clinic row first, then the user's: the same order as every capacity check
            ClinicCapacity.requireRoomFor(tx, clinic, member.role(), Form.WHOLE_FORM);
            StaffQueries.StaffMember locked = lockStaff(tx, clinic, userId, version);
            if (locked.active()) {
                throw new Form.Refused(Form.WHOLE_FORM, "This account is already active.");
            }
            setActive(tx, clinic, userId, true);
            audit.record(tx, clinic, who, "staff.reactivate", AuditLog.Outcome.SUCCESS, "app_user", userId, "");
            return null;
        });
    }

    private static void setActive(DSLContext tx, ClinicId clinic, UUID userId, boolean active) {
        tx.update(APP_USER)
                .set(APP_USER.IS_ACTIVE, active)
                .set(APP_USER.UPDATED_AT, DSL.currentOffsetDateTime())
                .set(APP_USER.VERSION, APP_USER.VERSION.plus(1))
                .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.ID.eq(userId))
                .execute();
        // a deactivated doctor is offered for no new visit
        tx.update(DOCTOR)
                .set(DOCTOR.IS_ACTIVE, active)
                .set(DOCTOR.UPDATED_AT, DSL.currentOffsetDateTime())
                .set(DOCTOR.VERSION, DOCTOR.VERSION.plus(1))
                .where(DOCTOR.CLINIC_ID.eq(clinic.value()), DOCTOR.USER_ID.eq(userId))
                .execute();
    }

    /** The staff account, its row locked, provided it is still at {@code version}. */
    private static StaffQueries.StaffMember lockStaff(DSLContext tx, ClinicId clinic, UUID userId, int version) {
        Integer current = tx.select(APP_USER.VERSION).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.ID.eq(userId))
                .forUpdate()
                .fetchOne(APP_USER.VERSION);
        if (current == null) {
            throw new NotFoundResponse();
        }
        StaffQueries.StaffMember member = StaffQueries.find(tx, clinic, userId).orElseThrow(NotFoundResponse::new);
        requireStaff(member);
        if (current != version) {
            throw stale("account");
        }
        return member;
    }

    private static void requireStaff(StaffQueries.StaffMember member) {
        if (member.isPatientLogin()) {
            throw new Form.Refused(Form.WHOLE_FORM, "Patients' sign-ins are not managed on the staff pages.");
        }
    }

    static Form.Refused stale(String what) {
        return new Form.Refused(Form.WHOLE_FORM, "Someone else changed this " + what + " after you opened it, so "
                + "nothing was saved. Reload the page to see the current values, then make your change again.");
    }

    /** Runs a write; a duplicate username or license number becomes a refusal at its field. */
    private <T> T write(ClinicId clinic, TransactionWork<T> work) {
        try {
            return tenants.inClinic(clinic, work);
        } catch (DataAccessException e) {
            String constraint = ConstraintViolations.uniqueConstraintOf(e).orElseThrow(() -> e);
            throw switch (constraint) {
                case "app_user_username_uk" -> new Form.Refused("username",
                        "This username is already taken in this clinic. Choose another.");
                case "doctor_license_number_uk" -> new Form.Refused("license_number",
                        "Another doctor of this clinic already has this license number.");
                default -> e;
            };
        }
    }

    private static void changedField(List<String> changed, String name, String before, String after) {
        if (!Objects.equals(before, after)) {
            changed.add(name);
        }
    }

    private static boolean sameAmount(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static String changes(List<String> changed) {
        return changed.isEmpty() ? "no change" : "changed: " + String.join(", ", changed);
    }
}
