package io.santkrupa.db;

import io.santkrupa.db.jooq.santkrupa.Santkrupa;
import io.santkrupa.db.jooq.santkrupa.Tables;
import io.santkrupa.db.jooq.santkrupa_platform.Routines;
import io.santkrupa.testing.ClinicFixture.Clinic;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.CLINIC_USAGE;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_RECOVERY_CODE;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_SESSION;

/**
 * Probes one table of the application schema from inside the database, as whatever role the
 * connection has, and reports every way the result departs from what RLS must guarantee:
 * nothing of another clinic is visible, changeable or insertable; nothing at all without a
 * valid clinic; and the clinic's own rows are fully usable (so a missing policy is noticed too).
 *
 * <p>Each statement runs in a transaction (or savepoint) of its own that is rolled back, so the
 * probe changes nothing. The caller decides how often it repeats on one connection.
 */
final class IsolationProbe {

    /**
     * The clinic context of a probe: one the application issued for a clinic, or none, or what
     * SQL of the app role could set itself -- the empty string, garbage, the clinic's bare id in
     * the old app.clinic_id, a context with a forged MAC. Only the first may see anything.
     */
    record Context(String label, String setting, String value, Clinic clinic) {
        static Context of(Clinic clinic, String label) {
            return new Context(label, null, null, clinic);
        }

        static Context none() {
            return new Context("not set", null, null, null);
        }

        static Context empty() {
            return new Context("empty string", TenantContext.SETTING, "", null);
        }

        static Context malformed() {
            return new Context("malformed", TenantContext.SETTING, "'; SELECT 1 --not-a-uuid", null);
        }

        /** What every transaction set before V057, and what SQL of the app role can still set. */
        static Context bareClinicId(Clinic clinic) {
            return new Context("app.clinic_id = " + clinic.slug() + "'s id", "app.clinic_id", clinic.id().toString(), null);
        }

        /** A well-formed context for the clinic, issued now, with a MAC that is not the key's. */
        static Context forged(Clinic clinic) {
            String message = clinic.id() + "." + java.time.Instant.now().getEpochSecond();
            return new Context("forged context for " + clinic.slug(), TenantContext.SETTING, message + "." + "0".repeat(64), null);
        }

        boolean hasClinic() {
            return clinic != null;
        }
    }

    /** A table as the app role sees it: its key columns and which commands it is granted. */
    /** {@code generatedColumns}: computed by the server (GENERATED ALWAYS), so never copied into an insert. */
    record TableInfo(String name, Table<?> table, Field<UUID> id, Field<UUID> tenantColumn,
                     Field<Object> updatableColumn, boolean canSelect, boolean canInsert,
                     boolean canUpdate, boolean canDelete, List<Field<?>> generatedColumns) {
    }

    private record Outcome(Object value, String sqlState, String message) {
        boolean failed() {
            return sqlState != null;
        }

        boolean rlsRejected() {
            return "42501".equals(sqlState);
        }

        int rows() {
            return value instanceof Number n ? n.intValue() : -1;
        }
    }

    private final Connection connection;
    private final TenantContext contexts;
    private final DSLContext dsl;
    private final boolean savepoints;
    private final Map<String, Map<UUID, Record>> rows;
    private long statements;

    /**
     * @param connection the connection to probe through, not in auto-commit mode
     * @param savepoints true when the caller holds an open transaction (a mutation) that must survive
     * @param rows       every fixture row the probe may copy, keyed by table and id (read by the reporting role)
     */
    IsolationProbe(Connection connection, TenantContext contexts, boolean savepoints, Map<String, Map<UUID, Record>> rows) {
        this.contexts = contexts;
        this.connection = connection;
        this.dsl = DSL.using(connection, SQLDialect.POSTGRES);
        this.savepoints = savepoints;
        this.rows = rows;
    }

    long statementsRun() {
        return statements;
    }

