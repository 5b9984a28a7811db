package io.santkrupa.clinic;

import io.javalin.http.Context;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.visit.DeskDay;
import io.santkrupa.visit.DoctorHome;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import io.santkrupa.web.auth.Principal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;

/** The clinic's home page after sign-in: what this user can do here, and a doctor's day. */
public final class DashboardPage {

    private final TenantTransactions tenants;
    private final AuditLog audit;
    private final Pages pages;
    private final Clock clock;

    public DashboardPage(TenantTransactions tenants, AuditLog audit, Pages pages, Clock clock) {
        this.tenants = tenants;
        this.audit = audit;
        this.pages = pages;
        this.clock = clock;
    }

    /** How long the clinic admin's home page mentions the platform's latest change. */
    private static final java.time.Duration CHANGE_NOTICE = java.time.Duration.ofDays(30);

    private record Loaded(String clinicName, DoctorHome.Blocks doctorHome, SubscriptionHistory.Change latestChange,
                          DeskDay desk) {
    }

    public void show(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        boolean doctor = PermissionMatrix.allows(principal.role(), Permission.CONSULTATION);
        boolean admin = PermissionMatrix.allows(principal.role(), Permission.CLINIC_SETTINGS);
        boolean desk = PermissionMatrix.allows(principal.role(), Permission.VISIT_CHECK_IN);
        LocalDate today = clinic.today(clock);
        Loaded loaded = tenants.readInClinic(clinic.id(), tx -> {
            String name = tx.select(CLINIC.NAME).from(CLINIC).where(CLINIC.ID.eq(clinic.id().value()))
                    .fetchSingle(CLINIC.NAME);
            DoctorHome.Blocks doctorHome = doctor ? DoctorHome.load(tx, clinic.id(), principal.userId(), today) : null;
            if (doctorHome != null && !doctorHome.patientsShown().isEmpty()) {
                // the doctor's day names patients: their queue, the next one, the recently seen
                audit.recordList(tx, clinic.id(), RequestContext.audit(ctx), "dashboard.read", AuditLog.Outcome.SUCCESS,
                        doctorHome.patientsShown(), AuditLog.patients(doctorHome.patientsShown().size()));
            }
            return new Loaded(name, doctorHome,
                    admin ? SubscriptionHistory.recent(tx, clinic.id(), 1).stream()
                            .filter(c -> !c.kind().equals("onboarded"))
                            .filter(c -> c.changedAt().isAfter(java.time.OffsetDateTime.now(clock).minus(CHANGE_NOTICE)))
                            .findFirst().orElse(null) : null,
                    desk ? DeskDay.load(tx, clinic.id(), today, clinic.startOf(today), clinic.startOf(today.plusDays(1)))
                            : null);
        });
        Map<String, Object> model = new HashMap<>();
        model.put("clinicName", loaded.clinicName());
        model.put("readOnly", !clinic.status().allowsWrites());
        model.put("doctorHome", loaded.doctorHome());
        model.put("latestChange", loaded.latestChange());
        model.put("desk", loaded.desk());
        model.put("today", today);
        model.put("title", loaded.clinicName() + " - Santkrupa");
        pages.render(ctx, "dashboard", model);
    }
}
