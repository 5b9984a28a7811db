package io.santkrupa.audit;

import io.javalin.http.Context;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Form;
import io.santkrupa.web.KeysetCursor;
import io.santkrupa.web.Pages;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.QueryParams;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import io.santkrupa.web.auth.Principal;
import org.jooq.Condition;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT_PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT_REPEAT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;

/**
 * The clinic admin's view of the audit trail: newest first, filtered by action (its code or its
 * plain words), outcome, user, date and one record, 50 to a page (keyset on time and id, so deep
 * pages stay fast). Codes are shown in plain words ({@link AuditWords}) and each record by its
 * name ({@link AuditRecords}): one query for the events, one for their records, and one that
 * writes a {@code patient.read} event for each patient the page names. Dates are the clinic's
 * days (from its midnight to the next, in its time zone), and times show on its clock.
 */
public final class AuditPages {

    private static final int PAGE_SIZE = 50;
    private static final int DETAIL_SHOWN = 80;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    /** The detail of the read a page writes for each patient whose name it shows. */
    static final String NAMED_HERE = "name shown in the audit log";

    /** An event as the page shows it: codes in plain words, its record by name. */
    public record Row(UUID id, OffsetDateTime occurredAt, String who, String whoHref, String actorRole,
                      String role, String actionCode, String action, String outcomeCode, String outcome,
                      AuditRecords.Shown record, String ip, String detail, Repeats repeats) {
        /** A detail too long for its cell is folded: its start shown, all of it a click away. */
        public boolean longDetail() {
            return detail.length() > DETAIL_SHOWN;
        }

        public String detailStart() {
            return longDetail() ? detail.substring(0, DETAIL_SHOWN).strip() + "\u2026" : detail;
        }
    }

    /** An event that happened again and again in its window, counted on it: how often, first and last. */
    public record Repeats(int times, OffsetDateTime firstAt, OffsetDateTime lastAt) {
    }

    /** What the events query reads of an event, before its record is named. */
    private record Event(UUID id, OffsetDateTime occurredAt, UUID actorUserId, String username, String actorName,
                         UUID actorPatientId, String actorPatient, String actorRole, String action, String outcome,
                         String entityType, UUID entityId, String ip, String detail, Repeats repeats) {
    }

    /** The filter's one record ({@code ?record=type:id}, the link of a record the reader may not open). */
    private record RecordChoice(String type, UUID id) {
        static Optional<RecordChoice> parse(String value) {
            int colon = value.indexOf(':');
            if (colon < 1 || !value.substring(0, colon).matches("[a-z_]{1,40}")) {
                return Optional.empty();
            }
            return PathIds.parse(value.substring(colon + 1)).map(id -> new RecordChoice(value.substring(0, colon), id));
        }

        @Override
        public String toString() {
            return type + ":" + id;
        }
    }

    private final TenantTransactions tenants;
    private final AuditLog audit;
    private final Pages pages;

    public AuditPages(TenantTransactions tenants, AuditLog audit, Pages pages) {
        this.tenants = tenants;
        this.audit = audit;
        this.pages = pages;
    }

    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal reader = RequestContext.requirePrincipal(ctx);
        Form filters = Form.from(ctx::queryParam, List.of("action", "outcome", "user", "from", "to", "record"));
        String action = filters.value("action");
        String outcome = filters.value("outcome");
        String user = filters.value("user").toLowerCase(Locale.ROOT);
        filters.put("user", user);
        // a day that is none (only a hand-made address has one) is no filter, as on every page (Dates)
        LocalDate from = QueryParams.date(ctx, "from");
        LocalDate to = QueryParams.date(ctx, "to");
        filters.put("from", from == null ? "" : from.toString());
        filters.put("to", to == null ? "" : to.toString());
        if (from != null && to != null && from.isAfter(to)) {
            // no day is both on or after "from" and on or before "to": say so at the field, list nothing
            filters.error("to", "\u201cTo\u201d (" + DAY.format(to) + ") is before \u201cFrom\u201d (" + DAY.format(from)
                    + "): no day is in between. Swap them, or clear one.");
        }
        Optional<RecordChoice> oneRecord = RecordChoice.parse(filters.value("record"));
        filters.put("record", oneRecord.map(RecordChoice::toString).orElse(""));
        String before = QueryParams.text(ctx, "before");