    /** The application schema's tables, from the live catalog, with the app role's privileges. */
    static List<TableInfo> discover(Connection connection) throws SQLException {
        List<TableInfo> tables = new ArrayList<>();
        for (var row : Catalog.query(connection, """
                        SELECT c.relname,
                               EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'clinic_id'),
                               has_table_privilege(?, c.oid, 'SELECT'),
                               has_table_privilege(?, c.oid, 'INSERT'),
                               has_table_privilege(?, c.oid, 'UPDATE') OR has_any_column_privilege(?, c.oid, 'UPDATE'),
                               has_table_privilege(?, c.oid, 'DELETE'),
                               (SELECT a.attname::text FROM pg_attribute a
                                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                   AND has_column_privilege(?, c.oid, a.attnum, 'UPDATE')
                                 ORDER BY a.attnum LIMIT 1),
                               (SELECT string_agg(a.attname::text, ',') FROM pg_attribute a
                                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                   AND a.attgenerated <> '')
                          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
                         ORDER BY c.relname
                        """,
                rs -> new Object[] {rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
                        rs.getBoolean(5), rs.getBoolean(6), rs.getString(7), rs.getString(8)},
                DatabaseRoles.APP, DatabaseRoles.APP, DatabaseRoles.APP, DatabaseRoles.APP, DatabaseRoles.APP,
                DatabaseRoles.APP, DatabaseRoles.APP_SCHEMA)) {
            String name = (String) row[0];
            Table<?> table = Santkrupa.SANTKRUPA.getTable(name);
            if (table == null) {
                throw new IllegalStateException("table " + name + " has no jOOQ class: regenerate (jooq-codegen/README.md)");
            }
            boolean tenant = (Boolean) row[1];
            String updatable = (String) row[6];
            @SuppressWarnings("unchecked")
            Field<Object> updatableField = updatable == null ? null : (Field<Object>) table.field(updatable);
            List<Field<?>> generated = row[7] == null ? List.of()
                    : java.util.Arrays.stream(((String) row[7]).split(",")).<Field<?>>map(table::field).toList();
            tables.add(new TableInfo(name, table, table.field("id", UUID.class),
                    table.field(tenant ? "clinic_id" : "id", UUID.class), updatableField,
                    (Boolean) row[2], (Boolean) row[3], (Boolean) row[4], (Boolean) row[5], generated));
        }
        return tables;
    }

    /**
     * Reads the fixture rows of every table, whole (secret columns included), for the probes to
     * copy: test set-up, so through the superuser; no assertion is made on this connection.
     */
    static Map<String, Map<UUID, Record>> fixtureRows(Connection superuser, List<TableInfo> tables, List<Clinic> clinics) {
        DSLContext dsl = DSL.using(superuser, SQLDialect.POSTGRES);
        Map<String, Map<UUID, Record>> rows = new LinkedHashMap<>();
        for (TableInfo table : tables) {
            Map<UUID, Record> byId = new LinkedHashMap<>();
            for (Clinic clinic : clinics) {
                UUID id = clinic.row(table.name());
                Record record = dsl.selectFrom(table.table()).where(table.id().eq(id)).fetchOne();
                if (record == null) {
                    throw new IllegalStateException("fixture row " + table.name() + "/" + id + " not found");
                }
                byId.put(id, record);
            }
            rows.put(table.name(), byId);
        }
        return rows;
    }

