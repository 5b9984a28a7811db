package io.santkrupa.web.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.auth.Principal;
import org.jooq.impl.DSL;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.API_IDEMPOTENCY_KEY;

/**
 * {@code Idempotency-Key} for the API's JSON creates (draft-ietf-httpapi-idempotency-key-header).
 *
 * <p>Before the create runs, the (user, key) pair is claimed in its own short transaction; a
 * concurrent retry waits on the unique key, then finds the claim and gets 409. A successful
 * answer is stored with the claim and given again, byte for byte, to every retry of the same
 * request for 24 hours, marked {@code Idempotent-Replayed: true}; the same key with a different
 * request is a 422. A refused create (4xx) or a failure frees the key, so the client can
 * correct the request and send it again with the same key.
 */
public final class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    private static final Duration LIFETIME = Duration.ofHours(24);
    /** Far longer than any create takes. */
    private static final Duration ABANDONED = Duration.ofMinutes(2);
    private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7E]{1,255}$");

    private final TenantTransactions tenants;
    private final AuditLog audit;
    private final SecretKey fingerprintKey;

    /**
     * @param fingerprintKey keys the request fingerprints: a body may hold a secret (a new
     *                       account's password), and a plain hash of it would let anyone who
     *                       reads the table test guesses at the speed of SHA-256
     */
    public Idempotency(TenantTransactions tenants, AuditLog audit, SecretKey fingerprintKey) {
        this.tenants = tenants;
        this.audit = audit;
        this.fingerprintKey = fingerprintKey;
    }

    /** {@code create}, made idempotent for requests that carry the header. */
    public Handler around(Handler create) {
        return ctx -> {
            String key = ctx.header(HEADER);
            if (key == null) {
                create.handle(ctx);
                return;
            }
            if (!KEY.matcher(key).matches()) {
                throw ApiProblem.badParameter(HEADER, "Use 1 to 255 visible ASCII characters, e.g. a UUID.");
            }
            ClinicId clinic = RequestContext.clinic(ctx).id();
            Principal principal = RequestContext.requirePrincipal(ctx);
            byte[] fingerprint = fingerprint(ctx);
            Optional<UUID> claim = claimOrReplay(ctx, clinic, principal, key, fingerprint);
            if (claim.isEmpty()) {
                return; // answered from the stored first result
            }
            boolean stored = false;
            try {
                create.handle(ctx);
                if (ctx.statusCode() >= 200 && ctx.statusCode() < 300) {
                    store(clinic, claim.get(), ctx);
                    stored = true;
                }
            } finally {
                if (!stored) {
                    release(clinic, claim.get());
                }
            }
        };
    }

    private Optional<UUID> claimOrReplay(Context ctx, ClinicId clinic, Principal principal, String key,
                                         byte[] fingerprint) {
        var t = API_IDEMPOTENCY_KEY;
        // the claim need not wait for its flush: the create's own commit, which waits, flushes it too;
        // lost in a crash before that, nothing had been created or answered
        return tenants.inClinicFlushedByTheNext(clinic, tx -> {
            // keys live 24 hours; the sweep is cheap on (clinic_id, created_at)
            OffsetDateTime now = OffsetDateTime.now();
            tx.deleteFrom(t).where(t.CLINIC_ID.eq(clinic.value()), t.CREATED_AT.lt(now.minus(LIFETIME))).execute();
            // a claim whose request died with its server (never stored, never released) is abandoned
            tx.deleteFrom(t).where(t.CLINIC_ID.eq(clinic.value()), t.USER_ID.eq(principal.userId()),
                    t.IDEMPOTENCY_KEY.eq(key), t.RESPONSE_STATUS.isNull(), t.CREATED_AT.lt(now.minus(ABANDONED)))
                    .execute();
            UUID id = Ids.newId();
            int inserted = tx.insertInto(t)
                    .set(t.CLINIC_ID, clinic.value()).set(t.ID, id)
                    .set(t.USER_ID, principal.userId())
                    .set(t.IDEMPOTENCY_KEY, key)
                    .set(t.REQUEST_METHOD, ctx.method().name())
                    .set(t.REQUEST_PATH, ctx.path())
                    .set(t.REQUEST_HMAC, fingerprint)
                    .onConflict(t.CLINIC_ID, t.USER_ID, t.IDEMPOTENCY_KEY).doNothing()
                    .execute();
            if (inserted == 1) {
                return Optional.of(id);
            }
            var first = tx.selectFrom(t)
                    .where(t.CLINIC_ID.eq(clinic.value()), t.USER_ID.eq(principal.userId()), t.IDEMPOTENCY_KEY.eq(key))
                    .fetchSingle();
            if (!MessageDigest.isEqual(first.getRequestHmac(), fingerprint)) {
                throw new ApiProblem(422, ApiProblem.IDEMPOTENCY_KEY_REUSED, "Idempotency key reused",
                        "This Idempotency-Key was used for a different request. Use a new key for a new request.",
                        List.of(new FieldError(HEADER, "Already used for a different request.")));
            }
            if (first.getResponseStatus() == null) {
                throw new ApiProblem(409, ApiProblem.IDEMPOTENCY_KEY_IN_PROGRESS, "Request in progress",
                        "A request with this Idempotency-Key is still being processed. Retry in a moment.", List.of());
            }
            audit.record(tx, clinic, RequestContext.audit(ctx), "api.replay", AuditLog.Outcome.SUCCESS,
                    "api_idempotency_key", first.getId(), ctx.method().name() + " " + RequestContext.routeTemplate(ctx));
            ctx.status(first.getResponseStatus());
            if (first.getResponseLocation() != null) {
                ctx.header("Location", first.getResponseLocation());
            }
            ctx.header("Idempotent-Replayed", "true");
            ctx.contentType("application/json").result(first.getResponseBody());
            return Optional.empty();
        });
    }

    private void store(ClinicId clinic, UUID claim, Context ctx) {
        var t = API_IDEMPOTENCY_KEY;
        tenants.inClinic(clinic, tx -> tx.update(t)
                .set(t.RESPONSE_STATUS, ctx.statusCode())
                .set(t.RESPONSE_BODY, ctx.result() == null ? "" : ctx.result())
                .set(t.RESPONSE_LOCATION, ctx.res().getHeader("Location"))
                .set(t.COMPLETED_AT, DSL.currentOffsetDateTime())
                .where(t.CLINIC_ID.eq(clinic.value()), t.ID.eq(claim))
                .execute());
    }

    private void release(ClinicId clinic, UUID claim) {
        var t = API_IDEMPOTENCY_KEY;
        tenants.inClinic(clinic, tx -> tx.deleteFrom(t).where(t.CLINIC_ID.eq(clinic.value()), t.ID.eq(claim)).execute());
    }

    /** The request, as a retry must repeat it (method, path, query and body): HMAC-SHA256 under the server's key. */
    private byte[] fingerprint(Context ctx) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(fingerprintKey);
            mac.update((ctx.method().name() + "\n" + ctx.path() + "?" + (ctx.queryString() == null ? "" : ctx.queryString())
                    + "\n").getBytes(StandardCharsets.UTF_8));
            mac.update(ctx.bodyAsBytes());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
