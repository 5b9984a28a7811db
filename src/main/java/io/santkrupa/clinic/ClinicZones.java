package io.santkrupa.clinic;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;

/**
 * Each clinic's time zone, kept in memory: read once with a primary-key read of the clinic's own
 * row, then served from here for a minute, so a request costs no query for it in the steady
 * state (resolve_clinic stays narrow: id and status only). A zone saved on this instance is
 * forgotten at once; one saved on another instance is seen here within the minute. The same
 * read brings the clinic's name and logo for the page header ({@link #header}).
 */
public final class ClinicZones {

    private static final Logger LOG = LoggerFactory.getLogger(ClinicZones.class);
    static final Duration FRESH_FOR = Duration.ofMinutes(1);

    private record Cached(ZoneId zone, ClinicHeader header, long loadedAtNanos) {
    }

    private final TenantTransactions tenants;
    /** Monotonic time for the cache's age: not the application's clock, which tests move by days. */
    private final LongSupplier nanoTime;
    // only clinics whose slug resolved get here: one small entry per clinic of the platform
    private final ConcurrentHashMap<ClinicId, Cached> cache = new ConcurrentHashMap<>();

    public ClinicZones(TenantTransactions tenants) {
        this(tenants, System::nanoTime);
    }

    ClinicZones(TenantTransactions tenants, LongSupplier nanoTime) {
        this.tenants = tenants;
        this.nanoTime = nanoTime;
    }

    public ZoneId of(ClinicId clinic) {
        return cached(clinic).zone();
    }

    /** The clinic's name and logo, as its signed-in users' pages show them in the header. */
    public ClinicHeader header(ClinicId clinic) {
        return cached(clinic).header();
    }

    private Cached cached(ClinicId clinic) {
        long now = nanoTime.getAsLong();
        Cached cached = cache.get(clinic);
        if (cached != null && now - cached.loadedAtNanos() < FRESH_FOR.toNanos()) {
            return cached;
        }
        Cached loaded = load(clinic, now);
        cache.put(clinic, loaded);
        return loaded;
    }

    /** The clinic's zone, name or logo was changed on this instance: the next request reads it again. */
    public void forget(ClinicId clinic) {
        cache.remove(clinic);
    }

    private Cached load(ClinicId clinic, long now) {
        var row = tenants.readInClinic(clinic, tx -> tx.select(CLINIC.TIME_ZONE, CLINIC.NAME, CLINIC.LOGO_FILE_ID)
                .from(CLINIC).where(CLINIC.ID.eq(clinic.value())).fetchSingle());
        String stored = row.value1();
        ClinicHeader header = new ClinicHeader(row.value2(), row.value3());
        try {
            return new Cached(ZoneId.of(stored), header, now);
        } catch (DateTimeException unknownToJava) {
            // the registry's CHECK keeps only the shape of a name; UTC keeps the clinic usable
            LOG.warn("clinic {} has time zone {} that Java does not know; its days are counted in UTC", clinic, stored);
            return new Cached(ZoneOffset.UTC, header, now);
        }
    }
}
