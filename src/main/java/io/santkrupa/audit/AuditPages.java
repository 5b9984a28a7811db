package io.santkrupa.audit;

import io.javalin.http.Context;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.KeysetCursor;
import io.santkrupa.web.Pages;
import io.santkrupa.web.QueryParams;
import io.santkrupa.web.RequestContext;
import org.jooq.Condition;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;

/**
 * The clinic admin's view of the audit trail: newest first, filtered by action, outcome, user
 * and date, 50 to a page (keyset on time and id, so deep pages stay fast). Dates are the
 * clinic's days (from its midnight to the next, in its time zone), and times show on its clock.
 */
public final class AuditPages {

    private static final int PAGE_SIZE = 50;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    public record Row(UUID id, OffsetDateTime occurredAt, String username, String actorRole, String action,
                      String outcome, String entityType, UUID entityId, String ip, String requestId, String detail) {
        /** The first block of the record's id: enough to tell records apart on screen. */
        public String shortEntityId() {
            return entityId == null ? "" : entityId.toString().substring(0, 8);
        }
    }

    private final TenantTransactions tenants;
    private final Pages pages;

    public AuditPages(TenantTransactions tenants, Pages pages) {
        this.tenants = tenants;
        this.pages = pages;
    }

    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String action = QueryParams.text(ctx, "action");
        String outcome = QueryParams.text(ctx, "outcome");
        String user = QueryParams.text(ctx, "user").toLowerCase();
        LocalDate from = QueryParams.date(ctx, "from");
        LocalDate to = QueryParams.date(ctx, "to");
        String before = QueryParams.text(ctx, "before");

        List<Condition> where = new ArrayList<>();
        where.add(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()));
        if (!action.isEmpty()) {
            where.add(AUDIT_EVENT.ACTION.startsWith(action));
        }
        if (List.of("success", "denied", "failure").contains(outcome)) {
            where.add(AUDIT_EVENT.OUTCOME.eq(outcome));
        }
        if (!user.isEmpty()) {
            where.add(APP_USER.USERNAME.eq(user));
        }
        if (from != null) {
            where.add(AUDIT_EVENT.OCCURRED_AT.ge(clinic.startOf(from)));
        }
        if (to != null) {
            where.add(AUDIT_EVENT.OCCURRED_AT.lt(clinic.startOf(to.plusDays(1))));
        }
        boolean backwards = from != null && to != null && from.isAfter(to);
        KeysetCursor.parse(before).ifPresent(cursor ->
                where.add(DSL.row(AUDIT_EVENT.OCCURRED_AT, AUDIT_EVENT.ID).lt(cursor.at(), cursor.id())));
        // no day is both on or after "from" and on or before "to": say so rather than show nothing
        List<Row> rows = backwards ? List.of() : tenants.readInClinic(clinic.id(), tx -> tx
                .select(AUDIT_EVENT.ID, AUDIT_EVENT.OCCURRED_AT, APP_USER.USERNAME, AUDIT_EVENT.ACTOR_ROLE,
                        AUDIT_EVENT.ACTION, AUDIT_EVENT.OUTCOME, AUDIT_EVENT.ENTITY_TYPE, AUDIT_EVENT.ENTITY_ID,
                        AUDIT_EVENT.IP, AUDIT_EVENT.REQUEST_ID, AUDIT_EVENT.DETAIL)
                .from(AUDIT_EVENT)
                .leftJoin(APP_USER).on(APP_USER.CLINIC_ID.eq(AUDIT_EVENT.CLINIC_ID), APP_USER.ID.eq(AUDIT_EVENT.ACTOR_USER_ID))
                .where(where)
                .orderBy(AUDIT_EVENT.OCCURRED_AT.desc(), AUDIT_EVENT.ID.desc())
                .limit(PAGE_SIZE + 1)
                .fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(),
                        r.value8(), r.value9(), r.value10(), r.value11())));
        boolean more = rows.size() > PAGE_SIZE;
        List<Row> page = rows.stream().limit(PAGE_SIZE).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("rows", page);
        model.put("filters", Map.of("action", action, "outcome", outcome, "user", user,
                "from", from == null ? "" : from.toString(), "to", to == null ? "" : to.toString()));
        model.put("datesProblem", backwards ? "\u201cFrom\u201d (" + DAY.format(from) + ") is after \u201cTo\u201d ("
                + DAY.format(to) + "), so no day is in between: swap them, or clear one." : "");
        model.put("next", more ? new KeysetCursor(page.getLast().occurredAt(), page.getLast().id()).toString() : "");
        model.put("title", "Audit log - Santkrupa");
        pages.render(ctx, "audit", model);
    }
}
