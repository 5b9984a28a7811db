package io.santkrupa.staff;

import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.ConstraintViolations;
import io.santkrupa.db.Ids;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Form;
import io.santkrupa.web.auth.SecretToken;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.ACCOUNT_INVITATION;
import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;

/**
 * One-time invitations with which a person chooses their own password (account_invitation,
 * V031): the first administrator of a newly onboarded clinic (a link from the platform), and
 * patients invited to the portal by their clinic (a link and a short code, V045). An invitation
 * works once, until it expires, and only while no newer one was issued. A link the platform
 * issued sets a password only on an account that never had one, so the platform can never use a
 * link to get into an account in use: the update below is conditional on it, and two links used
 * at once cannot both succeed (the second update finds the password already set).
 */
public final class AccountInvitations {

    /** Password hash of an account that has never had a password (provision_clinic, V034). */
    public static final String NO_PASSWORD_YET = "!";
    /** How long a clinic's invitation works: three days, like the platform's links. */
    public static final Duration CLINIC_VALIDITY = Duration.ofHours(72);

    /** Who a valid invitation is for, and in which clinic, as its page greets them. */
    public record Invitee(UUID userId, String username, String fullName, Role role, String clinicName,
                          OffsetDateTime expiresAt) {
        /** Patients choose their username with the password; staff keep the one their admin gave them. */
        public boolean choosesUsername() {
            return role == Role.PATIENT;
        }
    }

    /** What an invitation was presented by: the link's token or the typed code. */
    public sealed interface Presented permits ByLink, ByCode {
    }

    public record ByLink(String token) implements Presented {
        @Override
        public String toString() {
            return "ByLink[***]";
        }
    }

    public record ByCode(String code) implements Presented {
        @Override
        public String toString() {
            return "ByCode[***]";
        }
    }

    /** A new invitation's secrets, to be shown once: only their hashes are kept. */
    public record Issued(UUID id, String linkToken, String code, OffsetDateTime expiresAt) {
        @Override
        public String toString() {
            return "Issued[" + id + ", ***]";
        }
    }

    private final TenantTransactions tenants;
    private final AuditLog audit;
    private final Clock clock;
    private final SecretKey codeKey;

    /** For callers that never issue or take codes (the demo, the platform's commands): codes get a throwaway key. */
    public AccountInvitations(TenantTransactions tenants, AuditLog audit, Clock clock) {
        this(tenants, audit, clock, new SecretKeySpec(SecretToken.randomBytes(32), "HmacSHA256"));
    }

    /** @param codeKey the HMAC key of invitation codes: the same for every instance of the application */
    public AccountInvitations(TenantTransactions tenants, AuditLog audit, Clock clock, SecretKey codeKey) {
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
        this.codeKey = codeKey;
    }

    /** The person a presented token is for, when it is a live link of this clinic. */
    public Optional<Invitee> find(ClinicId clinic, String token) {
        return find(clinic, new ByLink(token));
    }

    /** The person a presented link or code is for, when it is a live invitation of this clinic. */
    public Optional<Invitee> find(ClinicId clinic, Presented presented) {
        Optional<Condition> match = matching(clinic, presented);
        if (match.isEmpty()) {
            return Optional.empty();
        }
        return tenants.readInClinic(clinic, tx -> live(tx, clinic, match.get(), false).map(Link::invitee));
    }

    /** As {@link #redeem(ClinicId, Presented, String, String, String, String)} by a link, keeping the username. */
    public Invitee redeem(ClinicId clinic, String token, String passwordHash, String requestId, String ip) {
        return redeem(clinic, new ByLink(token), null, passwordHash, requestId, ip);
    }

