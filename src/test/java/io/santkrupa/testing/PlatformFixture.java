package io.santkrupa.testing;

import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.db.ClinicId;
import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;

import java.time.Clock;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;

/**
 * What tests need of the platform for a fixture clinic: its subscription status and limits,
 * changed the one way the platform can change them (ClinicRegistry, through V034's functions).
 */
public final class PlatformFixture {

    private PlatformFixture() {
    }

    public static void setStatus(TestDatabase db, ClinicFixture.Clinic clinic, String status) {
        setStatus(db, clinic.id(), status);
    }

    public static void setStatus(TestDatabase db, ClinicId clinic, String status) {
        registry(db).changeStatus(clinic, version(db, clinic), SubscriptionStatus.fromDbValue(status), null,
                "set by a test", PlatformActor.commandLine());
    }

    /** Sets the given limits (null keeps the current one). */
    public static void setLimits(TestDatabase db, ClinicFixture.Clinic clinic, Integer doctors, Integer patients,
                                 Integer receptionists) {
        registry(db).changeLimits(clinic.id(), version(db, clinic.id()), doctors, patients, receptionists, "set by a test",
                PlatformActor.commandLine());
    }

    private static int version(TestDatabase db, ClinicId clinic) {
        return db.platform().run(tx -> tx.select(CLINIC.VERSION).from(CLINIC).where(CLINIC.ID.eq(clinic.value()))
                .fetchSingle(CLINIC.VERSION));
    }

    private static ClinicRegistry registry(TestDatabase db) {
        return new ClinicRegistry(db.platform(), new PlatformAudit(), Clock.systemUTC());
    }
}
