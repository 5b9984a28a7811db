package io.santkrupa.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.santkrupa.db.ClinicId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-clinic token buckets for the API: every request under {@code /clinic/{slug}/api/} that
 * authenticates as one of the clinic's own (a valid access token of that clinic) takes one token
 * from its clinic's bucket, so one clinic hammering the API does not slow another down. Anything
 * else -- no token, a garbage or expired one, another clinic's on a public route -- is charged to
 * the caller's address instead, with the same limit: strangers cannot spend a clinic's requests
 * and keep its staff at 429. Checked by the tenant filter once the token's signature is checked and
 * before anything touches the database. An unknown clinic never gets a bucket, and another
 * clinic's token on a guarded route is answered exactly as an unknown clinic (404, no bucket, no
 * headers): its answer must not tell that this clinic exists. Answers
 * carry the IETF draft {@code RateLimit-Limit}, {@code RateLimit-Remaining} and
 * {@code RateLimit-Reset} headers; an empty bucket is a 429 with {@code Retry-After}. The
 * buckets live in this instance's memory: with several instances each enforces the limit alone.
 */
public final class ApiRateLimits {

    /** {@code requests} per {@code per}, refilled gradually; also the burst a clinic may make at once. */
    public record Limits(int requests, Duration per) {
        public Limits {
            if (requests < 1) {
                throw new IllegalArgumentException("an API rate limit allows at least 1 request, not " + requests);
            }
            if (per == null || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("an API rate limit needs a positive period, not " + per);
            }
        }

        public static Limits perMinute(int requests) {
            return new Limits(requests, Duration.ofMinutes(1));
        }
    }

    /** Six hundred requests a minute per clinic. */
    public static final Limits DEFAULT = Limits.perMinute(600);

    private static final int MAX_TRACKED = 100_000;

    private final Limits limits;
    private final Bandwidth bandwidth;
    private final TimeMeter time;
    private final LongAdder rejections = new LongAdder();
    /** Keyed by ClinicId for a clinic's own requests, by {@link Address} for everyone else's. */
    private final Map<Object, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Bucket> eldest) {
            return size() > MAX_TRACKED; // bounded, like the login throttle
        }
    };

    /** On the JVM's monotonic clock. */
    public ApiRateLimits(Limits limits) {
        this(limits, TimeMeter.SYSTEM_NANOTIME);
    }

    public ApiRateLimits(Limits limits, TimeMeter time) {
        this.limits = limits;
        this.time = time;
        this.bandwidth = Bandwidth.builder().capacity(limits.requests()).refillGreedy(limits.requests(), limits.per())
                .build();
    }

    /** Bucket time read from {@code clock}, for tests that move time by hand. */
    public static TimeMeter timeOf(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    public Limits limits() {
        return limits;
    }

    /** The bucket of requests that are not a clinic's own, per address. */
    private record Address(String ip) {
    }

    /** How many requests were refused 429 since start (the metrics read it). */
    public long rejections() {
        return rejections.sum();
    }

    /** How many clinics have a bucket. */
    public synchronized int trackedClinics() {
        return (int) buckets.keySet().stream().filter(ClinicId.class::isInstance).count();
    }

    /**
     * Takes one request from the clinic's bucket and sets the RateLimit headers; throws a 429
     * (with {@code Retry-After}) when the bucket is empty.
     */
    void take(Context ctx, ClinicId clinic) {
        take(ctx, clinic, "This clinic has used up its ");
    }

    /** Takes one request from the bucket of {@code ip}: a request that is not a clinic's own. */
    void takeAnonymous(Context ctx, String ip) {
        take(ctx, new Address(ip), "This address has used up its ");
    }

    private void take(Context ctx, Object key, String whose) {
        ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
        ctx.header("RateLimit-Limit", String.valueOf(limits.requests()));
        ctx.header("RateLimit-Remaining", String.valueOf(Math.max(0, probe.getRemainingTokens())));
        ctx.header("RateLimit-Reset", String.valueOf(ceilSeconds(probe.getNanosToWaitForReset())));
        if (!probe.isConsumed()) {
            rejections.increment();
            long retryAfter = Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
            ctx.header("Retry-After", String.valueOf(retryAfter));
            throw new HttpResponseException(429, whose + limits.requests()
                    + " API requests per " + describe(limits.per()) + ". Try again in " + retryAfter
                    + (retryAfter == 1 ? " second." : " seconds."));
        }
    }

    private synchronized Bucket bucket(Object key) {
        return buckets.computeIfAbsent(key,
                c -> Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(time).build());
    }

    private static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }

    private static String describe(Duration per) {
        if (per.equals(Duration.ofMinutes(1))) {
            return "minute";
        }
        if (per.equals(Duration.ofSeconds(1))) {
            return "second";
        }
        return per.toSeconds() + " seconds";
    }
}
