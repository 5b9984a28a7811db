package io.santkrupa.patient;

import io.javalin.http.Context;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import io.santkrupa.web.auth.Principal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The patient record over the API: the same read, permission and audit as the page. */
public final class PatientApi {

    private final PatientRecords records;

    public PatientApi(PatientRecords records) {
        this.records = records;
    }

    public void show(Context ctx) {
        Principal principal = RequestContext.requirePrincipal(ctx);
        boolean clinical = PermissionMatrix.allows(principal.role(), Permission.PATIENT_CLINICAL);
        var record = records.open(RequestContext.clinic(ctx).id(), ctx.pathParam("patientId"),
                RequestContext.audit(ctx), clinical);
        var p = record.patient();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", p.id());
        body.put("code", p.code());
        body.put("firstName", p.firstName());
        body.put("lastName", p.lastName());
        body.put("dateOfBirth", p.dateOfBirth());
        body.put("gender", p.gender());
        body.put("phone", p.phone());
        body.put("email", p.email());
        body.put("address", p.address());
        body.put("emergencyContactName", p.emergencyContactName());
        body.put("emergencyContactPhone", p.emergencyContactPhone());
        body.put("bloodGroup", p.bloodGroup());
        body.put("allergies", p.allergies());
        body.put("registeredAt", p.registeredAt());
        body.put("version", p.version());
        ctx.contentType("application/json").result(io.santkrupa.web.Json.write(body));
    }
}
