package io.santkrupa.clinic;

import com.zaxxer.hikari.HikariDataSource;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.QueryCounter;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinics' zones in memory: read once per clinic, then no query until a minute has passed
 * (another instance's change is seen then), and at once after this instance forgets one.
 */
@ExtendWith(TestDatabaseExtension.class)
class ClinicZonesTest {

    private static TestDatabase db;
    private static HikariDataSource pool;
    private static final QueryCounter queries = new QueryCounter();
    private static TenantTransactions counted;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        pool = db.newAppPool(1);
        counted = new TenantTransactions(pool, db.contexts(), queries);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void a_zone_is_read_once_and_then_served_from_memory_for_a_minute() {
        Clinic clinic = ClinicFixture.create(db);
        AtomicLong nanos = new AtomicLong(1_000);
        ClinicZones zones = new ClinicZones(counted, nanos::get);

        queries.reset();
        assertThat(zones.of(clinic.id())).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(queries.count()).as("set_config, then the clinic's row").isEqualTo(2);
        setZone(clinic, "Europe/London"); // as another instance would

        queries.reset();
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(zones.of(clinic.id())).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(queries.count()).isZero();

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(zones.of(clinic.id())).as("read again after a minute").isEqualTo(ZoneId.of("Europe/London"));
        assertThat(queries.count()).isEqualTo(2);
    }

    @Test
    void a_forgotten_zone_is_read_again_at_once() {
        Clinic clinic = ClinicFixture.create(db);
        ClinicZones zones = new ClinicZones(counted, () -> 0L);
        assertThat(zones.of(clinic.id())).isEqualTo(ZoneId.of("Asia/Kolkata"));
        setZone(clinic, "America/New_York");

        zones.forget(clinic.id());

        assertThat(zones.of(clinic.id())).isEqualTo(ZoneId.of("America/New_York"));
    }

    @Test
    void each_clinic_has_its_own() {
        Clinic india = ClinicFixture.create(db);
        Clinic england = ClinicFixture.create(db);
        setZone(england, "Europe/London");
        ClinicZones zones = new ClinicZones(counted, () -> 0L);

        assertThat(zones.of(india.id())).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(zones.of(england.id())).isEqualTo(ZoneId.of("Europe/London"));
    }

    private static void setZone(Clinic clinic, String zone) {
        db.tenants().inClinic(clinic.id(), tx -> tx.update(CLINIC).set(CLINIC.TIME_ZONE, zone)
                .where(CLINIC.ID.eq(clinic.id().value())).execute());
    }
}