    /** The app role with a clinic set: the other clinic is invisible and untouchable; its own rows work. */
    List<String> appWithClinic(TableInfo t, Context context, Clinic other) {
        List<String> problems = new ArrayList<>();
        Clinic own = context.clinic();
        UUID ownRow = own.row(t.name());
        UUID otherRow = other.row(t.name());
        String where = t.name() + " [" + context.label() + "]: ";

        if (t.canSelect()) {
            expectRows(problems, where + "rows of the other clinic visible",
                    run(context, tx -> tx.selectCount().from(t.table()).where(t.tenantColumn().eq(other.id().value())).fetchOne(0, int.class)), 0, other);
            expectRows(problems, where + "rows of any other clinic visible",
                    run(context, tx -> tx.selectCount().from(t.table()).where(t.tenantColumn().ne(own.id().value())).fetchOne(0, int.class)), 0, other);
            expectRows(problems, where + "the other clinic's row found by id",
                    run(context, tx -> tx.selectCount().from(t.table()).where(t.id().eq(otherRow)).fetchOne(0, int.class)), 0, other);
            Outcome ownVisible = run(context, tx -> tx.selectCount().from(t.table()).where(t.tenantColumn().eq(own.id().value())).fetchOne(0, int.class));
            if (ownVisible.failed() || ownVisible.rows() < 1) {
                problems.add(where + "own rows not visible (" + describe(ownVisible) + ")");
            }
            expectRows(problems, where + "own row not found by id",
                    run(context, tx -> tx.selectCount().from(t.table()).where(t.id().eq(ownRow)).fetchOne(0, int.class)), 1, other);
        } else {
            expectRejected(problems, where + "SELECT without privilege",
                    run(context, tx -> tx.selectCount().from(t.table()).fetchOne(0, int.class)), other);
        }

        if (t.updatableColumn() != null) {
            expectZeroOrRejected(problems, where + "the other clinic's row updated",
                    run(context, tx -> tx.update(t.table()).set(selfAssignment(t)).where(t.id().eq(otherRow)).execute()), other);
            if (t.canSelect()) {
                expectRows(problems, where + "own row not updatable",
                        run(context, tx -> tx.update(t.table()).set(selfAssignment(t)).where(t.id().eq(ownRow)).execute()), 1, other);
            }
        }
        if (t.canUpdate()) {
            expectRejected(problems, where + "own row moved to the other clinic",
                    run(context, tx -> tx.update(t.table()).set(t.tenantColumn(), other.id().value()).where(t.id().eq(ownRow)).execute()), other);
        }

        expectZeroOrRejected(problems, where + "the other clinic's row deleted",
                run(context, tx -> tx.deleteFrom(t.table()).where(t.id().eq(otherRow)).execute()), other);
        if (t.canDelete() && t.canSelect()) {
            Outcome ownDelete = run(context, tx -> tx.deleteFrom(t.table()).where(t.id().eq(ownRow)).execute());
            boolean admitted = ownDelete.rows() == 1 || "23503".equals(ownDelete.sqlState());
            if (!admitted) {
                problems.add(where + "own row not deletable (" + describe(ownDelete) + ")");
            }
        }

        expectRejected(problems, where + "row inserted into the other clinic",
                run(context, tx -> insertCopy(tx, t, otherRow)), other);
        if (t.canInsert()) {
            Outcome ownInsert = run(context, tx -> insertCopy(tx, t, ownRow));
            if (ownInsert.rlsRejected()) {
                problems.add(where + "own row not insertable (" + describe(ownInsert) + ")");
            }
        }
        return problems;
    }

    /** The app role with no valid clinic (unset, '' or malformed): sees nothing, writes nothing. */
    List<String> appWithoutClinic(TableInfo t, Context context, Clinic someClinic) {
        List<String> problems = new ArrayList<>();
        UUID row = someClinic.row(t.name());
        String where = t.name() + " [" + context.label() + "]: ";
        if (t.canSelect()) {
            expectRows(problems, where + "rows visible",
                    run(context, tx -> tx.selectCount().from(t.table()).fetchOne(0, int.class)), 0, someClinic);
            expectRows(problems, where + "row found by id",
                    run(context, tx -> tx.selectCount().from(t.table()).where(t.id().eq(row)).fetchOne(0, int.class)), 0, someClinic);
        }
        if (t.updatableColumn() != null) {
            expectZeroOrRejected(problems, where + "row updated",
                    run(context, tx -> tx.update(t.table()).set(selfAssignment(t)).where(t.id().eq(row)).execute()), someClinic);
        }
        expectZeroOrRejected(problems, where + "row deleted",
                run(context, tx -> tx.deleteFrom(t.table()).where(t.id().eq(row)).execute()), someClinic);
        expectRejected(problems, where + "row inserted",
                run(context, tx -> insertCopy(tx, t, row)), someClinic);
        return problems;
    }

