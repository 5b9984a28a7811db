package io.santkrupa.staff;

import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Form;
import io.santkrupa.web.auth.SecretToken;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.ACCOUNT_INVITATION;
import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;

/**
 * One-time links with which a person chooses their own password (account_invitation, V031):
 * today the first administrator of a newly onboarded clinic. A link works once, until it
 * expires, and only while no newer link was issued. A link the platform issued sets a password
 * only on an account that never had one, so the platform can never use a link to get into an
 * account in use: the update below is conditional on it, and two links used at once cannot both
 * succeed (the second update finds the password already set).
 */
public final class AccountInvitations {

    /** Password hash of an account that has never had a password (provision_clinic, V034). */
    static final String NO_PASSWORD_YET = "!";

    /** Who a valid link is for, and in which clinic, as its page greets them. */
    public record Invitee(UUID userId, String username, String fullName, Role role, String clinicName) {
    }

    private final TenantTransactions tenants;
    private final AuditLog audit;
    private final Clock clock;

    public AccountInvitations(TenantTransactions tenants, AuditLog audit, Clock clock) {
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
    }

    /** The person a presented token is for, when it is a live link of this clinic. */
    public Optional<Invitee> find(ClinicId clinic, String token) {
        Optional<byte[]> hash = SecretToken.hashOf(token);
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        return tenants.readInClinic(clinic, tx -> live(tx, clinic, hash.get(), false)
                .map(link -> link.invitee()));
    }

    /**
     * Sets the password of the link's person (hashed already), uses the link up and revokes any
     * other link of theirs, unlocks the account; audited as the person themselves.
     *
     * @throws Form.Refused when the link is not (or no longer) usable
     */
    public Invitee redeem(ClinicId clinic, String token, String passwordHash, String requestId, String ip) {
        byte[] hash = SecretToken.hashOf(token).orElseThrow(AccountInvitations::unusable);
        return tenants.inClinic(clinic, tx -> {
            Link link = live(tx, clinic, hash, true).orElseThrow(AccountInvitations::unusable);
            OffsetDateTime now = OffsetDateTime.now(clock);
            int updated = tx.update(APP_USER)
                    .set(APP_USER.PASSWORD_HASH, passwordHash)
                    .set(APP_USER.FAILED_LOGINS, 0)
                    .setNull(APP_USER.LOCKED_UNTIL)
                    .set(APP_USER.UPDATED_AT, now)
                    .set(APP_USER.VERSION, APP_USER.VERSION.plus(1))
                    .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.ID.eq(link.invitee().userId()),
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
            tx.update(ACCOUNT_INVITATION)
                    .set(ACCOUNT_INVITATION.REVOKED_AT, now)
                    .where(ACCOUNT_INVITATION.CLINIC_ID.eq(clinic.value()),
                            ACCOUNT_INVITATION.USER_ID.eq(link.invitee().userId()),
                            ACCOUNT_INVITATION.USED_AT.isNull(), ACCOUNT_INVITATION.REVOKED_AT.isNull())
                    .execute();
            Invitee who = link.invitee();
            audit.record(tx, clinic, new AuditContext(who.userId(), who.role().dbValue(), requestId, ip),
                    "auth.password_set", AuditLog.Outcome.SUCCESS, "app_user", who.userId(),
                    "password chosen with a one-time link issued by the " + link.issuedBy());
            return who;
        });
    }

    private record Link(UUID id, String issuedBy, Invitee invitee) {
    }

    /** The unexpired, unused, unrevoked link with this hash, and its (active) person; locked when {@code lock}. */
    private Optional<Link> live(DSLContext tx, ClinicId clinic, byte[] hash, boolean lock) {
        var query = tx.select(ACCOUNT_INVITATION.ID, ACCOUNT_INVITATION.ISSUED_BY, APP_USER.ID, APP_USER.USERNAME,
                        APP_USER.FULL_NAME, APP_USER.ROLE, CLINIC.NAME)
                .from(ACCOUNT_INVITATION)
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(ACCOUNT_INVITATION.CLINIC_ID),
                        APP_USER.ID.eq(ACCOUNT_INVITATION.USER_ID))
                .join(CLINIC).on(CLINIC.ID.eq(ACCOUNT_INVITATION.CLINIC_ID))
                .where(ACCOUNT_INVITATION.CLINIC_ID.eq(clinic.value()), ACCOUNT_INVITATION.TOKEN_HASH.eq(hash),
                        ACCOUNT_INVITATION.USED_AT.isNull(), ACCOUNT_INVITATION.REVOKED_AT.isNull(),
                        ACCOUNT_INVITATION.EXPIRES_AT.gt(OffsetDateTime.now(clock)), APP_USER.IS_ACTIVE.isTrue(),
                        DSL.or(ACCOUNT_INVITATION.ISSUED_BY.ne("platform"), APP_USER.PASSWORD_HASH.eq(NO_PASSWORD_YET)));
        var row = lock ? query.forUpdate().of(ACCOUNT_INVITATION).fetchOptional() : query.fetchOptional();
        return row.map(r -> new Link(r.value1(), r.value2(),
                new Invitee(r.value3(), r.value4(), r.value5(), Role.fromDbValue(r.value6()).orElseThrow(), r.value7())));
    }

    private static Form.Refused unusable() {
        return new Form.Refused(Form.WHOLE_FORM, "This link has expired or has already been used. "
                + "Ask for a new one: whoever sent it can issue another.");
    }
}
