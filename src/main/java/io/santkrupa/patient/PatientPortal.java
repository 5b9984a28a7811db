package io.santkrupa.patient;

import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.ConstraintViolations;
import io.santkrupa.db.Ids;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.staff.AccountInvitations;
import io.santkrupa.web.Form;
import io.santkrupa.web.auth.RefreshTokens;
import io.santkrupa.web.session.Sessions;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.ACCOUNT_INVITATION;
import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;

/**
 * A patient's access to the portal (their own record, /my-record): invited by the clinic's desk
 * or administrator with a one-time link and code ({@link AccountInvitations}), reissued (a lost
 * slip, a forgotten password), revoked before it is used, or disabled. The patient's sign-in is
 * an {@code app_user} of role patient tied to the patient record, created with no password at the
 * first invitation; the patient chooses the password (and may choose another username) with the
 * invitation. Every change takes the portal state's version, so two people at the desk cannot
 * undo each other's invitation unseen; each is audited, never with a secret or patient data.
 */
public final class PatientPortal {

    public enum State {
        /** No sign-in, or one that was never completed and has no open invitation. */
        NONE("No portal access"),
        /** Invited; the patient has not chosen a password yet. */
        INVITED("Invited"),
        ACTIVE("Active"),
        DISABLED("Disabled");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * The portal state of one patient. {@code version} is the sign-in's (0 when there is none),
     * for the forms that change it; {@code openUntil} is when the newest open invitation expires.
     */
    public record Status(UUID patientId, String patientCode, String patientName, State state, String username,
                         OffsetDateTime openUntil, OffsetDateTime lastSignIn, int version) {
        public boolean invitationOpen() {
            return openUntil != null;
        }
    }

    /** A new invitation, for its one-time page: the secrets are in {@code issued}, nowhere else. */
    public record Invitation(Status patient, AccountInvitations.Issued issued, String clinicName) {
    }

    private static final String OPEN_UNTIL = "open_until";

    private final TenantTransactions tenants;
    private final AccountInvitations invitations;
    private final Sessions sessions;
    private final RefreshTokens refreshTokens;
    private final AuditLog audit;
    private final Clock clock;

    public PatientPortal(TenantTransactions tenants, AccountInvitations invitations, Sessions sessions,
                         RefreshTokens refreshTokens, AuditLog audit, Clock clock) {
        this.tenants = tenants;
        this.invitations = invitations;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** When the newest open invitation of the row's sign-in expires (null when none is open), by this clock. */
    private Field<OffsetDateTime> openUntil() {
        return DSL.field(DSL.select(DSL.max(ACCOUNT_INVITATION.EXPIRES_AT))
                .from(ACCOUNT_INVITATION)
                .where(ACCOUNT_INVITATION.CLINIC_ID.eq(APP_USER.CLINIC_ID), ACCOUNT_INVITATION.USER_ID.eq(APP_USER.ID),
                        ACCOUNT_INVITATION.USED_AT.isNull(), ACCOUNT_INVITATION.REVOKED_AT.isNull(),
                        ACCOUNT_INVITATION.EXPIRES_AT.gt(OffsetDateTime.now(clock)))).as(OPEN_UNTIL);
    }

    /** The patient's portal state, in the caller's transaction; 404 for a patient not of this clinic. */
    public Status status(DSLContext tx, ClinicId clinic, UUID patientId) {
        return tx.select(PATIENT.ID, PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME, APP_USER.USERNAME,
                        APP_USER.IS_ACTIVE, APP_USER.PASSWORD_HASH, APP_USER.LAST_LOGIN_AT, APP_USER.VERSION, openUntil())
                .from(PATIENT)
                .leftJoin(APP_USER).on(APP_USER.CLINIC_ID.eq(PATIENT.CLINIC_ID), APP_USER.PATIENT_ID.eq(PATIENT.ID))
                .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.ID.eq(patientId))
                .fetchOptional(this::status)
                .orElseThrow(NotFoundResponse::new);
    }

    /** The patient's portal state in a read transaction of its own (the portal page is audited as a read). */
    public Status status(ClinicId clinic, AuditContext who, UUID patientId) {
        return tenants.readInClinic(clinic, tx -> {
            Status status = status(tx, clinic, patientId);
            audit.record(tx, clinic, who, "patient.read", AuditLog.Outcome.SUCCESS, "patient", patientId,
                    "portal access");
            return status;
        });
    }

