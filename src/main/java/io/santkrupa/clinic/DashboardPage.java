package io.santkrupa.clinic;

import io.javalin.http.Context;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;

import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;

/** The clinic's home page after sign-in: what this user can do here. */
public final class DashboardPage {

    private final TenantTransactions tenants;
    private final Pages pages;

    public DashboardPage(TenantTransactions tenants, Pages pages) {
        this.tenants = tenants;
        this.pages = pages;
    }

    public void show(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String name = tenants.readInClinic(clinic.id(), tx -> tx.select(CLINIC.NAME).from(CLINIC)
                .where(CLINIC.ID.eq(clinic.id().value())).fetchSingle(CLINIC.NAME));
        pages.render(ctx, "dashboard", Map.of("clinicName", name, "readOnly", !clinic.status().allowsWrites(),
                "title", name + " - Santkrupa"));
    }
}
