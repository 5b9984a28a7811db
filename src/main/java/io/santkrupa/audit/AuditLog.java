package io.santkrupa.audit;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT_PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT_REPEAT;

/**
 * Writes audit events in the caller's transaction, so an action and its audit row commit or
 * roll back together. Events carry ids, never patient data.
 */
public final class AuditLog {

    public enum Outcome {
        SUCCESS, DENIED, FAILURE;

        public String dbValue() {
            return name().toLowerCase();
        }
    }

    public void record(DSLContext tx, ClinicId clinic, AuditContext who, String action, Outcome outcome,
                       String entityType, UUID entityId, String detail) {
        tx.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.CLINIC_ID, clinic.value())
                .set(AUDIT_EVENT.ID, Ids.newId())
                .set(AUDIT_EVENT.ACTOR_USER_ID, who.actorUserId())
                .set(AUDIT_EVENT.ACTOR_ROLE, who.actorRole() == null ? "anonymous" : who.actorRole())
                .set(AUDIT_EVENT.ACTION, action)
                .set(AUDIT_EVENT.OUTCOME, outcome.dbValue())
                .set(AUDIT_EVENT.ENTITY_TYPE, entityType == null ? "" : entityType)
                .set(AUDIT_EVENT.ENTITY_ID, entityId)
                .set(AUDIT_EVENT.REQUEST_ID, who.requestId() == null ? "" : who.requestId())
                .set(AUDIT_EVENT.IP, who.ip())
                .set(AUDIT_EVENT.DETAIL, detail == null ? "" : truncate(detail))
                .execute();
    }

    /**
     * The same event about each of {@code entityIds} (a page that shows several patients' names
     * reads each of them), written by one statement whatever their number; nothing for none.
     */
    public void recordEach(DSLContext tx, ClinicId clinic, AuditContext who, String action, Outcome outcome,
                           String entityType, Collection<UUID> entityIds, String detail) {
        if (entityIds.isEmpty()) {
            return;
        }
        var insert = tx.insertInto(AUDIT_EVENT, AUDIT_EVENT.CLINIC_ID, AUDIT_EVENT.ID, AUDIT_EVENT.ACTOR_USER_ID,
                AUDIT_EVENT.ACTOR_ROLE, AUDIT_EVENT.ACTION, AUDIT_EVENT.OUTCOME, AUDIT_EVENT.ENTITY_TYPE,
                AUDIT_EVENT.ENTITY_ID, AUDIT_EVENT.REQUEST_ID, AUDIT_EVENT.IP, AUDIT_EVENT.DETAIL);
        for (UUID entityId : entityIds) {
            insert = insert.values(clinic.value(), Ids.newId(), who.actorUserId(),
                    who.actorRole() == null ? "anonymous" : who.actorRole(), action, outcome.dbValue(), entityType,
                    entityId, who.requestId() == null ? "" : who.requestId(), who.ip(),
                    detail == null ? "" : truncate(detail));
        }
        insert.execute();
    }

    /**
     * One event for a list that a request showed -- a search's results, a day's queue, a work list
     * -- and the patients it showed, by id, in one statement whatever their number: the log keeps
     * one line per request, and "where has this patient been shown" still has an answer
     * ({@code audit_event_patient}). The detail says what was listed (never what was typed).
     */
    public void recordList(DSLContext tx, ClinicId clinic, AuditContext who, String action, Outcome outcome,
                           Collection<UUID> patientIds, String detail) {
        UUID eventId = Ids.newId();
        var event = DSL.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.CLINIC_ID, clinic.value())
                .set(AUDIT_EVENT.ID, eventId)
                .set(AUDIT_EVENT.ACTOR_USER_ID, who.actorUserId())
                .set(AUDIT_EVENT.ACTOR_ROLE, who.actorRole() == null ? "anonymous" : who.actorRole())
                .set(AUDIT_EVENT.ACTION, action)
                .set(AUDIT_EVENT.OUTCOME, outcome.dbValue())
                .set(AUDIT_EVENT.ENTITY_TYPE, "")
                .set(AUDIT_EVENT.REQUEST_ID, who.requestId() == null ? "" : who.requestId())
                .set(AUDIT_EVENT.IP, who.ip())
                .set(AUDIT_EVENT.DETAIL, detail == null ? "" : truncate(detail));
        if (patientIds.isEmpty()) {
            tx.execute(event);
            return;
        }
        var shown = tx.with(DSL.name("event").as(event.returning(AUDIT_EVENT.ID)))
                .insertInto(AUDIT_EVENT_PATIENT, AUDIT_EVENT_PATIENT.CLINIC_ID, AUDIT_EVENT_PATIENT.ID,
                        AUDIT_EVENT_PATIENT.EVENT_ID, AUDIT_EVENT_PATIENT.PATIENT_ID);
        for (UUID patientId : new LinkedHashSet<>(patientIds)) {
            shown = shown.values(clinic.value(), Ids.newId(), eventId, patientId);
        }
        shown.execute();
    }

    /** How long identical repeats of an event are counted on its row rather than written again. */
    public static final Duration REPEAT_WINDOW = Duration.ofHours(1);

    /**
     * An event a person can repeat at will (a refusal): the first of its window -- per person,
     * action, route and resource, in windows of {@link #REPEAT_WINDOW} -- is written as an event;
     * every identical one after it within the window only counts on that event's
     * {@code audit_event_repeat} row ({@code times}, {@code last_at}). One statement either way,
     * and no race: two first ones at once meet on the row's unique key, and one of them counts.
     *
     * @param route    the route's template with its method ("GET /clinic/{slug}/patients/{patientId}")
     * @param resource the ids of the address, '/'-separated ('?' for what is no id), "" for none
     */
    public void recordRepeatable(DSLContext tx, ClinicId clinic, AuditContext who, String action, Outcome outcome,
                                 String route, String resource, Instant at, String detail) {
        UUID eventId = Ids.newId();
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        long window = REPEAT_WINDOW.toSeconds();
        OffsetDateTime windowStart = Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), window) * window)
                .atOffset(ZoneOffset.UTC);
        var repeat = DSL.insertInto(AUDIT_EVENT_REPEAT)
                .set(AUDIT_EVENT_REPEAT.CLINIC_ID, clinic.value())
                .set(AUDIT_EVENT_REPEAT.ID, Ids.newId())
                .set(AUDIT_EVENT_REPEAT.EVENT_ID, eventId)
                .set(AUDIT_EVENT_REPEAT.ACTOR_USER_ID, who.actorUserId())
                .set(AUDIT_EVENT_REPEAT.ACTION, action)
                .set(AUDIT_EVENT_REPEAT.ROUTE, route)
                .set(AUDIT_EVENT_REPEAT.RESOURCE, resource)
                .set(AUDIT_EVENT_REPEAT.WINDOW_START, windowStart)
                .set(AUDIT_EVENT_REPEAT.TIMES, 1)
                .set(AUDIT_EVENT_REPEAT.FIRST_AT, when)
                .set(AUDIT_EVENT_REPEAT.LAST_AT, when)
                .onConflict(AUDIT_EVENT_REPEAT.CLINIC_ID, AUDIT_EVENT_REPEAT.ACTOR_USER_ID, AUDIT_EVENT_REPEAT.ACTION,
                        AUDIT_EVENT_REPEAT.ROUTE, AUDIT_EVENT_REPEAT.RESOURCE, AUDIT_EVENT_REPEAT.WINDOW_START)
                .doUpdate()
                .set(AUDIT_EVENT_REPEAT.TIMES, AUDIT_EVENT_REPEAT.TIMES.plus(1))
                .set(AUDIT_EVENT_REPEAT.LAST_AT, DSL.greatest(AUDIT_EVENT_REPEAT.LAST_AT,
                        DSL.excluded(AUDIT_EVENT_REPEAT.LAST_AT)))
                .returning(AUDIT_EVENT_REPEAT.EVENT_ID);
        var counted = DSL.name("counted");
        Field<UUID> countedId = DSL.field(DSL.name("counted", AUDIT_EVENT_REPEAT.EVENT_ID.getName()), UUID.class);
        // the event only when the row is new (its event ours); a repeat has only been counted
        tx.with(counted.as(repeat))
                .insertInto(AUDIT_EVENT, AUDIT_EVENT.CLINIC_ID, AUDIT_EVENT.ID, AUDIT_EVENT.OCCURRED_AT,
                        AUDIT_EVENT.ACTOR_USER_ID, AUDIT_EVENT.ACTOR_ROLE, AUDIT_EVENT.ACTION, AUDIT_EVENT.OUTCOME,
                        AUDIT_EVENT.ENTITY_TYPE, AUDIT_EVENT.REQUEST_ID, AUDIT_EVENT.IP, AUDIT_EVENT.DETAIL)
                .select(DSL.select(DSL.val(clinic.value()), countedId, DSL.val(when), DSL.val(who.actorUserId()),
                                DSL.val(who.actorRole() == null ? "anonymous" : who.actorRole()), DSL.val(action),
                                DSL.val(outcome.dbValue()), DSL.val(""),
                                DSL.val(who.requestId() == null ? "" : who.requestId()),
                                DSL.val(who.ip(), AUDIT_EVENT.IP), DSL.val(detail == null ? "" : truncate(detail)))
                        .from(DSL.table(counted))
                        .where(countedId.eq(eventId)))
                .execute();
    }

    /** "1 patient", "12 patients": what a list event's detail says it showed. */
    public static String patients(int count) {
        return count == 1 ? "1 patient" : count + " patients";
    }

    private static String truncate(String detail) {
        return detail.length() <= 500 ? detail : detail.substring(0, 500);
    }
}
