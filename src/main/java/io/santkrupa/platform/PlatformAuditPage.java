package io.santkrupa.platform;

import io.javalin.http.Context;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.web.KeysetCursor;
import io.santkrupa.web.Pages;
import io.santkrupa.web.QueryParams;
import org.jooq.Condition;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;

/**
 * The platform's audit trail: every sign-in, onboarding, status and limit change, newest first,
 * filtered by action, outcome, actor, clinic and date, 50 to a page (keyset on time and id).
 */
public final class PlatformAuditPage {

    private static final int PAGE_SIZE = 50;

    /** One event; {@code clinicSlug} is null when it concerned no clinic (or one since offboarded). */
    public record Event(UUID id, OffsetDateTime occurredAt, String actor, String action, String outcome,
                        String clinicSlug, String ip, String detail) {
    }

    private final PlatformTransactions platform;
    private final Pages pages;

    public PlatformAuditPage(PlatformTransactions platform, Pages pages) {
        this.platform = platform;
        this.pages = pages;
    }

    /** GET /platform/audit */
    public void list(Context ctx) {
        String action = QueryParams.text(ctx, "action");
        String outcome = QueryParams.text(ctx, "outcome");
        String actor = QueryParams.text(ctx, "actor");
        String clinic = QueryParams.text(ctx, "clinic").toLowerCase();
        LocalDate from = QueryParams.date(ctx, "from");
        LocalDate to = QueryParams.date(ctx, "to");
        List<Condition> where = new ArrayList<>();
        if (!action.isEmpty()) {
            where.add(PLATFORM_AUDIT_EVENT.ACTION.startsWith(action));
        }
        if (List.of("success", "denied", "failure").contains(outcome)) {
            where.add(PLATFORM_AUDIT_EVENT.OUTCOME.eq(outcome));
        }
        if (!actor.isEmpty()) {
            where.add(PLATFORM_AUDIT_EVENT.ACTOR.eq(actor));
        }
        if (!clinic.isEmpty()) {
            where.add(CLINIC.SLUG.eq(clinic));
        }
        if (from != null) {
            where.add(PLATFORM_AUDIT_EVENT.OCCURRED_AT.ge(from.atStartOfDay().atOffset(ZoneOffset.UTC)));
        }
        if (to != null) {
            where.add(PLATFORM_AUDIT_EVENT.OCCURRED_AT.lt(to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC)));
        }
        KeysetCursor.parse(QueryParams.text(ctx, "before")).ifPresent(cursor ->
                where.add(DSL.row(PLATFORM_AUDIT_EVENT.OCCURRED_AT, PLATFORM_AUDIT_EVENT.ID).lt(cursor.at(), cursor.id())));
        List<Event> rows = platform.run(tx -> query(tx, where, PAGE_SIZE + 1));
        boolean more = rows.size() > PAGE_SIZE;
        List<Event> page = rows.stream().limit(PAGE_SIZE).toList();
        Map<String, Object> model = PlatformRequest.model(ctx, "Platform audit log");
        model.put("rows", page);
        model.put("filters", Map.of("action", action, "outcome", outcome, "actor", actor, "clinic", clinic,
                "from", from == null ? "" : from.toString(), "to", to == null ? "" : to.toString()));
        model.put("next", more ? new KeysetCursor(page.getLast().occurredAt(), page.getLast().id()).toString() : "");
        pages.render(ctx, "platform/audit", model);
    }

    /** A clinic's newest platform events: its onboarding, subscription and limit changes, with their reasons. */
    List<Event> ofClinic(ClinicId clinic, int limit) {
        return platform.run(tx -> query(tx, List.of(PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(clinic.value())), limit));
    }

    private static List<Event> query(org.jooq.DSLContext tx, List<Condition> where, int limit) {
        return tx.select(PLATFORM_AUDIT_EVENT.ID, PLATFORM_AUDIT_EVENT.OCCURRED_AT, PLATFORM_AUDIT_EVENT.ACTOR,
                        PLATFORM_AUDIT_EVENT.ACTION, PLATFORM_AUDIT_EVENT.OUTCOME, CLINIC.SLUG, PLATFORM_AUDIT_EVENT.IP,
                        PLATFORM_AUDIT_EVENT.DETAIL)
                .from(PLATFORM_AUDIT_EVENT)
                .leftJoin(CLINIC).on(CLINIC.ID.eq(PLATFORM_AUDIT_EVENT.CLINIC_ID))
                .where(where)
                .orderBy(PLATFORM_AUDIT_EVENT.OCCURRED_AT.desc(), PLATFORM_AUDIT_EVENT.ID.desc())
                .limit(limit)
                .fetch(r -> new Event(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(),
                        r.value8()));
    }
}
