package io.santkrupa.visit;

import io.javalin.http.Context;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.api.ApiJson;
import io.santkrupa.web.api.ApiPaging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The clinic's active doctors over the API: whom a patient can be checked in for, as the
 * check-in page offers them (name and specialization), by name.
 */
public final class DoctorApi {

    private final TenantTransactions tenants;

    public DoctorApi(TenantTransactions tenants) {
        this.tenants = tenants;
    }

    /** GET /doctors?limit=&cursor= */
    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        int limit = ApiPaging.limit(ctx);
        UUID after = ApiPaging.cursor(ctx, PathIds::parse).orElse(null);
        var found = tenants.readInClinic(clinic.id(), tx -> VisitQueue.activeDoctors(tx, clinic.id(), after, limit + 1));
        ApiJson.ok(ctx, ApiPaging.page(found, limit, DoctorApi::doctor, d -> d.id().toString()));
    }

    static Map<String, Object> doctor(VisitQueue.Doctor d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", d.id());
        body.put("name", d.name());
        body.put("specialization", d.specialization());
        return body;
    }
}
