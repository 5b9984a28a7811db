package io.santkrupa.web.auth;

import io.javalin.http.Context;
import io.santkrupa.web.Json;
import io.santkrupa.web.RequestContext;

import java.util.LinkedHashMap;
import java.util.Map;

/** GET /api/v1/me: who the token belongs to and what it may do. */
public final class MeApi {

    public void show(Context ctx) {
        Principal principal = RequestContext.requirePrincipal(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", principal.userId());
        body.put("username", principal.username());
        body.put("role", principal.role().dbValue());
        body.put("clinic", RequestContext.clinic(ctx).slug());
        body.put("clinicTimeZone", RequestContext.clinic(ctx).zone().getId());
        if (principal.patientId() != null) {
            body.put("patientId", principal.patientId());
        }
        body.put("permissions", PermissionMatrix.permissionsOf(principal.role()).stream().map(Enum::name).toList());
        ctx.contentType("application/json").result(Json.write(body));
    }
}