    /** The reporting role: reads every clinic's rows, writes nothing. */
    List<String> reporting(TableInfo t, List<Clinic> clinics) {
        List<String> problems = new ArrayList<>();
        Context none = Context.none();
        for (Clinic clinic : clinics) {
            UUID row = clinic.row(t.name());
            String where = t.name() + " [reporting, " + clinic.slug() + "]: ";
            expectRows(problems, where + "row not readable",
                    run(none, tx -> tx.selectCount().from(t.table()).where(t.id().eq(row)).fetchOne(0, int.class)), 1, null);
            expectRejected(problems, where + "row inserted", run(none, tx -> insertCopy(tx, t, row)), null);
            if (t.updatableColumn() != null) {
                expectRejected(problems, where + "row updated",
                        run(none, tx -> tx.update(t.table()).set(selfAssignment(t)).where(t.id().eq(row)).execute()), null);
            }
            expectRejected(problems, where + "row deleted",
                    run(none, tx -> tx.deleteFrom(t.table()).where(t.id().eq(row)).execute()), null);
        }
        expectRejected(problems, t.name() + " [reporting]: truncated",
                run(none, tx -> tx.truncate(t.table()).execute()), null);
        return problems;
    }

    /**
     * The platform role: reads every clinic's registry row, its own administrators, sessions,
     * recovery codes and audit trail (append-only), and reaches no clinic's records -- not even
     * with a clinic context it sets itself.
     */
    List<String> platform(String table, List<Clinic> clinics) {
        List<String> problems = new ArrayList<>();
        Context none = Context.none();
        String where = table + " [platform]: ";
        List<UUID> ids = clinics.stream().map(c -> c.row(table)).toList();
        switch (table) {
            case "clinic" -> {
                expectRows(problems, where + "clinics not all visible",
                        run(none, tx -> tx.selectCount().from(Tables.CLINIC).where(Tables.CLINIC.ID.in(ids)).fetchOne(0, int.class)),
                        ids.size(), null);
                expectRejected(problems, where + "registry changed directly", run(none, tx -> tx.update(Tables.CLINIC)
                        .set(Tables.CLINIC.SUBSCRIPTION_STATUS, "active").where(Tables.CLINIC.ID.in(ids)).execute()), null);
            }
            case "platform_admin" -> expectRows(problems, where + "administrators not visible",
                    run(none, tx -> tx.selectCount().from(PLATFORM_ADMIN)
                            .where(PLATFORM_ADMIN.ID.in(ids)).fetchOne(0, int.class)), ids.size(), null);
            case "platform_session" -> expectRows(problems, where + "sessions not visible",
                    run(none, tx -> tx.selectCount().from(PLATFORM_SESSION)
                            .where(PLATFORM_SESSION.ID.in(ids)).fetchOne(0, int.class)), ids.size(), null);
            case "platform_recovery_code" -> expectRows(problems, where + "recovery codes not visible",
                    run(none, tx -> tx.selectCount().from(PLATFORM_RECOVERY_CODE)
                            .where(PLATFORM_RECOVERY_CODE.ID.in(ids)).fetchOne(0, int.class)), ids.size(), null);
            case "platform_audit_event" -> {
                expectRows(problems, where + "events not visible",
                        run(none, tx -> tx.selectCount().from(PLATFORM_AUDIT_EVENT)
                                .where(PLATFORM_AUDIT_EVENT.ID.in(ids)).fetchOne(0, int.class)), ids.size(), null);
                expectRows(problems, where + "cannot append an event", run(none, tx -> tx.insertInto(PLATFORM_AUDIT_EVENT)
                        .set(PLATFORM_AUDIT_EVENT.ID, Ids.newId()).set(PLATFORM_AUDIT_EVENT.ACTOR, "probe")
                        .set(PLATFORM_AUDIT_EVENT.ACTION, "probe.append").execute()), 1, null);
                expectRejected(problems, where + "event changed", run(none, tx -> tx.update(PLATFORM_AUDIT_EVENT)
                        .set(PLATFORM_AUDIT_EVENT.DETAIL, "rewritten").where(PLATFORM_AUDIT_EVENT.ID.in(ids)).execute()), null);
                expectRejected(problems, where + "event deleted", run(none, tx -> tx.deleteFrom(PLATFORM_AUDIT_EVENT)
                        .where(PLATFORM_AUDIT_EVENT.ID.in(ids)).execute()), null);
                expectRejected(problems, where + "trail truncated",
                        run(none, tx -> tx.truncate(PLATFORM_AUDIT_EVENT).execute()), null);
            }
            case "app_user" -> {
                // the review's attack: take an existing clinic's context, plant an administrator
                Clinic clinic = clinics.getFirst();
                Context inClinic = Context.of(clinic, "context of " + clinic.slug());
                expectRejected(problems, where + "planted a clinic admin in an existing clinic",
                        run(inClinic, tx -> insertUser(tx, clinic, "clinic_admin")), null);
                expectRejected(problems, where + "read users",
                        run(inClinic, tx -> tx.selectCount().from(Tables.APP_USER).fetchOne(0, int.class)), null);
            }
            default -> throw new IllegalArgumentException("no platform probe for table " + table);
        }
        return problems;
    }

