package io.santkrupa.web.auth;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-in throttle's rule on its own, on a clock the test moves (see SignInLockoutTest for HTTP). */
class LoginThrottleTest {

    private static final String CLINIC = "sunrise";

    /** Time that moves only when the test says so. */
    private static final class ManualTime implements TimeMeter {
        private long nanos = 1_000_000_000L;

        void advance(Duration by) {
            nanos += by.toNanos();
        }

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    private final ManualTime time = new ManualTime();
    private final LoginThrottle throttle = new LoginThrottle(LoginThrottle.Limits.clinics(), time,
            delay -> { throw new AssertionError("not waited for here"); });

    @Test
    void five_failures_block_that_address_for_that_username_and_nothing_else() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.check("203.0.113.7", CLINIC, "admin")).as("attempt %d", i).isEmpty();
            throttle.recordFailure("203.0.113.7", CLINIC, "admin");
        }

        assertThat(throttle.check("203.0.113.7", CLINIC, "admin")).hasValueSatisfying(refusal -> {
            assertThat(refusal.limit()).isEqualTo(5);
            assertThat(refusal.retryAfter()).isEqualTo(Duration.ofMinutes(3));
        });
        assertThat(throttle.check("203.0.113.7", CLINIC, " ADMIN ")).as("the name as typed").isPresent();
        assertThat(throttle.check("198.51.100.1", CLINIC, "admin")).as("the admin's own address").isEmpty();
        assertThat(throttle.check("203.0.113.7", CLINIC, "doctor")).as("another account").isEmpty();
        assertThat(throttle.check("203.0.113.7", "lotus", "admin")).as("another clinic's admin").isEmpty();

        time.advance(Duration.ofMinutes(3));
        assertThat(throttle.check("203.0.113.7", CLINIC, "admin")).as("one attempt back every 3 minutes").isEmpty();
    }

    @Test
    void a_right_password_forgets_that_addresss_own_slips() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("203.0.113.8", CLINIC, "doctor");
        }
        throttle.recordSuccess("203.0.113.8", CLINIC, "doctor");
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("203.0.113.8", CLINIC, "doctor");
        }
        assertThat(throttle.check("203.0.113.8", CLINIC, "doctor")).isEmpty();
    }

    @Test
    void thirty_failures_from_one_address_block_it_for_every_username() {
        for (int i = 0; i < 30; i++) {
            throttle.recordFailure("203.0.113.9", CLINIC, "name-" + i);
        }
        assertThat(throttle.check("203.0.113.9", CLINIC, "someone-else")).hasValueSatisfying(
                refusal -> assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        assertThat(throttle.check("203.0.113.10", CLINIC, "someone-else")).isEmpty();
    }

    @Test
    void failures_from_many_addresses_delay_the_account_from_one_to_four_seconds_never_refuse_it() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.delayBefore(CLINIC, "admin")).isZero();
            throttle.recordFailure("192.0.2." + i, CLINIC, "admin");
        }
        assertThat(throttle.delayBefore(CLINIC, "admin")).isEqualTo(Duration.ofSeconds(1));
        throttle.recordFailure("192.0.2.100", CLINIC, "admin");
        assertThat(throttle.delayBefore(CLINIC, "admin")).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 1000; i++) {
            throttle.recordFailure("192.0.2." + (i % 250), CLINIC, "admin");
        }
        assertThat(throttle.delayBefore(CLINIC, "admin")).as("bounded").isEqualTo(LoginThrottle.LONGEST_DELAY)
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(throttle.check("198.51.100.1", CLINIC, "admin")).as("never a refusal for a fresh address").isEmpty();
        assertThat(throttle.delayBefore(CLINIC, "doctor")).as("another account").isZero();

        time.advance(Duration.ofSeconds(90));
        assertThat(throttle.delayBefore(CLINIC, "admin")).isEqualTo(Duration.ofSeconds(2));
        time.advance(Duration.ofSeconds(180));
        assertThat(throttle.delayBefore(CLINIC, "admin")).as("four and a half minutes after the last failure").isZero();
    }

    @Test
    void a_name_that_does_not_exist_is_counted_like_one_that_does() {
        for (int i = 0; i < 12; i++) {
            throttle.recordFailure("192.0.2." + i, CLINIC, "nobody-here");
            throttle.recordFailure("192.0.2." + i, CLINIC, "admin");
        }
        assertThat(throttle.delayBefore(CLINIC, "nobody-here")).isEqualTo(throttle.delayBefore(CLINIC, "admin"));
    }

    @Test
    void an_ipv6_address_counts_by_its_64_bit_network() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("2001:db8:1:2::" + Integer.toHexString(i + 1), CLINIC, "admin");
        }
        assertThat(throttle.check("2001:db8:1:2:ffff:ffff:ffff:ffff", CLINIC, "admin")).as("the same /64").isPresent();
        assertThat(throttle.check("2001:db8:1:3::1", CLINIC, "admin")).as("the next /64").isEmpty();

        assertThat(LoginThrottle.network("2001:0db8:0001:0002:0000:0000:0000:0001")).isEqualTo("20010db800010002::/64");
        assertThat(LoginThrottle.network("::ffff:203.0.113.7")).as("IPv4-mapped").isEqualTo("203.0.113.7");
        assertThat(LoginThrottle.network("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(LoginThrottle.network("not:an-address")).as("kept as it is, never looked up").isEqualTo("not:an-address");
    }

    @Test
    void invitation_codes_have_their_own_limit_per_address() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.checkCode("203.0.113.11", CLINIC)).isEmpty();
            throttle.recordCodeFailure("203.0.113.11", CLINIC);
        }
        assertThat(throttle.checkCode("203.0.113.11", CLINIC)).isPresent();
        assertThat(throttle.checkCode("203.0.113.12", CLINIC)).isEmpty();
        assertThat(throttle.check("203.0.113.11", CLINIC, "admin")).as("signing in is another limit").isEmpty();
    }

    @Test
    void the_scheduled_pause_returns_at_once_and_completes_later_without_blocking_the_caller() throws Exception {
        var inAnHour = LoginThrottle.Pause.SCHEDULED.after(Duration.ofHours(1));
        assertThat(inAnHour).as("the caller (the request's thread) is not held").isNotDone();
        inAnHour.cancel(false);

        LoginThrottle.Pause.SCHEDULED.after(Duration.ofMillis(1)).get(30, TimeUnit.SECONDS);
    }
}