        List<Condition> where = new ArrayList<>();
        where.add(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()));
        if (!action.isEmpty()) {
            // the plain words or the code of an action; a code the words do not know (an old event) by its start
            List<String> codes = AuditWords.matching(action);
            where.add(codes.isEmpty() ? AUDIT_EVENT.ACTION.startsWith(action)
                    : AUDIT_EVENT.ACTION.in(codes).or(AUDIT_EVENT.ACTION.startsWith(action)));
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
        // a patient's events: those about her, and the lists that showed her
        oneRecord.ifPresent(r -> where.add(AUDIT_EVENT.ENTITY_TYPE.eq(r.type()).and(AUDIT_EVENT.ENTITY_ID.eq(r.id()))
                .or(r.type().equals("patient") ? AUDIT_EVENT.ID.in(DSL.select(AUDIT_EVENT_PATIENT.EVENT_ID)
                        .from(AUDIT_EVENT_PATIENT)
                        .where(AUDIT_EVENT_PATIENT.CLINIC_ID.eq(clinic.id().value()),
                                AUDIT_EVENT_PATIENT.PATIENT_ID.eq(r.id()))) : DSL.falseCondition())));
        KeysetCursor.parse(before).ifPresent(cursor ->
                where.add(DSL.row(AUDIT_EVENT.OCCURRED_AT, AUDIT_EVENT.ID).lt(cursor.at(), cursor.id())));
        record Loaded(List<Event> events, AuditRecords.Page records) {
        }
        var actorPatient = PATIENT.as("actor_patient");
        Loaded loaded = filters.hasErrors() ? new Loaded(List.of(), AuditRecords.Page.NONE)
                : tenants.readInClinic(clinic.id(), tx -> {
            List<Event> events = tx
                    .select(AUDIT_EVENT.ID, AUDIT_EVENT.OCCURRED_AT, AUDIT_EVENT.ACTOR_USER_ID, APP_USER.USERNAME,
                            APP_USER.FULL_NAME, actorPatient.ID,
                            DSL.concat(actorPatient.FIRST_NAME, DSL.inline(" "), actorPatient.LAST_NAME,
                                    DSL.inline(" ("), actorPatient.CODE, DSL.inline(")")),
                            AUDIT_EVENT.ACTOR_ROLE, AUDIT_EVENT.ACTION, AUDIT_EVENT.OUTCOME, AUDIT_EVENT.ENTITY_TYPE,
                            AUDIT_EVENT.ENTITY_ID, AUDIT_EVENT.IP, AUDIT_EVENT.DETAIL, AUDIT_EVENT_REPEAT.TIMES,
                            AUDIT_EVENT_REPEAT.FIRST_AT, AUDIT_EVENT_REPEAT.LAST_AT)
                    .from(AUDIT_EVENT)
                    .leftJoin(APP_USER).on(APP_USER.CLINIC_ID.eq(AUDIT_EVENT.CLINIC_ID), APP_USER.ID.eq(AUDIT_EVENT.ACTOR_USER_ID))
                    .leftJoin(AUDIT_EVENT_REPEAT).on(AUDIT_EVENT_REPEAT.CLINIC_ID.eq(AUDIT_EVENT.CLINIC_ID),
                            AUDIT_EVENT_REPEAT.EVENT_ID.eq(AUDIT_EVENT.ID))
                    .leftJoin(actorPatient).on(actorPatient.CLINIC_ID.eq(APP_USER.CLINIC_ID),
                            actorPatient.ID.eq(APP_USER.PATIENT_ID))
                    .where(where)
                    .orderBy(AUDIT_EVENT.OCCURRED_AT.desc(), AUDIT_EVENT.ID.desc())
                    .limit(PAGE_SIZE + 1)
                    .fetch(r -> new Event(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                            r.value7(), r.value8(), r.value9(), r.value10(), r.value11(), r.value12(), r.value13(),
                            r.value14(), r.value15() == null ? null : new Repeats(r.value15(), r.value16(), r.value17())));
            List<Map.Entry<String, UUID>> shownRecords = new ArrayList<>();
            oneRecord.ifPresent(r -> shownRecords.add(Map.entry(r.type(), r.id())));
            events.stream().limit(PAGE_SIZE).filter(e -> e.entityId() != null)
                    .forEach(e -> shownRecords.add(Map.entry(e.entityType(), e.entityId())));
            AuditRecords.Page records = AuditRecords.show(tx, clinic.id(), clinic.slug(), reader.role(), shownRecords);
            // a patient's name is patient data: each one this page shows is a read of that patient
            Set<UUID> named = new LinkedHashSet<>(records.patientsNamed());
            events.stream().limit(PAGE_SIZE).map(Event::actorPatientId).filter(Objects::nonNull).forEach(named::add);
            audit.recordEach(tx, clinic.id(), RequestContext.audit(ctx), "patient.read", AuditLog.Outcome.SUCCESS,
                    "patient", named, NAMED_HERE);
            return new Loaded(events, records);
        });
        boolean more = loaded.events().size() > PAGE_SIZE;
        List<Event> page = loaded.events().stream().limit(PAGE_SIZE).toList();
        List<Row> rows = page.stream().map(e -> row(clinic, reader, e, loaded.records().records())).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("filters", filters);
        model.put("oneRecord", oneRecord.map(r -> loaded.records().records().get(r.id())).orElse(null));
        model.put("actions", AuditWords.clinicActions());
        model.put("next", more ? new KeysetCursor(page.getLast().occurredAt(), page.getLast().id()).toString() : "");
        model.put("title", "Audit log - Santkrupa");
        ctx.status(filters.hasErrors() ? Form.INVALID : 200);
        pages.render(ctx, "audit", model);
    }

    private static Row row(CurrentClinic clinic, Principal reader, Event e, Map<UUID, AuditRecords.Shown> records) {
        boolean staff = e.actorUserId() != null && e.actorPatientId() == null && e.username() != null;
        String who;
        if (e.username() == null) {
            who = e.actorRole().equals("platform") ? "Santkrupa" : "\u2014";
        } else if (e.actorPatientId() != null) {
            who = e.actorPatient(); // a patient's own account: the patient, as their records are named
        } else {
            who = e.actorName() + " (" + e.username() + ")";
        }
        String whoHref = staff && PermissionMatrix.allows(reader.role(), Permission.STAFF_MANAGE)
                ? "/clinic/" + clinic.slug() + "/staff/" + e.actorUserId() : null;
        AuditRecords.Shown record = e.entityId() == null
                ? (e.entityType().isEmpty() ? null
                        : new AuditRecords.Shown(AuditWords.entityWords(e.entityType()), "", null, false, ""))
                : records.get(e.entityId());
        return new Row(e.id(), e.occurredAt(), who, whoHref, e.actorRole(), AuditWords.roleWords(e.actorRole()),
                e.action(), AuditWords.actionWords(e.action()), e.outcome(), AuditWords.outcomeWords(e.outcome()),
                record, e.ip(), e.detail(), e.repeats());
    }
}
