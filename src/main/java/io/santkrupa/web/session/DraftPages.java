package io.santkrupa.web.session;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Json;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.auth.Principal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page's own requests that keep what a person types (session.js): a form's draft saved a
 * moment after each change, read back when the page opens again, discarded on request; and
 * "stay signed in" before the idle timeout. Answers are small JSON documents for that script,
 * never cached.
 */
public final class DraftPages {

    private final TenantTransactions tenants;
    private final FormDrafts drafts;

    public DraftPages(TenantTransactions tenants, FormDrafts drafts) {
        this.tenants = tenants;
        this.drafts = drafts;
    }

    /** GET /clinic/{slug}/drafts?page=...: the caller's drafts of that page's forms. */
    public void ofPage(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        String page = ctx.queryParam("page");
        List<FormDrafts.Draft> found = FormDrafts.Key.parse(page + "#page", clinic.slug())
                .map(key -> tenants.readInClinic(clinic.id(), tx -> drafts.ofPage(tx, clinic.id(), principal.userId(), key.page())))
                .orElse(List.of());
        json(ctx, 200, Map.of("drafts", found.stream().map(draft -> Map.of("form", draft.form(), "fields", draft.fields(),
                "savedAt", draft.savedAt().toString())).toList()));
    }

    /** POST /clinic/{slug}/drafts: keeps the form's fields as typed, for the caller alone. */
    public void keep(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        Optional<FormDrafts.Key> key = FormDrafts.Key.parse(ctx.formParam(FormDrafts.FIELD), clinic.slug());
        Optional<Map<String, String>> fields = FormDrafts.fieldsOf(ctx.formParamMap());
        if (key.isEmpty() || fields.isEmpty()) {
            json(ctx, 422, Map.of("error", "Not a draft this page keeps: a form of this clinic's pages, at most "
                    + FormDrafts.MAX_FIELDS + " fields of " + FormDrafts.MAX_VALUE + " characters."));
            return;
        }
        tenants.inClinic(clinic.id(), tx -> {
            drafts.keep(tx, clinic.id(), principal.userId(), key.get(), fields.get());
            return null;
        });
        json(ctx, 200, Map.of("idleSecondsLeft", idleSecondsLeft(ctx)));
    }

    /** POST /clinic/{slug}/drafts/discard: the caller does not want the restored text. */
    public void discard(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        Optional<FormDrafts.Key> key = FormDrafts.Key.parse(ctx.formParam(FormDrafts.FIELD), clinic.slug());
        if (key.isEmpty()) {
            json(ctx, 422, Map.of("error", "Which form's draft? (_draft)"));
            return;
        }
        tenants.inClinic(clinic.id(), tx -> {
            drafts.discard(tx, clinic.id(), principal.userId(), key.get());
            return null;
        });
        json(ctx, 200, Map.of("idleSecondsLeft", idleSecondsLeft(ctx)));
    }

    /** POST /clinic/{slug}/session/keepalive: "Stay signed in" (the filter has extended the session). */
    public void keepAlive(Context ctx) {
        json(ctx, 200, Map.of("idleSecondsLeft", idleSecondsLeft(ctx)));
    }

    /**
     * After every request: a page's form that was saved (a 303 from its POST) no longer needs
     * the draft its {@code _draft} field names.
     */
    public void afterSave(Context ctx) {
        if (ctx.method() != HandlerType.POST || ctx.status().getCode() != 303 || RequestContext.isApi(ctx)) {
            return;
        }
        Optional<Principal> principal = RequestContext.principal(ctx);
        Optional<CurrentClinic> clinic = RequestContext.clinicIfResolved(ctx);
        if (principal.isEmpty() || clinic.isEmpty()) {
            return;
        }
        CurrentClinic current = clinic.get();
        String named = ctx.formParam(FormDrafts.FIELD);
        if (named == null) {
            return;
        }
        FormDrafts.Key.parse(named, current.slug()).ifPresent(key -> tenants.inClinic(current.id(), tx -> {
            drafts.discard(tx, current.id(), principal.get().userId(), key);
            return null;
        }));
    }

    private static long idleSecondsLeft(Context ctx) {
        return RequestContext.session(ctx).map(Sessions.Active::idleSecondsLeft).orElse(0L);
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).header("Cache-Control", "no-store").contentType("application/json").result(Json.write(body));
    }
}
