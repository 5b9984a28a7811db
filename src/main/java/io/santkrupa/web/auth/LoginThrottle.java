package io.santkrupa.web.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Token buckets for failed login attempts: one per client IP and one per (clinic, username).
 * Only failures are counted; a successful sign-in takes nothing. The per-username bucket applies
 * to names that do not exist too, so throttling does not reveal which accounts exist. The
 * persistent per-account lockout lives in app_user (failed_logins, locked_until) and holds across
 * application instances.
 */
public final class LoginThrottle {

    private static final int MAX_TRACKED = 100_000;

    private final Duration window;
    private final Bandwidth perIp;
    private final Bandwidth perAccount;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_TRACKED; // bounded: random usernames cannot exhaust memory
        }
    };

    public LoginThrottle(int attemptsPerIp, int attemptsPerAccount, Duration window) {
        this.window = window;
        this.perIp = Bandwidth.builder().capacity(attemptsPerIp).refillGreedy(attemptsPerIp, window).build();
        this.perAccount = Bandwidth.builder().capacity(attemptsPerAccount).refillGreedy(attemptsPerAccount, window).build();
    }

    /** A refused attempt: how long to wait, and the limit (attempts per window) that refused it. */
    public record Refusal(Duration retryAfter, long limit, Duration untilReset) {
    }

    /**
     * Whether a sign-in may be tried now: refused while either bucket is empty. Takes nothing:
     * only a failure counts ({@link #recordFailure}), so a clinic's staff signing in correctly
     * from one public address are never refused.
     */
    public Optional<Refusal> check(String ip, String clinicSlug, String username) {
        EstimationProbe byIp = bucket(ipKey(ip), perIp).estimateAbilityToConsume(1);
        if (!byIp.canBeConsumed()) {
            return Optional.of(refusal(byIp.getNanosToWaitForRefill(), perIp));
        }
        EstimationProbe byAccount = bucket(accountKey(clinicSlug, username), perAccount).estimateAbilityToConsume(1);
        if (!byAccount.canBeConsumed()) {
            return Optional.of(refusal(byAccount.getNanosToWaitForRefill(), perAccount));
        }
        return Optional.empty();
    }

    /** A failed sign-in (unknown name, wrong password, locked or deactivated account): one from both buckets. */
    public void recordFailure(String ip, String clinicSlug, String username) {
        bucket(ipKey(ip), perIp).tryConsume(1);
        bucket(accountKey(clinicSlug, username), perAccount).tryConsume(1);
    }

    private static String ipKey(String ip) {
        return "ip:" + ip;
    }

    private static String accountKey(String clinicSlug, String username) {
        return "account:" + clinicSlug + "/" + (username == null ? "" : username.strip().toLowerCase());
    }

    /** Wait for the next token; the bucket is full again after the rest of the window refills it. */
    private Refusal refusal(long nanosToNextToken, Bandwidth limit) {
        Duration perToken = window.dividedBy(limit.getCapacity());
        return new Refusal(Duration.ofNanos(nanosToNextToken), limit.getCapacity(),
                Duration.ofNanos(nanosToNextToken).plus(perToken.multipliedBy(limit.getCapacity() - 1)));
    }

    private synchronized Bucket bucket(String key, Bandwidth limit) {
        return buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(limit).build());
    }
}
