package io.santkrupa.db;

import com.zaxxer.hikari.HikariDataSource;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pool contamination (issue 12's adversarial suite): a pool of two connections serves thousands of
 * interleaved transactions of three clinics from four threads, with failures injected the ways a
 * request can fail -- an exception after a write, an SQL error, a statement cut off by its timeout,
 * SQL that makes the clinic context session-wide -- and every statement is run often enough to be
 * past the driver's prepare threshold (server-side prepared plans). Every transaction checks that it
 * sees its own clinic and nothing else, and that what a failed transaction wrote is gone. After
 * the failures a request can have, every connection handed back by the pool carries no clinic.
 * SQL made session-wide is another matter: the context then stays on that connection (as its own
 * clinic's, and only until 30 seconds after it was issued) -- but every tenant transaction sets its
 * own with SET LOCAL, which wins, and nothing else runs on the app pool, so the next transaction
 * still sees only its clinic (db/README.md, "what it stops and what it does not").
 *
 * <p>The count is {@code -Dadversarial=long} 10,000 transactions, else 1,500.
 */
@ExtendWith(TestDatabaseExtension.class)
class PoolContaminationTest {

    enum Kind { READ, WRITE_THEN_THROW, SQL_ERROR, STATEMENT_TIMEOUT, SESSION_WIDE_CONTEXT }

    @Test
    void interleaved_clinics_with_injected_failures_never_see_each_other_and_leave_no_clinic(TestDatabase db)
            throws Exception {
        load(db, io.santkrupa.adversarial.Adversarial.isLong() ? 10_000 : 1_500, false);
    }

    @Test
    void a_context_made_session_wide_by_injected_sql_never_reaches_another_clinics_transaction(TestDatabase db)
            throws Exception {
        load(db, io.santkrupa.adversarial.Adversarial.isLong() ? 10_000 : 1_500, true);
    }

    private static void load(TestDatabase db, int transactions, boolean sessionWide) throws Exception {
        var report = new io.santkrupa.adversarial.AdversarialReport(sessionWide ? "pool-session-wide" : "pool",
                "Pool contamination" + (sessionWide ? ", with the context made session-wide by injected SQL" : ""));
        List<Clinic> clinics = List.of(ClinicFixture.create(db), ClinicFixture.create(db), ClinicFixture.create(db));
        SessionLimits quick = new SessionLimits(Duration.ofMillis(150), Duration.ofSeconds(1), Duration.ofSeconds(10));
        Map<Kind, AtomicInteger> counts = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            counts.put(kind, new AtomicInteger());
        }
        ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
        try (HikariDataSource pool = Pools.app(db.config(), 2, quick)) {
            TenantTransactions tenants = new TenantTransactions(pool, db.contexts());
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < 4; t++) {
                long seed = 1_000 + t;
                done.add(threads.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    while (next.getAndIncrement() < transactions) {
                        Clinic clinic = clinics.get(random.nextInt(clinics.size()));
                        Kind kind = pick(random, sessionWide);
                        counts.get(kind).incrementAndGet();
                        String problem = run(tenants, clinic, kind);
                        if (problem != null) {
                            leaks.add(kind + " in " + clinic.slug() + ": " + problem);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            threads.shutdown();
            // what every connection carries once handed back: the pool has two, borrow both at once
            try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
                for (Connection c : sessionWide ? List.<Connection>of() : List.of(first, second)) {
                    assertThat(scalar(c, "SELECT santkrupa.current_clinic_id()::text")).as("clinic on a returned connection").isNull();
                    assertThat(scalar(c, "SELECT count(*)::text FROM santkrupa.patient")).isEqualTo("0");
                }
            }
        }
        assertThat(leaks).as("transactions that saw another clinic or kept a failed write").isEmpty();
        assertThat(counts.entrySet()).allSatisfy(n -> assertThat(n.getValue().get())
                .isGreaterThan(n.getKey() == Kind.SESSION_WIDE_CONTEXT && !sessionWide ? -1 : transactions / 20));
        counts.forEach((kind, n) -> report.requests(kind.name().toLowerCase().replace('_', ' '), n.get()));
        report.figure("connections in the pool", 2);
        report.figure("transactions that saw another clinic or kept a rolled-back write", leaks.size());
        report.write();
    }

    private static Kind pick(SplittableRandom random, boolean sessionWide) {
        int r = random.nextInt(sessionWide ? 100 : 92);
        if (r < 60) return Kind.READ;
        if (r < 75) return Kind.WRITE_THEN_THROW;
        if (r < 85) return Kind.SQL_ERROR;
        if (r < 92) return Kind.STATEMENT_TIMEOUT;
        return Kind.SESSION_WIDE_CONTEXT;
    }

    /** One transaction of {@code kind}; null when it saw only its own clinic and left nothing it should not. */
    private static String run(TenantTransactions tenants, Clinic clinic, Kind kind) {
        UUID own = clinic.id().value();
        String marker = "contaminated " + UUID.randomUUID();
        try {
            String seen = tenants.inClinic(clinic.id(), tx -> {
                String problem = ownClinicOnly(tx, own);
                if (problem != null) {
                    return problem;
                }
                switch (kind) {
                    case READ -> {
                    }
                    case WRITE_THEN_THROW -> {
                        tx.update(PATIENT).set(PATIENT.ALLERGIES, marker).where(PATIENT.CLINIC_ID.eq(own)).execute();
                        throw new IllegalStateException("the handler failed after a write");
                    }
                    case SQL_ERROR -> tx.fetch("SELECT 1 / (SELECT count(*) - count(*) FROM santkrupa.patient)");
                    case STATEMENT_TIMEOUT -> tx.fetch("SELECT pg_catalog.pg_sleep(1)");
                    // what an injection could run: the context set for the session, not the transaction
                    case SESSION_WIDE_CONTEXT -> tx.fetch(
                            "SELECT pg_catalog.set_config('app.clinic_context', pg_catalog.current_setting('app.clinic_context'), false)");
                }
                return null;
            });
            if (seen != null) {
                return seen;
            }
        } catch (DataAccessException | IllegalStateException expected) {
            boolean meant = switch (kind) {
                case WRITE_THEN_THROW -> expected instanceof IllegalStateException;
                case SQL_ERROR -> expected instanceof DataAccessException e && "22012".equals(e.sqlState());
                case STATEMENT_TIMEOUT -> expected instanceof DataAccessException e && "57014".equals(e.sqlState());
                default -> false;
            };
            if (!meant) {
                return "unexpected failure " + expected;
            }
        }
        if (kind == Kind.WRITE_THEN_THROW) {
            int kept = tenants.inClinic(clinic.id(), tx -> tx.fetchCount(PATIENT, PATIENT.ALLERGIES.eq(marker)));
            if (kept != 0) {
                return kept + " rows of a rolled-back write are still there";
            }
        }
        return null;
    }

    private static String ownClinicOnly(org.jooq.DSLContext tx, UUID own) {
        UUID context = tx.fetchSingle("SELECT santkrupa.current_clinic_id()").get(0, UUID.class);
        if (!own.equals(context)) {
            return "current_clinic_id() is " + context;
        }
        List<UUID> clinicsSeen = tx.selectDistinct(PATIENT.CLINIC_ID).from(PATIENT).fetch(PATIENT.CLINIC_ID);
        if (!clinicsSeen.equals(List.of(own))) {
            return "patients of " + clinicsSeen + " visible";
        }
        return null;
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
