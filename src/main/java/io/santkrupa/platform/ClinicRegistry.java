package io.santkrupa.platform;

import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.db.jooq.santkrupa_platform.Routines;
import io.santkrupa.web.Form;
import io.santkrupa.web.auth.SecretToken;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.CLINIC_USAGE;

/**
 * The platform's view of its clinics: the registry (read-only to the platform role) with what
 * each uses as counts only, and the changes the platform may make -- each through its function
 * (V034), which also writes the clinic's own audit event and history; the platform's audit event
 * goes into the same transaction.
 */
public final class ClinicRegistry {

    public static final int MAX_PAGE = 100;

    /** What a clinic uses, as numbers; and whether its first administrator still has to choose a password. */
    public record Usage(long patients, long activeDoctors, long activeStaff, long visitsThisMonth, long visits,
                        long storageBytes, boolean adminLinkPending, OffsetDateTime adminLinkExpiresAt) {
        static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0, false, null);

        /** Storage in words: 0 B, 12.3 KB, 4.5 MB. */
        public String storage() {
            if (storageBytes < 1024) {
                return storageBytes + " B";
            }
            double kb = storageBytes / 1024.0;
            return kb < 1024 ? String.format("%.1f KB", kb) : String.format("%.1f MB", kb / 1024);
        }
    }

    /** One clinic as the console lists it. */
    public record ClinicRow(ClinicId id, String slug, String code, String name, String city, String registrationNumber,
                            String email, String phone, String timeZone, SubscriptionStatus status,
                            LocalDate subscriptionEndsOn, Limits limits, OffsetDateTime createdAt, int version,
                            Usage usage) {
        public String statusValue() {
            return status.dbValue();
        }
    }

    public enum Sort {
        NAME, NEWEST, SLUG;

        public static Sort parse(String value) {
            for (Sort sort : values()) {
                if (sort.name().equalsIgnoreCase(value == null ? "" : value.strip())) {
                    return sort;
                }
            }
            return NAME;
        }

        public String value() {
            return name().toLowerCase();
        }
    }

    /** A page of the list: filter by status and by text (name, slug, code, city), sorted, keyset-paged. */
    public record Query(String text, SubscriptionStatus status, Sort sort, String cursor, int limit) {
    }

    public record Page(List<ClinicRow> rows, String next) {
    }

    /** A new link for a first administrator who has not chosen a password yet. */
    public record NewLink(String setPasswordPath, OffsetDateTime expiresAt) {
    }

    private final PlatformTransactions platform;
    private final PlatformAudit audit;
    private final Clock clock;

    public ClinicRegistry(PlatformTransactions platform, PlatformAudit audit, Clock clock) {
        this.platform = platform;
        this.audit = audit;
        this.clock = clock;
    }

    public Page list(Query query) {
        int limit = Math.clamp(query.limit(), 1, MAX_PAGE);
        List<Condition> where = new ArrayList<>();
        if (query.status() != null) {
            where.add(CLINIC.SUBSCRIPTION_STATUS.eq(query.status().dbValue()));
        }
        String text = query.text() == null ? "" : query.text().strip();
        if (!text.isEmpty()) {
            // the registry is small and the platform's policy is `true`: a contains-search is fine here
            String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.add(DSL.or(CLINIC.NAME.likeIgnoreCase(pattern, '\\'), CLINIC.SLUG.likeIgnoreCase(pattern, '\\'),
                    CLINIC.CODE.likeIgnoreCase(pattern, '\\'), CLINIC.CITY.likeIgnoreCase(pattern, '\\')));
        }
        decodeCursor(query.sort(), query.cursor()).ifPresent(where::add);
        List<SortField<?>> order = switch (query.sort()) {
            case NAME -> List.of(CLINIC.NAME.asc(), CLINIC.ID.asc());
            case NEWEST -> List.of(CLINIC.CREATED_AT.desc(), CLINIC.ID.desc());
            case SLUG -> List.of(CLINIC.SLUG.asc());
        };
        return platform.run(tx -> {
            List<ClinicRow> rows = tx.select(COLUMNS).from(CLINIC).where(where).orderBy(order).limit(limit + 1)
                    .fetch(r -> row(r, Usage.NONE));
            boolean more = rows.size() > limit;
            List<ClinicRow> page = withUsage(tx, rows.subList(0, Math.min(limit, rows.size())));
            return new Page(page, more ? encodeCursor(query.sort(), page.getLast()) : null);
        });
    }

    public Optional<ClinicRow> find(String slug) {
        return platform.run(tx -> tx.select(COLUMNS).from(CLINIC).where(CLINIC.SLUG.eq(slug))
                .fetchOptional(r -> row(r, Usage.NONE))
                .map(row -> withUsage(tx, List.of(row)).getFirst()));
    }

    /** The clinic is gone (or never was). */
    public static final class UnknownClinic extends RuntimeException {
        UnknownClinic() {
            super("no such clinic", null, false, false);
        }
    }

    /**
     * Trial, active, expired (read-only) or suspended (closed); the clinic's pages and API follow
     * at their next request. Returns the status before.
     *
     * @param expectedVersion the version of the clinic's row the decision was made on
     * @throws Form.Refused when the row changed meanwhile (nothing is changed)
     * @throws UnknownClinic when the clinic is gone
     */
    public SubscriptionStatus changeStatus(ClinicId clinic, int expectedVersion, SubscriptionStatus status,
                                           LocalDate endsOn, String reason, PlatformActor who) {
        String before = platform.run(tx -> {
            String previous = refusingUnknownOrStale(() -> Routines.changeClinicSubscription(tx.configuration(),
                    clinic.value(), expectedVersion, status.dbValue(), endsOn, reason, Ids.newId(), Ids.newId(),
                    requestId(who)));
            audit.record(tx, who, "clinic.subscription_change", AuditLog.Outcome.SUCCESS, clinic.value(),
                    previous + " -> " + status.dbValue() + (endsOn == null ? "" : " until " + endsOn) + ": " + reason);
            return previous;
        });
        return SubscriptionStatus.fromDbValue(before);
    }

    /**
     * New limits; a null one keeps its value. Returns the limits after the change.
     *
     * @param expectedVersion the version of the clinic's row the decision was made on
     * @throws Form.Refused when the row changed meanwhile (nothing is changed)
     * @throws UnknownClinic when the clinic is gone
     */
    public Limits changeLimits(ClinicId clinic, int expectedVersion, Integer doctors, Integer patients,
                               Integer receptionists, String reason, PlatformActor who) {
        return platform.run(tx -> {
            refusingUnknownOrStale(() -> {
                Routines.changeClinicLimits(tx.configuration(), clinic.value(), expectedVersion, doctors, patients,
                        receptionists, reason, Ids.newId(), Ids.newId(), requestId(who));
                return null;
            });
            Limits after = tx.select(CLINIC.MAX_DOCTORS, CLINIC.MAX_PATIENTS, CLINIC.MAX_RECEPTIONISTS).from(CLINIC)
                    .where(CLINIC.ID.eq(clinic.value()))
                    .fetchSingle(r -> new Limits(r.value1(), r.value2(), r.value3()));
            audit.record(tx, who, "clinic.limits_change", AuditLog.Outcome.SUCCESS, clinic.value(), after + ": " + reason);
            return after;
        });
    }

    /**
     * A new one-time link for the clinic's first administrator, while they have never chosen a
     * password; older links stop working.
     *
     * @throws Form.Refused once the administrator has a password (the platform never gets a way in)
     */
    public NewLink reissueAdminLink(ClinicId clinic, String slug, PlatformActor who) {
        SecretToken link = SecretToken.generate();
        OffsetDateTime expires = OffsetDateTime.now(clock).plus(ClinicOnboarding.LINK_VALIDITY);
        try {
            platform.run(tx -> {
                Routines.reissueAdminInvitation(tx.configuration(), clinic.value(), Ids.newId(), link.hash(), expires,
                        Ids.newId(), requestId(who));
                audit.record(tx, who, "clinic.admin_link_reissue", AuditLog.Outcome.SUCCESS, clinic.value(),
                        "new one-time set-password link for the first administrator");
                return null;
            });
        } catch (DataAccessException e) {
            if ("55000".equals(e.sqlState())) {
                throw new Form.Refused(Form.WHOLE_FORM, "The clinic's first administrator has already chosen a password. "
                        + "A new link can only come from the clinic's own administrators now.");
            }
            throw e;
        }
        return new NewLink(ClinicOnboarding.setPasswordPath(slug, link), expires);
    }

    /** ... and of one that stopped half-way (the browser went away, the database failed): part of it may have left. */
    public void recordExportCutOff(ClinicId clinic, String slug, String why, PlatformActor who) {
        platform.run(tx -> {
            audit.record(tx, who, "clinic.exported", AuditLog.Outcome.FAILURE, clinic.value(), "slug " + slug
                    + ": the download from the console stopped half-way (" + why + ")");
            return null;
        });
    }

    /** The platform trail's event of an export the console sent: counts only, never a record. */
    public void recordExport(ClinicId clinic, String slug, ClinicArchives.Exported exported, PlatformActor who) {
        platform.run(tx -> {
            audit.record(tx, who, "clinic.exported", AuditLog.Outcome.SUCCESS, clinic.value(), "slug " + slug + ": "
                    + exported.rows() + " rows in " + exported.tables() + " tables, " + exported.files()
                    + " files, schema " + exported.schemaVersion() + ", downloaded from the console");
            return null;
        });
    }

    /** Checks a reason typed into {@code field}: required, one line, at most 500 characters. */
    public static String reason(Form form, String field) {
        String reason = form.required(field, "Reason", 500);
        if (reason.contains("\n") || reason.contains("\r")) {
            form.error(field, "Keep the reason to one line.");
        }
        return reason;
    }

    /** Limits as typed into max_doctors, max_patients and max_receptionists. */
    public static Limits limits(Form form) {
        return Limits.read(form);
    }

    private static <T> T refusingUnknownOrStale(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (DataAccessException e) {
            if ("P0002".equals(e.sqlState())) {
                throw new UnknownClinic();
            }
            if ("SK409".equals(e.sqlState())) {
                throw new Form.Refused(Form.WHOLE_FORM, "Someone changed this clinic's subscription or limits after "
                        + "you looked at them, so nothing was changed. Look at the current values and try again.");
            }
            throw e;
        }
    }

    private static String requestId(PlatformActor who) {
        return who.requestId() == null ? "" : who.requestId();
    }

    private static final List<org.jooq.Field<?>> COLUMNS = List.of(CLINIC.ID, CLINIC.SLUG, CLINIC.CODE, CLINIC.NAME,
            CLINIC.CITY, CLINIC.REGISTRATION_NUMBER, CLINIC.EMAIL, CLINIC.PHONE, CLINIC.TIME_ZONE,
            CLINIC.SUBSCRIPTION_STATUS, CLINIC.SUBSCRIPTION_ENDS_ON, CLINIC.MAX_DOCTORS, CLINIC.MAX_PATIENTS,
            CLINIC.MAX_RECEPTIONISTS, CLINIC.CREATED_AT, CLINIC.VERSION);

    private static ClinicRow row(Record r, Usage usage) {
        return new ClinicRow(ClinicId.of(r.get(CLINIC.ID)), r.get(CLINIC.SLUG), r.get(CLINIC.CODE), r.get(CLINIC.NAME),
                r.get(CLINIC.CITY), r.get(CLINIC.REGISTRATION_NUMBER), r.get(CLINIC.EMAIL), r.get(CLINIC.PHONE),
                r.get(CLINIC.TIME_ZONE), SubscriptionStatus.fromDbValue(r.get(CLINIC.SUBSCRIPTION_STATUS)),
                r.get(CLINIC.SUBSCRIPTION_ENDS_ON),
                new Limits(r.get(CLINIC.MAX_DOCTORS), r.get(CLINIC.MAX_PATIENTS), r.get(CLINIC.MAX_RECEPTIONISTS)),
                r.get(CLINIC.CREATED_AT), r.get(CLINIC.VERSION), usage);
    }

    /** One call of clinic_usage for the whole page, never one per clinic. */
    private static List<ClinicRow> withUsage(DSLContext tx, List<ClinicRow> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        UUID[] ids = rows.stream().map(r -> r.id().value()).toArray(UUID[]::new);
        Map<UUID, Usage> usage = tx.selectFrom(io.santkrupa.db.jooq.santkrupa_platform.Tables.CLINIC_USAGE(ids))
                .fetch().stream()
                .collect(Collectors.toMap(u -> u.getClinicId(), u -> new Usage(u.getPatients(), u.getActiveDoctors(),
                        u.getActiveStaff(), u.getVisitsThisMonth(), u.getVisits(), u.getStorageBytes(),
                        Boolean.TRUE.equals(u.getAdminLinkPending()), u.getAdminLinkExpiresAt()), (a, b) -> a));
        Function<ClinicRow, ClinicRow> attach = r -> new ClinicRow(r.id(), r.slug(), r.code(), r.name(), r.city(),
                r.registrationNumber(), r.email(), r.phone(), r.timeZone(), r.status(), r.subscriptionEndsOn(),
                r.limits(), r.createdAt(), r.version(), usage.getOrDefault(r.id().value(), Usage.NONE));
        return rows.stream().map(attach).toList();
    }

    /** An opaque cursor: the sort it belongs to, the last row's sort key and id. */
    private static String encodeCursor(Sort sort, ClinicRow last) {
        String key = switch (sort) {
            case NAME -> last.name();
            case NEWEST -> last.createdAt().toString();
            case SLUG -> last.slug();
        };
        String raw = sort.value() + "\n" + key + "\n" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The condition "after the cursor's row"; empty (from the start) for a missing, foreign or malformed cursor. */
    private static Optional<Condition> decodeCursor(Sort sort, String cursor) {
        if (cursor == null || cursor.isBlank() || cursor.length() > 1000) {
            return Optional.empty();
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 3 || !parts[0].equals(sort.value())) {
                return Optional.empty();
            }
            UUID id = UUID.fromString(parts[2]);
            return Optional.of(switch (sort) {
                case NAME -> DSL.row(CLINIC.NAME, CLINIC.ID).gt(parts[1], id);
                case NEWEST -> {
                    OffsetDateTime at = OffsetDateTime.parse(parts[1]);
                    if (!io.santkrupa.web.Dates.storable(at)) {
                        yield DSL.noCondition();
                    }
                    yield DSL.row(CLINIC.CREATED_AT, CLINIC.ID).lt(at, id);
                }
                case SLUG -> CLINIC.SLUG.gt(parts[1]);
            });
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
