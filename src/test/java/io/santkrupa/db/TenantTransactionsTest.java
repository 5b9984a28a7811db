package io.santkrupa.db;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tenant transaction binds the clinic for exactly one transaction: on a pool of one
 * connection, what one call set is never seen by the next, whether it committed or failed.
 */
@ExtendWith(TestDatabaseExtension.class)
class TenantTransactionsTest {

    private static HikariDataSource pool;
    private static TenantTransactions tenants;
    private static TenantContext contexts;
    private static Clinic clinicA;
    private static Clinic clinicB;

    @BeforeAll
    static void onePooledConnection(TestDatabase db) {
        pool = db.newAppPool(1);
        contexts = db.contexts();
        tenants = new TenantTransactions(pool, contexts);
        clinicA = ClinicFixture.create(db);
        clinicB = ClinicFixture.create(db);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void the_body_runs_with_the_clinic_set() {
        String setting = tenants.inClinic(clinicA.id(), TenantTransactionsTest::currentSetting);
        assertThat(setting).startsWith(clinicA.id() + ".");
        String clinic = tenants.inClinic(clinicA.id(), tx -> tx.fetchSingle("SELECT santkrupa.current_clinic_id()::text")
                .get(0, String.class));
        assertThat(clinic).isEqualTo(clinicA.id().toString());
    }

    @Test
    void the_pooled_connection_carries_no_clinic_after_a_commit() throws SQLException {
        tenants.inClinic(clinicA.id(), tx -> tx.fetchCount(PATIENT));
        assertThat(settingOnThePooledConnection()).isNullOrEmpty();
    }

    @Test
    void the_pooled_connection_carries_no_clinic_after_a_failure() throws SQLException {
        assertThatThrownBy(() -> tenants.inClinic(clinicA.id(), tx -> {
            throw new IllegalStateException("the handler failed");
        })).hasMessage("the handler failed");
        assertThat(settingOnThePooledConnection()).isNullOrEmpty();
    }

    @Test
    void a_failure_rolls_back_every_write_of_the_transaction() {
        UUID medicine = Ids.newId();
        assertThatThrownBy(() -> tenants.inClinic(clinicA.id(), tx -> {
            tx.insertInto(MEDICINE).set(MEDICINE.CLINIC_ID, clinicA.id().value()).set(MEDICINE.ID, medicine)
                    .set(MEDICINE.NAME, "Half-written " + medicine).execute();
            throw new IllegalStateException("after the insert");
        })).isInstanceOf(IllegalStateException.class);
        int found = tenants.inClinic(clinicA.id(), tx -> tx.fetchCount(MEDICINE, MEDICINE.ID.eq(medicine)));
        assertThat(found).isZero();
    }

    @Test
    void alternating_clinics_on_one_connection_each_see_only_their_own_rows() {
        for (int i = 0; i < 8; i++) {
            Clinic clinic = i % 2 == 0 ? clinicA : clinicB;
            Clinic other = i % 2 == 0 ? clinicB : clinicA;
            var codes = tenants.inClinic(clinic.id(), tx -> tx.select(PATIENT.CODE).from(PATIENT).fetch(PATIENT.CODE));
            assertThat(codes).isNotEmpty().allMatch(code -> code.startsWith("PT-" + clinic.code() + "-"));
            int foreign = tenants.inClinic(clinic.id(), tx -> tx.fetchCount(PATIENT, PATIENT.ID.eq(other.row("patient"))));
            assertThat(foreign).isZero();
        }
    }

    @Test
    void deferred_checks_run_first_in_the_next_transaction_of_their_clinic_and_a_refusal_stops_its_work() {
        List<String> ran = new java.util.ArrayList<>();
        org.jooq.Field<String> context = DSL.function("current_setting", String.class, DSL.inline(TenantContext.SETTING));
        tenants.deferCheck(clinicA.id(), context, seen -> ran.add("status " + seen.startsWith(clinicA.id() + ".")));
        tenants.deferCheck(clinicA.id(), DSL.inline(true), seen -> ran.add("account " + seen));
        tenants.readInClinic(clinicA.id(), tx -> ran.add("work"));
        tenants.readInClinic(clinicA.id(), tx -> ran.add("next work"));
        assertThat(ran).containsExactly("status true", "account true", "work", "next work");

        tenants.deferCheck(clinicA.id(), DSL.inline(1), seen -> {
            throw new IllegalStateException("refused");
        });
        assertThatThrownBy(() -> tenants.inClinic(clinicA.id(), tx -> ran.add("refused work"))).hasMessage("refused");
        assertThat(ran).as("the work never ran").doesNotContain("refused work");
        assertThatThrownBy(() -> {
            tenants.deferCheck(clinicA.id(), DSL.inline(1), seen -> ran.add("check of A"));
            tenants.readInClinic(clinicB.id(), tx -> ran.add("work in B"));
        }).as("a request of one clinic never works unchecked in another").isInstanceOf(IllegalStateException.class);
        assertThat(ran).doesNotContain("check of A", "work in B");
    }

    /** A request's checks (its clinic's status, its token's account) cost it one statement, not one each. */
    @Test
    void every_deferred_check_of_a_request_is_read_by_one_statement() {
        List<String> statements = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        TenantTransactions counted = new TenantTransactions(pool, contexts, new org.jooq.ExecuteListener() {
            @Override
            public void executeStart(org.jooq.ExecuteContext ctx) {
                statements.add(ctx.sql());
            }
        });
        List<Object> judged = new java.util.ArrayList<>();
        counted.deferCheck(clinicA.id(), DSL.field(DSL.select(PATIENT.CODE).from(PATIENT).where(PATIENT.ID.eq(clinicA.row("patient")))),
                judged::add);
        counted.deferCheck(clinicA.id(), DSL.field(DSL.exists(DSL.selectOne().from(PATIENT).where(PATIENT.ID.eq(clinicB.row("patient"))))),
                judged::add);
        counted.deferCheck(clinicA.id(), DSL.inline(7), judged::add);
        counted.readInClinic(clinicA.id(), tx -> null);
        assertThat(judged).as("each judged what it read, in order; another clinic's row unseen")
                .containsExactly(tenants.readInClinic(clinicA.id(), tx -> tx.select(PATIENT.CODE).from(PATIENT)
                        .where(PATIENT.ID.eq(clinicA.row("patient"))).fetchOne(PATIENT.CODE)), false, 7);
        assertThat(statements).as(statements.toString()).hasSize(2); // the context (one batch), then the checks
        assertThat(statements.get(1)).startsWith("select (select");
    }

    @Test
    void a_transaction_that_gets_no_connection_leaves_no_deferred_check_to_wait_for_again() throws SQLException {
        try (Connection held = pool.getConnection()) { // the pool's only connection
            List<String> ran = new java.util.ArrayList<>();
            tenants.deferCheck(clinicA.id(), DSL.inline(1), seen -> ran.add("check"));
            assertThatThrownBy(() -> tenants.readInClinic(clinicA.id(), tx -> 1)).isInstanceOf(RuntimeException.class);
            // a second wait for a connection would throw here, after the pool's timeout again
            tenants.settleDeferredCheck();
            assertThat(ran).isEmpty();
        }
    }

    /**
     * jOOQ's own transactions read the connection's isolation level first: with pgjdbc a
     * SHOW TRANSACTION ISOLATION LEVEL round trip -- and a transaction of the database's -- before
     * each of ours (the statement log showed two transactions per API read). Ours ask the driver
     * for nothing but autocommit off, the statements, one commit.
     */
    @Test
    void a_transaction_costs_no_round_trip_beyond_its_statements_and_its_commit() {
        List<String> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        javax.sql.DataSource recording = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(pool, method, args);
                    return result instanceof Connection connection ? recorded(connection, calls) : result;
                });
        TenantTransactions transactions = new TenantTransactions(recording, contexts);
        transactions.readInClinic(clinicA.id(), tx -> tx.fetchCount(PATIENT));
        transactions.inClinic(clinicA.id(), tx -> tx.fetchCount(PATIENT));
        assertThat(calls).doesNotContain("getTransactionIsolation", "setTransactionIsolation", "setReadOnly",
                "setSavepoint");
        assertThat(calls.stream().filter("commit"::equals)).as(calls.toString()).hasSize(2);
        assertThat(calls.stream().filter("rollback"::equals)).isEmpty();
    }

    private static Connection recorded(Connection connection, List<String> calls) {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(TenantTransactionsTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return invoke(connection, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void the_readiness_check_says_yes_with_the_database_and_no_without_it() {
        assertThat(tenants.databaseReachable()).isTrue();
        HikariConfig nowhere = new HikariConfig();
        nowhere.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/santkrupa"); // nothing listens on port 1
        nowhere.setConnectionTimeout(250);
        nowhere.setInitializationFailTimeout(-1);
        try (HikariDataSource unreachable = new HikariDataSource(nowhere)) {
            assertThat(new TenantTransactions(unreachable, contexts).databaseReachable()).isFalse();
        }
    }

    @Test
    void no_statement_reaches_the_log_with_its_values_even_at_debug() {
        // jOOQ's execute logging writes each statement with its bind values inlined: a patient's name
        String name = "Zz-Logged-" + UUID.randomUUID();
        // built here, not in the class setup: PIT counts only what a test method runs as its coverage
        TenantTransactions transactions = new TenantTransactions(pool, contexts);
        List<String> logged = jooqDebugLog(() -> {
            transactions.inClinic(clinicA.id(), tx -> tx.fetchCount(PATIENT, PATIENT.FIRST_NAME.eq(name)));
            transactions.readInClinic(clinicA.id(), tx -> tx.fetchCount(PATIENT, PATIENT.FIRST_NAME.eq(name)));
        });
        assertThat(logged).noneMatch(line -> line.contains(name));

        // the capture itself works: jOOQ's defaults would have logged the name
        List<String> byDefault = jooqDebugLog(() -> DSL.using(pool, SQLDialect.POSTGRES)
                .fetchCount(PATIENT, PATIENT.FIRST_NAME.eq(name)));
        assertThat(byDefault).anyMatch(line -> line.contains(name));
    }

    /** What jOOQ logs while {@code work} runs with its loggers at DEBUG. */
    private static List<String> jooqDebugLog(Runnable work) {
        Logger jooq = (Logger) LoggerFactory.getLogger("org.jooq");
        Level level = jooq.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        jooq.addAppender(appender);
        jooq.setLevel(Level.DEBUG);
        try {
            work.run();
        } finally {
            jooq.setLevel(level);
            jooq.detachAppender(appender);
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static String currentSetting(DSLContext tx) {
        return tx.fetchSingle("SELECT current_setting('app.clinic_context', true)").get(0, String.class);
    }

    /** Borrows the pool's only connection outside any tenant transaction. */
    private static String settingOnThePooledConnection() throws SQLException {
        try (Connection connection = pool.getConnection()) {
            return currentSetting(DSL.using(connection, SQLDialect.POSTGRES));
        }
    }
}