    /** The clinic's patients with a portal sign-in, most recently changed first; the list's read audited. */
    public List<Status> accounts(ClinicId clinic, AuditContext who, int limit) {
        return tenants.readInClinic(clinic, tx -> {
            List<Status> accounts = tx.select(PATIENT.ID, PATIENT.CODE, PATIENT.FIRST_NAME,
                            PATIENT.LAST_NAME, APP_USER.USERNAME, APP_USER.IS_ACTIVE, APP_USER.PASSWORD_HASH,
                            APP_USER.LAST_LOGIN_AT, APP_USER.VERSION, openUntil())
                    .from(APP_USER)
                    .join(PATIENT).on(PATIENT.CLINIC_ID.eq(APP_USER.CLINIC_ID), PATIENT.ID.eq(APP_USER.PATIENT_ID))
                    .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.ROLE.eq("patient"))
                    .orderBy(APP_USER.UPDATED_AT.desc(), APP_USER.ID.desc())
                    .limit(limit)
                    .fetch(this::status);
            if (!accounts.isEmpty()) {
                audit.recordList(tx, clinic, who, "portal.list", AuditLog.Outcome.SUCCESS,
                        accounts.stream().map(Status::patientId).toList(), AuditLog.patients(accounts.size()));
            }
            return accounts;
        });
    }

    /** The patient with this code (as printed on their card, any case); empty when the clinic has none. */
    public Optional<UUID> patientByCode(ClinicId clinic, String code) {
        String wanted = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
        if (wanted.isEmpty() || wanted.length() > 40) {
            return Optional.empty();
        }
        return tenants.readInClinic(clinic, tx -> tx.select(PATIENT.ID).from(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.CODE.eq(wanted))
                .fetchOptional(PATIENT.ID));
    }