    /**
     * The owner's policies exist for its SECURITY DEFINER functions alone: the slug lookup, and
     * the platform's provisioning, subscription, limits and usage functions (V034). Each must work
     * -- on a clinic provisioned inside the probe's own rolled-back transaction, and on
     * {@code existing} -- so that dropping any of those policies is noticed.
     */
    List<String> ownerFunctions(Clinic existing) {
        List<String> problems = new ArrayList<>(resolveClinic(existing));
        Context none = Context.none();
        Outcome provisioned = run(none, tx -> {
            UUID clinic = provision(tx);
            Routines.reissueAdminInvitation(tx.configuration(), clinic, Ids.newId(), randomHash(),
                    java.time.OffsetDateTime.now().plusDays(1), Ids.newId(), "probe");
            return tx.selectCount().from(CLINIC_USAGE(new UUID[] {clinic}))
                    .where(CLINIC_USAGE.ADMIN_LINK_PENDING.isTrue()).fetchOne(0, int.class);
        });
        if (provisioned.failed() || provisioned.rows() != 1) {
            problems.add("provision_clinic, reissue_admin_invitation (expected a clinic awaiting its admin, got "
                    + describe(provisioned) + ")");
        }
        Outcome changed = run(none, tx -> {
            int version = tx.select(Tables.CLINIC.VERSION).from(Tables.CLINIC).where(Tables.CLINIC.ID.eq(existing.id().value()))
                    .fetchSingle(Tables.CLINIC.VERSION);
            String before = Routines.changeClinicSubscription(tx.configuration(), existing.id().value(), version, "active",
                    null, "probe", Ids.newId(), Ids.newId(), "probe");
            Routines.changeClinicLimits(tx.configuration(), existing.id().value(), version + 1, 1, 2, 3, "probe",
                    Ids.newId(), Ids.newId(), "probe");
            return before == null ? 0 : tx.selectCount().from(CLINIC_USAGE(new UUID[] {existing.id().value()}))
                    .where(CLINIC_USAGE.PATIENTS.ge(1L), CLINIC_USAGE.ACTIVE_STAFF.ge(1L),
                            CLINIC_USAGE.VISITS.ge(1L), CLINIC_USAGE.STORAGE_BYTES.ge(1L))
                    .fetchOne(0, int.class);
        });
        if (changed.failed() || changed.rows() != 1) {
            problems.add("change_clinic_subscription, change_clinic_limits, clinic_usage (expected the change and every "
                    + "count of " + existing.slug() + ", got " + describe(changed) + ")");
        }
        return problems;
    }

    /** A new clinic through provision_clinic, as the platform onboards one; its id. */
    private static UUID provision(DSLContext tx) {
        UUID clinic = Ids.newId();
        String suffix = clinic.toString().substring(24);
        Routines.provisionClinic(tx.configuration(), clinic, "probe-" + suffix, "P" + suffix.substring(0, 10).toUpperCase(),
                "Probe Clinic", "", "", "", "", "", "", "", "REG-PROBE-" + suffix, "Asia/Kolkata", "IN", "trial", null, 1, 1, 1,
                Ids.newId(), "admin", "Probe Admin", "", Ids.newId(), randomHash(), java.time.OffsetDateTime.now().plusDays(1),
                Ids.newId(), Ids.newId(), "probe", "probe");
        return clinic;
    }

    private static byte[] randomHash() {
        byte[] hash = new byte[32];
        new java.security.SecureRandom().nextBytes(hash);
        return hash;
    }

