package io.santkrupa.web;

import io.javalin.http.Context;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.santkrupa.clinic.ClinicHeader;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.ClinicId;
import io.santkrupa.web.auth.PermissionMatrix;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders Pebble templates from src/main/resources/templates. Auto-escaping is on for every
 * template and strict variables catch typos, so a page never prints raw input by accident.
 * Every page knows the clinic's time zone: {@code zone} to format times with
 * ({@code t | inZone(zone) | date(...)}) and {@code zoneName} to say which zone they are in; a
 * signed-in user's page also the clinic's name and logo ({@code clinicHeader}).
 */
public final class Pages {

    /** The zone of pages that belong to no clinic (the platform console, sign-in without a clinic). */
    private static final ZoneId NO_CLINIC = ZoneId.of("UTC");

    private final PebbleEngine engine;
    private final Clock clock;
    private final Function<ClinicId, ClinicHeader> headers;

    /** @param headers the clinic's name and logo for the header of its signed-in users' pages (kept in memory) */
    public Pages(Clock clock, Function<ClinicId, ClinicHeader> headers) {
        this.clock = clock;
        this.headers = headers;
        ClasspathLoader loader = new ClasspathLoader();
        loader.setPrefix("templates/");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder()
                .loader(loader)
                .autoEscaping(true)
                .strictVariables(true)
                .extension(new AbstractExtension() {
                    @Override
                    public Map<String, Filter> getFilters() {
                        return Map.of("inZone", new InZoneFilter());
                    }
                })
                .build();
    }

    public void render(Context ctx, String template, Map<String, Object> model) {
        ctx.contentType("text/html; charset=utf-8").result(renderToString(ctx, template, model));
    }

    private static void defaultTo(Map<String, Object> context, String key, java.util.function.Supplier<Object> value) {
        if (!context.containsKey(key)) {
            context.put(key, value.get());
        }
    }

    String renderToString(Context ctx, String template, Map<String, Object> model) {
        Map<String, Object> context = new HashMap<>(model);
        // containsKey, not putIfAbsent: a model may set a key to null on purpose (the 404 page)
        defaultTo(context, "clinic", () -> ctx.attribute(RequestContext.CLINIC));
        CurrentClinic clinic = ctx.attribute(RequestContext.CLINIC);
        ZoneId zone = clinic == null ? NO_CLINIC : clinic.zone();
        defaultTo(context, "zone", () -> zone);
        defaultTo(context, "zoneName", () -> ZoneNames.of(zone, clock.instant()));
        defaultTo(context, "principal", () -> ctx.attribute(RequestContext.PRINCIPAL));
        defaultTo(context, "csrf", () -> RequestContext.session(ctx).map(s -> s.csrfToken()).orElse(""));
        defaultTo(context, "permissions", () -> RequestContext.principal(ctx)
                .map(p -> PermissionMatrix.permissionsOf(p.role()).stream().map(Enum::name).toList())
                .orElse(java.util.List.of()));
        defaultTo(context, "title", () -> "Santkrupa");
        // the clinic's name and logo, for its signed-in users only: a sign-in or error page shows neither
        defaultTo(context, "clinicHeader", () -> context.get("clinic") instanceof CurrentClinic shown
                && context.get("principal") != null ? headers.apply(shown.id()) : null);
        // the signed-in page's session: how long until the idle timeout (session.js warns before it)
        defaultTo(context, "sessionLeft", () -> RequestContext.session(ctx).map(s -> s.idleSecondsLeft()).orElse(null));
        StringWriter out = new StringWriter();
        try {
            engine.getTemplate(template).evaluate(out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