    /**
     * Invites the patient: creates their sign-in on the first invitation (username: their patient
     * code in lower case; no password), gives a disabled one back without its old password, and
     * issues a link and a code that revoke every earlier invitation.
     *
     * @throws Form.Refused when the portal state moved past {@code version}, or the patient was erased
     */
    public Invitation invite(ClinicId clinic, AuditContext who, UUID patientId, int version) {
        try {
            return tenants.inClinic(clinic, tx -> {
                if (tx.fetchExists(PATIENT, PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.ID.eq(patientId),
                        PATIENT.ERASED_AT.isNotNull())) {
                    // erased on the patient's request: whoever came with the invitation would read a record
                    // whose person is no longer named in it
                    throw new Form.Refused(Form.WHOLE_FORM, "This patient's identity was erased on their request: the "
                            + "record is kept with no name and cannot be opened to a portal sign-in.");
                }
                Status before = lock(tx, clinic, patientId, version);
                UUID userId;
                String detail;
                if (before.state() == State.NONE && before.username() == null) {
                    userId = Ids.newId();
                    tx.insertInto(APP_USER)
                            .set(APP_USER.CLINIC_ID, clinic.value())
                            .set(APP_USER.ID, userId)
                            .set(APP_USER.USERNAME, freeUsername(tx, clinic, before.patientCode()))
                            .set(APP_USER.PASSWORD_HASH, AccountInvitations.NO_PASSWORD_YET)
                            .set(APP_USER.ROLE, "patient")
                            .set(APP_USER.FULL_NAME, before.patientName())
                            .set(APP_USER.PATIENT_ID, patientId)
                            .execute();
                    detail = "sign-in created";
                } else {
                    userId = userOf(tx, clinic, patientId);
                    var update = tx.update(APP_USER)
                            .set(APP_USER.UPDATED_AT, OffsetDateTime.now(clock))
                            .set(APP_USER.VERSION, APP_USER.VERSION.plus(1));
                    if (before.state() == State.DISABLED) {
                        // given back without the old password: only the new invitation opens it
                        update = update.set(APP_USER.IS_ACTIVE, true)
                                .set(APP_USER.PASSWORD_HASH, AccountInvitations.NO_PASSWORD_YET);
                    }
                    update.where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.ID.eq(userId)).execute();
                    detail = before.state() == State.DISABLED ? "access given back; old password void"
                            : before.state() == State.ACTIVE ? "new invitation for an active sign-in" : "invitation reissued";
                }
                int revoked = invitations.revokeOpen(tx, clinic, userId);
                AccountInvitations.Issued issued = invitations.issueByClinic(tx, clinic, userId);
                audit.record(tx, clinic, who, "portal.invite", AuditLog.Outcome.SUCCESS, "app_user", userId,
                        detail + "; earlier invitations revoked: " + revoked + "; valid "
                                + AccountInvitations.CLINIC_VALIDITY.toHours() + " h");
                String clinicName = tx.select(CLINIC.NAME).from(CLINIC).where(CLINIC.ID.eq(clinic.value()))
                        .fetchSingle(CLINIC.NAME);
                return new Invitation(status(tx, clinic, patientId), issued, clinicName);
            });
        } catch (DataAccessException e) {
            // two first invitations at once: one sign-in per patient (app_user_patient_uk), and both chose
            // the same username from the patient code (app_user_username_uk): one gets through
            if (ConstraintViolations.uniqueConstraintOf(e)
                    .filter(c -> c.equals("app_user_patient_uk") || c.equals("app_user_username_uk")).isPresent()) {
                throw stale();
            }
            throw e;
        }
    }

    /** Revokes the open invitation(s): the link and code stop working; a password already chosen stays. */
    public void revoke(ClinicId clinic, AuditContext who, UUID patientId, int version) {
        tenants.inClinic(clinic, tx -> {
            Status before = lock(tx, clinic, patientId, version);
            if (!before.invitationOpen()) {
                throw new Form.Refused(Form.WHOLE_FORM, "There is no open invitation to revoke.");
            }
            UUID userId = userOf(tx, clinic, patientId);
            int revoked = invitations.revokeOpen(tx, clinic, userId);
            bumpVersion(tx, clinic, userId);
            audit.record(tx, clinic, who, "portal.invitation_revoke", AuditLog.Outcome.SUCCESS, "app_user", userId,
                    "invitations revoked: " + revoked);
            return null;
        });
    }

    /** Disables the patient's sign-in: it stops working at once, with its sessions, tokens and invitations. */
    public void disable(ClinicId clinic, AuditContext who, UUID patientId, int version) {
        tenants.inClinic(clinic, tx -> {
            Status before = lock(tx, clinic, patientId, version);
            if (before.state() == State.DISABLED) {
                throw new Form.Refused(Form.WHOLE_FORM, "Portal access is disabled already.");
            }
            if (before.username() == null) {
                throw new Form.Refused(Form.WHOLE_FORM, "This patient has no portal access to disable.");
            }
            UUID userId = userOf(tx, clinic, patientId);
            tx.update(APP_USER)
                    .set(APP_USER.IS_ACTIVE, false)
                    .set(APP_USER.UPDATED_AT, OffsetDateTime.now(clock))
                    .set(APP_USER.VERSION, APP_USER.VERSION.plus(1))
                    .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.ID.eq(userId))
                    .execute();
            int revoked = invitations.revokeOpen(tx, clinic, userId);
            int ended = sessions.endAllOf(tx, clinic, userId, null);
            int tokens = refreshTokens.revokeAllOf(tx, clinic, userId);
            audit.record(tx, clinic, who, "portal.disable", AuditLog.Outcome.SUCCESS, "app_user", userId,
                    "sessions ended: " + ended + ", refresh tokens revoked: " + tokens + ", invitations revoked: "
                            + revoked);
            return null;
        });
    }

    /**
     * An erased patient's sign-in, in the erasure's transaction: deactivated, unlinked from the
     * record, and stripped of what named the person (the username they chose, their name, email and
     * phone); its sessions ended, tokens and invitations revoked. The row stays: the audit trail
     * names it as the actor of what the patient did. False when the patient had no sign-in.
     */
    boolean closeForErasure(DSLContext tx, ClinicId clinic, UUID patientId) {
        UUID userId = tx.select(APP_USER.ID).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.PATIENT_ID.eq(patientId))
                .forUpdate().fetchOptional(APP_USER.ID).orElse(null);
        if (userId == null) {
            return false;
        }
        tx.update(APP_USER)
                .set(APP_USER.IS_ACTIVE, false)
                .setNull(APP_USER.PATIENT_ID)
                .set(APP_USER.USERNAME, "erased-" + userId.toString().replace("-", ""))
                .set(APP_USER.FULL_NAME, "Erased patient")
                .set(APP_USER.EMAIL, "")
                .set(APP_USER.PHONE, "")
                .set(APP_USER.UPDATED_AT, OffsetDateTime.now(clock))
                .set(APP_USER.VERSION, APP_USER.VERSION.plus(1))
                .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.ID.eq(userId))
                .execute();
        invitations.revokeOpen(tx, clinic, userId);
        sessions.endAllOf(tx, clinic, userId, null);
        refreshTokens.revokeAllOf(tx, clinic, userId);
        return true;
    }

    /** The state with the patient's sign-in locked (when there is one), provided it is still at {@code version}. */
    private Status lock(DSLContext tx, ClinicId clinic, UUID patientId, int version) {
        // the patient's row, which always exists, is what serialises changes to their portal access:
        // locking the sign-in row alone lets a second first invitation read "no sign-in" and then,
        // once the first commits, see its invitation and revoke it
        tx.select(PATIENT.ID).from(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.ID.eq(patientId))
                .forNoKeyUpdate()
                .fetchOne();
        Integer current = tx.select(APP_USER.VERSION).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.PATIENT_ID.eq(patientId))
                .forUpdate()
                .fetchOne(APP_USER.VERSION);
        Status status = status(tx, clinic, patientId);
        // the state is read by a later statement: a sign-in another transaction created in between
        // (nothing to lock yet) shows in it, and its version, not the locked one, is what this form missed
        if ((current == null ? 0 : current) != version || status.version() != version) {
            throw stale();
        }
        return status;
    }

    private static UUID userOf(DSLContext tx, ClinicId clinic, UUID patientId) {
        return tx.select(APP_USER.ID).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.PATIENT_ID.eq(patientId))
                .fetchSingle(APP_USER.ID);
    }

    private void bumpVersion(DSLContext tx, ClinicId clinic, UUID userId) {
        tx.update(APP_USER)
                .set(APP_USER.UPDATED_AT, OffsetDateTime.now(clock))
                .set(APP_USER.VERSION, APP_USER.VERSION.plus(1))
                .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.ID.eq(userId))
                .execute();
    }

    /** The patient code in lower case (a valid username: PT-SUN-2026-001 -> pt-sun-2026-001), numbered if taken. */
    static String freeUsername(DSLContext tx, ClinicId clinic, String patientCode) {
        String base = patientCode.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        String candidate = base;
        for (int n = 2; tx.fetchExists(APP_USER, APP_USER.CLINIC_ID.eq(clinic.value()),
                APP_USER.USERNAME.eq(candidate)); n++) {
            candidate = base + "-" + n;
        }
        return candidate;
    }

    private Status status(Record r) {
        String username = r.get(APP_USER.USERNAME);
        OffsetDateTime openUntil = r.get(OPEN_UNTIL, OffsetDateTime.class);
        State state;
        if (username == null) {
            state = State.NONE;
        } else if (!r.get(APP_USER.IS_ACTIVE)) {
            state = State.DISABLED;
            openUntil = null;
        } else if (AccountInvitations.NO_PASSWORD_YET.equals(r.get(APP_USER.PASSWORD_HASH))) {
            state = openUntil == null ? State.NONE : State.INVITED;
        } else {
            state = State.ACTIVE;
        }
        Integer version = r.get(APP_USER.VERSION);
        return new Status(r.get(PATIENT.ID), r.get(PATIENT.CODE), r.get(PATIENT.FIRST_NAME) + " " + r.get(PATIENT.LAST_NAME),
                state, username, openUntil, r.get(APP_USER.LAST_LOGIN_AT), version == null ? 0 : version);
    }

    private static Form.Refused stale() {
        return new Form.Refused(Form.WHOLE_FORM, "Someone changed this patient's portal access since this page was "
                + "opened. Its state now is shown below: check it, then try again.");
    }
}
