package io.santkrupa.db;

import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The clinic context the application issues is the only one the database accepts: its MAC, its
 * key, its time window; and the one statement that carries it as a literal refuses anything that
 * is not a context.
 */
@ExtendWith(TestDatabaseExtension.class)
class TenantContextTest {

    private static TestDatabase db;
    private static Clinic clinic;

    @BeforeAll
    static void aClinic(TestDatabase database) {
        db = database;
        clinic = ClinicFixture.create(db);
    }

    @Test
    void the_database_accepts_the_context_the_application_issued() {
        assertThat(seenWith(db.contexts().issue(clinic.id()))).isEqualTo(clinic.id().value());
    }

    @Test
    void a_context_issued_with_another_key_is_refused() {
        byte[] otherKey = new byte[64];
        new java.security.SecureRandom().nextBytes(otherKey);
        TenantContext stranger = new TenantContext(otherKey, Clock.systemUTC());
        assertThat(seenWith(stranger.issue(clinic.id()))).isNull();
    }

    @Test
    void a_context_is_accepted_within_thirty_seconds_of_the_transaction_and_refused_after() {
        Instant now = Instant.now();
        assertThat(seenWith(issuedAt(now.minusSeconds(20)))).isEqualTo(clinic.id().value());
        assertThat(seenWith(issuedAt(now.plusSeconds(20)))).isEqualTo(clinic.id().value());
        assertThat(seenWith(issuedAt(now.minus(Duration.ofMinutes(2))))).as("replayed two minutes later").isNull();
        assertThat(seenWith(issuedAt(now.plus(Duration.ofMinutes(2))))).as("issued for the future").isNull();
    }

    @Test
    void a_context_whose_clinic_or_time_was_changed_is_refused() {
        String context = db.contexts().issue(clinic.id());
        String otherClinic = UUID.randomUUID() + context.substring(36);
        long issued = Long.parseLong(context.substring(37, 47));
        String otherTime = context.substring(0, 37) + (issued - 1) + context.substring(47);
        assertThat(seenWith(otherClinic)).isNull();
        assertThat(seenWith(otherTime)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "x", "00000000-0000-0000-0000-000000000000",
            "' ; RESET ALL; --", "a'b", "0f0e0d0c-0b0a-0908-0706-050403020100.1796442230.' OR 'x",
            "0F0E0D0C-0B0A-0908-0706-050403020100.1796442230.948ccd634a1743b0278374e7bb6db6b88d8c44d4329545f037f2d34ba31af154",
            "0f0e0d0c-0b0a-0908-0706-050403020100.1796442230.948ccd634a1743b0278374e7bb6db6b88d8c44d4329545f037f2d34ba31af154\n",
            "0f0e0d0c-0b0a-0908-0706-050403020100.1796442230.948ccd634a1743b0278374e7bb6db6b88d8c44d4329545f037f2d34ba31af15"})
    void the_set_local_statement_takes_nothing_but_a_context(String text) {
        assertThatThrownBy(() -> TenantContext.requireWellFormed(text)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TenantTransactions.setContext(DSL.using(org.jooq.SQLDialect.POSTGRES), text))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_set_local_statement_carries_the_context_as_one_quoted_literal() {
        String context = db.contexts().issue(clinic.id());
        String sql = TenantTransactions.setContext(DSL.using(org.jooq.SQLDialect.POSTGRES), context).getSQL();
        assertThat(sql).isEqualTo("set local \"app\".\"clinic_context\" = '" + context + "'");
    }

    @Test
    void a_transaction_without_a_context_has_no_clinic() {
        assertThat(seenWith(null)).isNull();
    }

    private static String issuedAt(Instant at) {
        return db.contexts().on(Clock.fixed(at, ZoneOffset.UTC)).issue(clinic.id());
    }

    /** current_clinic_id() as the app role sees it in a transaction whose context is {@code context}. */
    private static UUID seenWith(String context) {
        try (var connection = db.connectAsApp()) {
            connection.setAutoCommit(false);
            var sql = DSL.using(connection, org.jooq.SQLDialect.POSTGRES);
            if (context != null) {
                sql.select(DSL.function(DSL.name("pg_catalog", "set_config"), String.class,
                        DSL.val(TenantContext.SETTING), DSL.val(context), DSL.inline(true))).fetch();
            }
            UUID seen = sql.fetchSingle("SELECT santkrupa.current_clinic_id()").get(0, UUID.class);
            connection.rollback();
            return seen;
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