    /**
     * Sets the password of the invitation's person (hashed already) -- and, for a patient, the
     * username they chose ({@code newUsername}, null to keep it) -- uses the invitation up and
     * revokes any other of theirs; audited as the person themselves.
     *
     * @throws Form.Refused at the whole form when the invitation is not (or no longer) usable,
     *                      at {@code username} when another account of the clinic has that name
     */
    public Invitee redeem(ClinicId clinic, Presented presented, String newUsername, String passwordHash,
                          String requestId, String ip) {
        Condition match = matching(clinic, presented).orElseThrow(AccountInvitations::unusable);
        try {
            return tenants.inClinic(clinic, tx -> {
                Link link = live(tx, clinic, match, true).orElseThrow(AccountInvitations::unusable);
                Invitee who = link.invitee();
                String username = newUsername != null && who.choosesUsername() ? newUsername : who.username();
                OffsetDateTime now = OffsetDateTime.now(clock);
                int updated = tx.update(APP_USER)
                        .set(APP_USER.USERNAME, username)
                        .set(APP_USER.PASSWORD_HASH, passwordHash)
                        .set(APP_USER.UPDATED_AT, now)
                        .set(APP_USER.VERSION, APP_USER.VERSION.plus(1))
                        .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.ID.eq(who.userId()),
                                APP_USER.IS_ACTIVE.isTrue(),
                                link.issuedBy().equals("platform") ? APP_USER.PASSWORD_HASH.eq(NO_PASSWORD_YET) : DSL.noCondition())
                        .execute();
                if (updated != 1) {
                    throw unusable();
                }
                tx.update(ACCOUNT_INVITATION)
                        .set(ACCOUNT_INVITATION.USED_AT, now)
                        .where(ACCOUNT_INVITATION.CLINIC_ID.eq(clinic.value()), ACCOUNT_INVITATION.ID.eq(link.id()))
                        .execute();
                revokeOpen(tx, clinic, who.userId(), now);
                audit.record(tx, clinic, new AuditContext(who.userId(), who.role().dbValue(), requestId, ip),
                        "auth.password_set", AuditLog.Outcome.SUCCESS, "app_user", who.userId(),
                        "password chosen with a one-time " + (presented instanceof ByCode ? "code" : "link")
                                + " issued by the " + link.issuedBy()
                                + (username.equals(who.username()) ? "" : "; username chosen"));
                return new Invitee(who.userId(), username, who.fullName(), who.role(), who.clinicName(), who.expiresAt());
            });
        } catch (DataAccessException e) {
            if (ConstraintViolations.uniqueConstraintOf(e).filter("app_user_username_uk"::equals).isPresent()) {
                throw new Form.Refused("username", "That username is taken in this clinic. Choose another one.");
            }
            throw e;
        }
    }

    /**
     * A new invitation of the clinic for {@code userId}, with a link and a code, in the caller's
     * transaction; every earlier open invitation of theirs is revoked.
     *
     * @return the secrets, to be shown once, and how many earlier invitations were revoked
     */
    public Issued issueByClinic(DSLContext tx, ClinicId clinic, UUID userId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        revokeOpen(tx, clinic, userId, now);
        SecretToken link = SecretToken.generate();
        InvitationCode code = InvitationCode.generate(codeKey, clinic);
        UUID id = Ids.newId();
        OffsetDateTime expires = now.plus(CLINIC_VALIDITY);
        tx.insertInto(ACCOUNT_INVITATION)
                .set(ACCOUNT_INVITATION.CLINIC_ID, clinic.value())
                .set(ACCOUNT_INVITATION.ID, id)
                .set(ACCOUNT_INVITATION.USER_ID, userId)
                .set(ACCOUNT_INVITATION.TOKEN_HASH, link.hash())
                .set(ACCOUNT_INVITATION.CODE_HASH, code.hash())
                .set(ACCOUNT_INVITATION.ISSUED_BY, "clinic")
                .set(ACCOUNT_INVITATION.CREATED_AT, now)
                .set(ACCOUNT_INVITATION.EXPIRES_AT, expires)
                .execute();
        return new Issued(id, link.value(), code.value(), expires);
    }

    /** Revokes every open invitation of {@code userId}, in the caller's transaction; how many there were. */
    public int revokeOpen(DSLContext tx, ClinicId clinic, UUID userId) {
        return revokeOpen(tx, clinic, userId, OffsetDateTime.now(clock));
    }

    /** A typed code that opened nothing, or was not even looked up (throttled): audited, never with the code. */
    public void codeRefused(ClinicId clinic, AuditContext who, AuditLog.Outcome outcome, String reason) {
        tenants.inClinic(clinic, tx -> {
            audit.record(tx, clinic, who, "auth.invitation_code", outcome, "", null, reason);
            return null;
        });
    }

    private int revokeOpen(DSLContext tx, ClinicId clinic, UUID userId, OffsetDateTime now) {
        return tx.update(ACCOUNT_INVITATION)
                .set(ACCOUNT_INVITATION.REVOKED_AT, now)
                .where(ACCOUNT_INVITATION.CLINIC_ID.eq(clinic.value()), ACCOUNT_INVITATION.USER_ID.eq(userId),
                        ACCOUNT_INVITATION.USED_AT.isNull(), ACCOUNT_INVITATION.REVOKED_AT.isNull(),
                        ACCOUNT_INVITATION.EXPIRES_AT.gt(now))
                .execute();
    }

    private record Link(UUID id, String issuedBy, Invitee invitee) {
    }

    /** The lookup of a presented link or code; empty for anything that cannot be one we issued. */
    private Optional<Condition> matching(ClinicId clinic, Presented presented) {
        return switch (presented) {
            case ByLink link -> SecretToken.hashOf(link.token()).map(ACCOUNT_INVITATION.TOKEN_HASH::eq);
            case ByCode code -> InvitationCode.hashOf(codeKey, clinic, code.code()).map(ACCOUNT_INVITATION.CODE_HASH::eq);
        };
    }

    /** The unexpired, unused, unrevoked invitation matching, and its (active) person; locked when {@code lock}. */
    private Optional<Link> live(DSLContext tx, ClinicId clinic, Condition match, boolean lock) {
        var query = tx.select(ACCOUNT_INVITATION.ID, ACCOUNT_INVITATION.ISSUED_BY, APP_USER.ID, APP_USER.USERNAME,
                        APP_USER.FULL_NAME, APP_USER.ROLE, CLINIC.NAME, ACCOUNT_INVITATION.EXPIRES_AT)
                .from(ACCOUNT_INVITATION)
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(ACCOUNT_INVITATION.CLINIC_ID),
                        APP_USER.ID.eq(ACCOUNT_INVITATION.USER_ID))
                .join(CLINIC).on(CLINIC.ID.eq(ACCOUNT_INVITATION.CLINIC_ID))
                .where(ACCOUNT_INVITATION.CLINIC_ID.eq(clinic.value()), match,
                        ACCOUNT_INVITATION.USED_AT.isNull(), ACCOUNT_INVITATION.REVOKED_AT.isNull(),
                        ACCOUNT_INVITATION.EXPIRES_AT.gt(OffsetDateTime.now(clock)), APP_USER.IS_ACTIVE.isTrue(),
                        DSL.or(ACCOUNT_INVITATION.ISSUED_BY.ne("platform"), APP_USER.PASSWORD_HASH.eq(NO_PASSWORD_YET)));
        var row = lock ? query.forUpdate().of(ACCOUNT_INVITATION).fetchOptional() : query.fetchOptional();
        return row.map(r -> new Link(r.value1(), r.value2(), new Invitee(r.value3(), r.value4(), r.value5(),
                Role.fromDbValue(r.value6()).orElseThrow(), r.value7(), r.value8())));
    }

    private static Form.Refused unusable() {
        return new Form.Refused(Form.WHOLE_FORM, "This invitation has expired or has already been used. "
                + "Ask for a new one: whoever gave it to you can issue another.");
    }
}