    /** The slug lookup (SECURITY DEFINER, owned by the owner) finds a clinic before any context is set. */
    List<String> resolveClinic(Clinic clinic) {
        List<String> problems = new ArrayList<>();
        Outcome outcome = run(Context.none(), tx -> tx.selectFrom(Tables.RESOLVE_CLINIC(clinic.slug()))
                .fetch(Tables.RESOLVE_CLINIC.CLINIC_ID));
        if (outcome.failed() || !List.of(clinic.id().value()).equals(outcome.value())) {
            problems.add("resolve_clinic(" + clinic.slug() + ") (expected its id, got " + describe(outcome) + ")");
        }
        return problems;
    }

    private static int insertUser(DSLContext tx, Clinic clinic, String role) {
        UUID id = Ids.newId();
        return tx.insertInto(Tables.APP_USER)
                .set(Tables.APP_USER.CLINIC_ID, clinic.id().value())
                .set(Tables.APP_USER.ID, id)
                .set(Tables.APP_USER.USERNAME, "probe-" + id.toString().substring(24))
                .set(Tables.APP_USER.PASSWORD_HASH, "not-a-real-hash")
                .set(Tables.APP_USER.ROLE, role)
                .set(Tables.APP_USER.FULL_NAME, "Probe")
                .execute();
    }

    /** Runs one probe statement in its own transaction or savepoint, rolled back whatever happens. */
    private <T> Outcome run(Context context, Function<DSLContext, T> statement) {
        statements++;
        Savepoint savepoint = null;
        try {
            if (savepoints) {
                savepoint = connection.setSavepoint();
            }
            if (context.hasClinic()) {
                TenantTransactions.setContext(dsl, contexts.issue(context.clinic().id())).execute();
            } else if (context.setting() != null) {
                dsl.select(DSL.function(DSL.name("pg_catalog", "set_config"), String.class,
                        DSL.val(context.setting()), DSL.val(context.value()), DSL.inline(true))).fetch();
            }
            return new Outcome(statement.apply(dsl), null, null);
        } catch (DataAccessException e) {
            return new Outcome(null, e.sqlState(), e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                if (savepoint != null) {
                    connection.rollback(savepoint);
                } else if (!savepoints) {
                    connection.rollback();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not roll back a probe", e);
            }
        }
    }

    /** {@code SET col = col}: an update that changes nothing but must still pass the policies. */
    private static Map<Field<?>, Field<?>> selfAssignment(TableInfo t) {
        return Map.of(t.updatableColumn(), t.updatableColumn());
    }

    private int insertCopy(DSLContext tx, TableInfo t, UUID sourceId) {
        Record source = rows.get(t.name()).get(sourceId);
        Record copy = tx.newRecord(t.table());
        copy.from(source);
        copy.set(t.id(), Ids.newId());
        t.generatedColumns().forEach(column -> copy.changed(column, false));
        return tx.insertInto(t.table()).set(copy).execute();
    }

    private static void expectRows(List<String> problems, String what, Outcome outcome, int expected, Clinic foreign) {
        if (outcome.failed() || outcome.rows() != expected) {
            problems.add(what + " (expected " + expected + ", got " + describe(outcome) + ")");
        }
        noForeignValues(problems, what, outcome, foreign);
    }

    private static void expectZeroOrRejected(List<String> problems, String what, Outcome outcome, Clinic foreign) {
        if (!(outcome.rlsRejected() || (!outcome.failed() && outcome.rows() == 0))) {
            problems.add(what + " (" + describe(outcome) + ")");
        }
        noForeignValues(problems, what, outcome, foreign);
    }

    private static void expectRejected(List<String> problems, String what, Outcome outcome, Clinic foreign) {
        if (!outcome.rlsRejected()) {
            problems.add(what + " (expected SQLSTATE 42501, got " + describe(outcome) + ")");
        }
        noForeignValues(problems, what, outcome, foreign);
    }

    /** An error must never carry another clinic's values (no existence oracle through messages). */
    private static void noForeignValues(List<String> problems, String what, Outcome outcome, Clinic foreign) {
        if (foreign == null || outcome.message() == null) {
            return;
        }
        for (UUID id : foreign.rows().values()) {
            if (outcome.message().contains(id.toString())) {
                problems.add(what + ": error message reveals another clinic's id " + id);
            }
        }
    }

    private static String describe(Outcome outcome) {
        return outcome.failed() ? "SQLSTATE " + outcome.sqlState() : String.valueOf(outcome.value());
    }
}
