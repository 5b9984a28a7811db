package io.santkrupa.web.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Token buckets for login attempts: one per client IP and one per (clinic, username). The
 * per-username bucket applies to names that do not exist too, so throttling does not reveal
 * which accounts exist. The persistent per-account lockout lives in app_user (failed_logins,
 * locked_until) and holds across application instances.
 */
public final class LoginThrottle {

    private static final int MAX_TRACKED = 100_000;

    private final Bandwidth perIp;
    private final Bandwidth perAccount;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_TRACKED; // bounded: random usernames cannot exhaust memory
        }
    };

    public LoginThrottle(int attemptsPerIp, int attemptsPerAccount, Duration window) {
        this.perIp = Bandwidth.builder().capacity(attemptsPerIp).refillGreedy(attemptsPerIp, window).build();
        this.perAccount = Bandwidth.builder().capacity(attemptsPerAccount).refillGreedy(attemptsPerAccount, window).build();
    }

    /** A refused attempt: how long to wait, and the limit (attempts per window) that refused it. */
    public record Refusal(Duration retryAfter, long limit, Duration untilReset) {
    }

    /** Takes one attempt from both buckets; empty when allowed, else why not. */
    public Optional<Refusal> tryAttempt(String ip, String clinicSlug, String username) {
        ConsumptionProbe byIp = bucket("ip:" + ip, perIp).tryConsumeAndReturnRemaining(1);
        if (!byIp.isConsumed()) {
            return Optional.of(refusal(byIp, perIp));
        }
        String account = "account:" + clinicSlug + "/" + (username == null ? "" : username.strip().toLowerCase());
        ConsumptionProbe byAccount = bucket(account, perAccount).tryConsumeAndReturnRemaining(1);
        if (!byAccount.isConsumed()) {
            return Optional.of(refusal(byAccount, perAccount));
        }
        return Optional.empty();
    }

    private static Refusal refusal(ConsumptionProbe probe, Bandwidth limit) {
        return new Refusal(Duration.ofNanos(probe.getNanosToWaitForRefill()), limit.getCapacity(),
                Duration.ofNanos(probe.getNanosToWaitForReset()));
    }

    private synchronized Bucket bucket(String key, Bandwidth limit) {
        return buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(limit).build());
    }
}
