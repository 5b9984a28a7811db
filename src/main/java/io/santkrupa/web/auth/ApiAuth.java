package io.santkrupa.web.auth;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UnauthorizedResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.staff.Role;
import io.santkrupa.web.Json;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.api.ApiJson;
import io.santkrupa.web.api.ApiProblem;
import io.santkrupa.web.api.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;

/**
 * The API's sign-in: username and password for a short-lived access token and a rotating
 * refresh token; refresh; logout (revokes the refresh token's family). Same Authenticator,
 * throttling and audit as the login page.
 */
public final class ApiAuth {

    record TokenRequest(String username, String password) {
    }

    record RefreshRequest(String refreshToken) {
    }

    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final Authenticator authenticator;
    private final TenantTransactions tenants;
    private final AuditLog audit;

    public ApiAuth(AccessTokens accessTokens, RefreshTokens refreshTokens, Authenticator authenticator,
                   TenantTransactions tenants, AuditLog audit) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.authenticator = authenticator;
        this.tenants = tenants;
        this.audit = audit;
    }

    /** For the tenant filter: the principal of a valid access token, else empty. */
    public Optional<Principal> verify(String token) {
        try {
            return Optional.of(accessTokens.verify(token));
        } catch (InvalidTokenException e) {
            return Optional.empty();
        }
    }

    /** POST /clinic/{slug}/api/v1/auth/token */
    public void token(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        TokenRequest request = body(ctx, TokenRequest.class);
        List<FieldError> missing = new ArrayList<>();
        if (request.username() == null || request.username().isBlank()) {
            missing.add(new FieldError("username", "Enter the username."));
        }
        if (request.password() == null || request.password().isEmpty()) {
            missing.add(new FieldError("password", "Enter the password."));
        }
        if (!missing.isEmpty()) {
            throw ApiProblem.validation(missing);
        }
        authenticator.paced(ctx, clinic, request.username(), () -> attempt(ctx, clinic, request));
    }

    private void attempt(Context ctx, CurrentClinic clinic, TokenRequest request) {
        var result = authenticator.authenticate(clinic, request.username(), request.password(),
                RequestContext.clientIp(ctx), RequestContext.requestId(ctx));
        switch (result) {
            case Authenticator.Throttled throttled -> {
                // the sign-in limit that refused, in place of the clinic's API limit the filter announced
                LoginThrottle.Refusal refusal = throttled.refusal();
                ctx.header("Retry-After", String.valueOf(Math.max(1, ceilSeconds(refusal.retryAfter()))));
                ctx.header("RateLimit-Limit", String.valueOf(refusal.limit()));
                ctx.header("RateLimit-Remaining", "0");
                ctx.header("RateLimit-Reset", String.valueOf(ceilSeconds(refusal.untilReset())));
                throw new HttpResponseException(429, "Too many sign-in attempts from this address. Try again later.");
            }
            case Authenticator.Rejected rejected -> throw new UnauthorizedResponse("Invalid credentials.");
            case Authenticator.Authenticated authenticated -> {
                Principal principal = authenticated.principal();
                RefreshTokens.Issued refresh = tenants.inClinic(clinic.id(), tx -> {
                    audit.record(tx, clinic.id(), who(ctx, principal), "auth.token", AuditLog.Outcome.SUCCESS,
                            "app_user", principal.userId(), "");
                    return refreshTokens.issue(tx, clinic.id(), principal.userId());
                });
                respond(ctx, principal, refresh);
            }
        }
    }

    /** POST /clinic/{slug}/api/v1/auth/refresh */
    public void refresh(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        RefreshRequest request = body(ctx, RefreshRequest.class);
        if (request.refreshToken() == null || request.refreshToken().isBlank()) {
            throw ApiProblem.validation(List.of(new FieldError("refreshToken", "Send the refresh token.")));
        }
        record Refreshed(Principal principal, RefreshTokens.Issued next) {
        }
        Refreshed refreshed = tenants.inClinic(clinic.id(), tx -> {
            RefreshTokens.Rotation rotation = refreshTokens.rotate(tx, clinic.id(), request.refreshToken());
            return switch (rotation) {
                case RefreshTokens.Rotation.Rotated rotated -> {
                    Optional<Principal> principal = tx.select(APP_USER.USERNAME, APP_USER.ROLE, APP_USER.PATIENT_ID)
                            .from(APP_USER)
                            .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.ID.eq(rotated.userId()),
                                    APP_USER.IS_ACTIVE.isTrue())
                            .fetchOptional(r -> new Principal(clinic.id(), rotated.userId(), r.value1(),
                                    Role.fromDbValue(r.value2()).orElseThrow(), r.value3()));
                    if (principal.isEmpty()) {
                        refreshTokens.revokeFamily(tx, clinic.id(), rotated.next().token());
                        yield null;
                    }
                    audit.record(tx, clinic.id(), who(ctx, principal.get()), "auth.refresh", AuditLog.Outcome.SUCCESS,
                            "app_user", rotated.userId(), "");
                    yield new Refreshed(principal.get(), rotated.next());
                }
                case RefreshTokens.Rotation.Reused reused -> {
                    audit.record(tx, clinic.id(), new AuditContext(reused.userId(), null, RequestContext.requestId(ctx),
                                    RequestContext.clientIp(ctx)), "auth.refresh", AuditLog.Outcome.DENIED, "app_user",
                            reused.userId(), "refresh token reused; token family revoked");
                    yield null;
                }
                case RefreshTokens.Rotation.Invalid invalid -> null;
            };
        });
        if (refreshed == null) {
            throw new UnauthorizedResponse("Invalid refresh token.");
        }
        respond(ctx, refreshed.principal(), refreshed.next());
    }

    /** POST /clinic/{slug}/api/v1/auth/logout */
    public void logout(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        RefreshRequest request = body(ctx, RefreshRequest.class);
        if (request.refreshToken() != null) {
            tenants.inClinic(clinic.id(), tx -> {
                refreshTokens.revokeFamily(tx, clinic.id(), request.refreshToken());
                return null;
            });
        }
        ctx.status(204);
    }

    private void respond(Context ctx, Principal principal, RefreshTokens.Issued refresh) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessToken", accessTokens.issue(principal));
        body.put("tokenType", "Bearer");
        body.put("expiresIn", accessTokens.ttl().toSeconds());
        body.put("refreshToken", refresh.token());
        body.put("refreshTokenExpiresAt", refresh.expiresAt());
        ctx.contentType("application/json").result(Json.write(body));
    }

    private static long ceilSeconds(java.time.Duration duration) {
        return duration.plusNanos(999_999_999L).toSeconds();
    }

    private static AuditContext who(Context ctx, Principal principal) {
        return new AuditContext(principal.userId(), principal.role().dbValue(), RequestContext.requestId(ctx),
                RequestContext.clientIp(ctx));
    }

    private static <T> T body(Context ctx, Class<T> type) {
        return ApiJson.read(ctx, type);
    }

}
