package io.santkrupa.web.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.javalin.http.Context;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Failed sign-ins, counted so that nobody can lock someone else out. The rule (one instance for
 * the clinics, one for the platform console; the numbers are {@link Limits#clinics()}'s):
 * <ol>
 * <li><b>Per account and address</b>: 5 wrong passwords for one username from one address, and
 * that address is refused for that username (429); one attempt comes back every 3 minutes.
 * Nobody else is refused: the real user, from their own address, signs in as usual.</li>
 * <li><b>Per address</b>: 30 failures from one address, whatever the usernames, and that address
 * is refused for every sign-in, one attempt back every 30 seconds.</li>
 * <li><b>Per account, from every address together</b>: never a refusal, a delay. After 10 failures
 * in 15 minutes, every attempt for that username -- right or wrong, from any address, the real
 * user's too -- is answered only after 1 s, then 2 s, then at most 4 s; the delay is gone a few
 * minutes after the failures stop. The wait holds no server thread ({@link Pause}).</li>
 * </ol>
 * Only failures count; a success clears its own account-and-address count. Usernames that do not
 * exist are counted exactly like those that do, so neither refusals nor delays reveal which
 * accounts exist. An IPv6 address counts by its /64, the network one customer is given.
 *
 * <p>What this stops: guessing from one address (5 guesses per account per 15 minutes, then one
 * every 3 minutes; 30 in all per address), and a stranger locking anyone out, the clinic admin
 * included. It slows credential stuffing from many addresses (each waits up to 4 s). What it does
 * not stop: a botnet of many addresses still gets about 5 guesses per account per address every
 * 15 minutes, sent in parallel despite the delay -- strong passwords and Argon2id are the defence
 * there, and the platform's second factor; people behind one address (a clinic's network, a
 * carrier's NAT) share its per-address count; the counts live in this process's memory, so a
 * restart forgets them and each instance behind a load balancer counts alone.
 */
public final class LoginThrottle {

    private static final int MAX_TRACKED = 100_000;
    /** 1 s, 2 s, 4 s: the account's delay doubles at each failure past the free ones, up to 4 s. */
    public static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final int DELAY_STEPS = 3;
    public static final Duration LONGEST_DELAY = FIRST_DELAY.multipliedBy(1L << (DELAY_STEPS - 1));
    private static final String CODES = "#invitation-code"; // no username contains '#'

    /**
     * Failures allowed in {@code window}: per address, per account and address, invitation codes
     * per address (for the clinic's set-password page), and per account before its delay starts.
     */
    public record Limits(int failuresPerAddress, int failuresPerAccountAndAddress, int codesPerAddress,
                         int failuresPerAccountBeforeDelay, Duration window) {

        public Limits {
            if (failuresPerAddress < 1 || failuresPerAccountAndAddress < 1 || codesPerAddress < 1
                    || failuresPerAccountBeforeDelay < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("every limit at least 1, a window longer than zero");
            }
        }

        /** The clinics' sign-in pages and token endpoint. */
        public static Limits clinics() {
            return new Limits(30, 5, 10, 10, Duration.ofMinutes(15));
        }

        /** The platform console's password step (the second factor has its own lockout). */
        public static Limits platform() {
            return new Limits(20, 5, 10, 10, Duration.ofMinutes(15));
        }
    }

    /** Waits for a delay without holding a thread; tests pass one that records the delay and does not wait. */
    @FunctionalInterface
    public interface Pause {

        CompletableFuture<Void> after(Duration delay);

        /** The timer's thread wakes a virtual thread, which goes on with the sign-in. */
        Pause SCHEDULED = new Pause() {
            private final Executor virtualThreads = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("sign-in-after-delay-", 0).factory());

            @Override
            public CompletableFuture<Void> after(Duration delay) {
                return CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, virtualThreads));
            }
        };
    }

    /** A refused attempt: how long to wait, and the limit (attempts per window) that refused it. */
    public record Refusal(Duration retryAfter, long limit, Duration untilReset) {
    }

    private final Limits limits;
    private final TimeMeter time;
    private final Pause pause;
    private final Bandwidth perAddress;
    private final Bandwidth perAccountAndAddress;
    private final Bandwidth codesPerAddress;
    private final Bandwidth perAccount;
    private final LongAdder failures = new LongAdder();
    private final LongAdder refusals = new LongAdder();
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_TRACKED; // bounded: random usernames cannot exhaust memory
        }
    };

    public LoginThrottle(Limits limits, TimeMeter time, Pause pause) {
        this.limits = limits;
        this.time = time;
        this.pause = pause;
        this.perAddress = perWindow(limits.failuresPerAddress(), limits.failuresPerAddress());
        this.perAccountAndAddress = perWindow(limits.failuresPerAccountAndAddress(), limits.failuresPerAccountAndAddress());
        this.codesPerAddress = perWindow(limits.codesPerAddress(), limits.codesPerAddress());
        // the free failures and one token per step of the delay, refilled at the free rate
        this.perAccount = perWindow(limits.failuresPerAccountBeforeDelay() + DELAY_STEPS - 1,
                limits.failuresPerAccountBeforeDelay());
    }

    private Bandwidth perWindow(int capacity, int refill) {
        return Bandwidth.builder().capacity(capacity).refillGreedy(refill, limits.window()).build();
    }

    /**
     * Whether a sign-in may be tried now from {@code address}: refused while the address, or this
     * username from this address, has used up its failures. Takes nothing: only a failure counts
     * ({@link #recordFailure}), so a clinic's staff signing in correctly from one public address
     * are never refused.
     */
    public Optional<Refusal> check(String address, String realm, String username) {
        return counted(refusedBy(addressKey(address), perAddress)
                .or(() -> refusedBy(pairKey(address, realm, username), perAccountAndAddress)));
    }

    /** A failed sign-in (unknown name, wrong password, deactivated account): counted for the address, the pair and the account. */
    public void recordFailure(String address, String realm, String username) {
        failures.increment();
        bucket(addressKey(address), perAddress).tryConsume(1);
        bucket(pairKey(address, realm, username), perAccountAndAddress).tryConsume(1);
        bucket(accountKey(realm, username), perAccount).tryConsume(1);
    }

    /** A right password: whoever is at this address knows it, so their own typing slips are forgotten. */
    public synchronized void recordSuccess(String address, String realm, String username) {
        buckets.remove(pairKey(address, realm, username));
    }

    /** How long an attempt for this username waits before it is tried: zero until the account's failures pass the free ones. */
    public Duration delayBefore(String realm, String username) {
        long used = perAccount.getCapacity() - bucket(accountKey(realm, username), perAccount).getAvailableTokens();
        long step = used - limits.failuresPerAccountBeforeDelay();
        return step < 0 ? Duration.ZERO : FIRST_DELAY.multipliedBy(1L << Math.min(step, DELAY_STEPS - 1));
    }

    /**
     * Runs the sign-in {@code attempt} now, or after the account's delay: then the request waits
     * asynchronously (no thread held), and whatever the attempt throws is answered as usual.
     */
    public void paced(Context ctx, String realm, String username, Runnable attempt) {
        Duration delay = delayBefore(realm, username);
        if (delay.isZero()) {
            attempt.run();
            return;
        }
        ctx.future(() -> pause.after(delay).thenRun(attempt));
    }

    /** Whether an invitation code may be tried from {@code address} (the address's own limits only: a code names no account). */
    public Optional<Refusal> checkCode(String address, String realm) {
        return counted(refusedBy(addressKey(address), perAddress).or(() -> refusedBy(codesKey(address, realm), codesPerAddress)));
    }

    /** A typed code that opened nothing. */
    public void recordCodeFailure(String address, String realm) {
        failures.increment();
        bucket(addressKey(address), perAddress).tryConsume(1);
        bucket(codesKey(address, realm), codesPerAddress).tryConsume(1);
    }

    /** Failed sign-ins (and invitation codes that opened nothing) since start, for the metrics. */
    public long failures() {
        return failures.sum();
    }

    /** Attempts refused by this throttle since start, for the metrics. */
    public long refusals() {
        return refusals.sum();
    }

    private Optional<Refusal> counted(Optional<Refusal> refusal) {
        if (refusal.isPresent()) {
            refusals.increment();
        }
        return refusal;
    }

    private Optional<Refusal> refusedBy(String key, Bandwidth limit) {
        EstimationProbe probe = bucket(key, limit).estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Optional.empty() : Optional.of(refusal(probe.getNanosToWaitForRefill(), limit));
    }

    /** Wait for the next token; the bucket is full again after the rest of the window refills it. */
    private Refusal refusal(long nanosToNextToken, Bandwidth limit) {
        Duration perToken = limits.window().dividedBy(limit.getCapacity());
        return new Refusal(Duration.ofNanos(nanosToNextToken), limit.getCapacity(),
                Duration.ofNanos(nanosToNextToken).plus(perToken.multipliedBy(limit.getCapacity() - 1)));
    }

    private synchronized Bucket bucket(String key, Bandwidth limit) {
        return buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(limit).withCustomTimePrecision(time).build());
    }

    private static String addressKey(String address) {
        return "address:" + network(address);
    }

    private static String pairKey(String address, String realm, String username) {
        return "pair:" + network(address) + " " + account(realm, username);
    }

    private static String accountKey(String realm, String username) {
        return "account:" + account(realm, username);
    }

    private static String codesKey(String address, String realm) {
        return "pair:" + network(address) + " " + account(realm, CODES);
    }

    private static String account(String realm, String username) {
        return realm + "/" + (username == null ? "" : username.strip().toLowerCase());
    }

    /**
     * The address as counted: an IPv4 address itself, an IPv6 address by its /64 -- one customer's
     * network, in which every host has an address of its own for the asking.
     */
    static String network(String address) {
        if (address == null || address.indexOf(':') < 0
                || !(address.charAt(0) == ':' || Character.digit(address.charAt(0), 16) >= 0)) {
            return address == null ? "" : address;
        }
        try {
            // an IPv6 literal (a ':', led by a hex digit or ':'): parsed, never looked up as a name
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet6Address) {
                return HexFormat.of().formatHex(parsed.getAddress(), 0, 8) + "::/64";
            }
            return parsed.getHostAddress(); // an IPv4-mapped address: the IPv4 address
        } catch (UnknownHostException | SecurityException notALiteral) {
            return address;
        }
    }
}
