package io.santkrupa.web.auth;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TransactionWork;
import io.santkrupa.db.jooq.santkrupa.tables.records.RefreshTokenRecord;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.web.auth.RefreshTokens.Issued;
import io.santkrupa.web.auth.RefreshTokens.Rotation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.santkrupa.db.jooq.santkrupa.Tables.REFRESH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Refresh tokens rotate once, a replayed token burns its whole family, expired, malformed and
 * other clinics' tokens are refused, and the table holds only hashes. Everything runs as the
 * application does: inside tenant transactions on the app role, under RLS.
 */
@ExtendWith(TestDatabaseExtension.class)
class RefreshTokensTest {

    private static final Duration TTL = Duration.ofDays(30);

    private static TestDatabase db;
    private static Clinic clinicA;
    private static Clinic clinicB;
    private static UUID userA;

    private final RefreshTokens tokens = new RefreshTokens(Clock.systemUTC(), TTL);

    @BeforeAll
    static void twoClinics(TestDatabase database) {
        db = database;
        clinicA = ClinicFixture.create(db);
        clinicB = ClinicFixture.create(db);
        userA = clinicA.row("app_user");
    }

    @Test
    void rotation_returns_a_new_token_of_the_same_family_and_marks_the_old_one_used() {
        Issued first = inA(tx -> tokens.issue(tx, clinicA.id(), userA));

        Rotation rotation = inA(tx -> tokens.rotate(tx, clinicA.id(), first.token()));

        assertThat(rotation).isInstanceOf(Rotation.Rotated.class);
        Rotation.Rotated rotated = (Rotation.Rotated) rotation;
        assertThat(rotated.userId()).isEqualTo(userA);
        assertThat(rotated.next().token()).isNotEqualTo(first.token());
        assertThat(rotated.next().id()).isNotEqualTo(first.id());

        RefreshTokenRecord old = row(clinicA, first.id());
        RefreshTokenRecord next = row(clinicA, rotated.next().id());
        assertThat(old.getUsedAt()).isNotNull();
        assertThat(old.getReplacedById()).isEqualTo(next.getId());
        assertThat(old.getRevokedAt()).isNull();
        assertThat(next.getFamilyId()).isEqualTo(old.getFamilyId());
        assertThat(next.getUserId()).isEqualTo(userA);
        assertThat(next.getUsedAt()).isNull();
        assertThat(next.getExpiresAt()).isEqualTo(rotated.next().expiresAt());
    }

    @Test
    void the_rotated_token_rotates_again() {
        Issued first = inA(tx -> tokens.issue(tx, clinicA.id(), userA));
        Issued second = rotated(inA(tx -> tokens.rotate(tx, clinicA.id(), first.token())));

        Rotation third = inA(tx -> tokens.rotate(tx, clinicA.id(), second.token()));

        assertThat(third).isInstanceOf(Rotation.Rotated.class);
    }

    @Test
    void presenting_a_used_token_again_revokes_the_whole_family() {
        Issued first = inA(tx -> tokens.issue(tx, clinicA.id(), userA));
        Issued second = rotated(inA(tx -> tokens.rotate(tx, clinicA.id(), first.token())));
        Issued unrelated = inA(tx -> tokens.issue(tx, clinicA.id(), userA));
        UUID family = row(clinicA, first.id()).getFamilyId();

        Rotation replay = inA(tx -> tokens.rotate(tx, clinicA.id(), first.token()));

        assertThat(replay).isEqualTo(new Rotation.Reused(userA));
        assertThat(family(clinicA, family)).hasSize(2).allSatisfy(row -> assertThat(row.getRevokedAt()).isNotNull());
        assertThat(rotateInA(tokens, second.token())).isEqualTo(new Rotation.Invalid());
        // another login of the same user is another family, untouched
        assertThat(row(clinicA, unrelated.id()).getRevokedAt()).isNull();
    }

    @Test
    void an_expired_token_is_invalid_and_stays_unused() {
        Instant issuedAt = Instant.now().minus(Duration.ofHours(2));
        RefreshTokens twoHoursAgo = new RefreshTokens(Clock.fixed(issuedAt, ZoneOffset.UTC), Duration.ofHours(1));
        Issued expired = inA(tx -> twoHoursAgo.issue(tx, clinicA.id(), userA));
        RefreshTokens now = new RefreshTokens(Clock.systemUTC(), Duration.ofHours(1));

        assertThat(rotateInA(now, expired.token())).isEqualTo(new Rotation.Invalid());
        assertThat(row(clinicA, expired.id()).getUsedAt()).isNull();

        // the same token, presented before its expiry, was a good one
        RefreshTokens beforeExpiry = new RefreshTokens(
                Clock.fixed(issuedAt.plus(Duration.ofMinutes(59)), ZoneOffset.UTC), Duration.ofHours(1));
        assertThat(rotateInA(beforeExpiry, expired.token())).isInstanceOf(Rotation.Rotated.class);
    }

    @Test
    void a_token_of_clinic_a_presented_in_clinic_b_is_invalid_and_changes_nothing_in_a() {
        Issued token = inA(tx -> tokens.issue(tx, clinicA.id(), userA));
        UUID family = row(clinicA, token.id()).getFamilyId();

        Rotation inB = db.tenants().inClinic(clinicB.id(), tx -> tokens.rotate(tx, clinicB.id(), token.token()));
        db.tenants().inClinic(clinicB.id(), tx -> {
            tokens.revokeFamily(tx, clinicB.id(), token.token());
            return null;
        });

        assertThat(inB).isEqualTo(new Rotation.Invalid());
        List<RefreshTokenRecord> rows = family(clinicA, family);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().getUsedAt()).isNull();
        assertThat(rows.getFirst().getRevokedAt()).isNull();
        assertThat(rows.getFirst().getReplacedById()).isNull();
        // and in its own clinic the token still works
        assertThat(rotateInA(tokens, token.token())).isInstanceOf(Rotation.Rotated.class);
    }

    @Test
    void unknown_and_malformed_tokens_are_invalid() {
        Issued real = inA(tx -> tokens.issue(tx, clinicA.id(), userA));
        String unknown = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        // the last character's two low bits are padding: this spelling decodes to the same bytes
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String variant = real.token().substring(0, 42) + alphabet.charAt(alphabet.indexOf(real.token().charAt(42)) + 1);
        assertThat(Base64.getUrlDecoder().decode(variant)).isEqualTo(Base64.getUrlDecoder().decode(real.token()));

        for (String presented : new String[] {null, "", "short", unknown, real.token() + "=", variant, "!".repeat(43)}) {
            assertThat(rotateInA(tokens, presented)).as(String.valueOf(presented))
                    .isEqualTo(new Rotation.Invalid());
        }
        assertThat(row(clinicA, real.id()).getUsedAt()).isNull();
    }

    @Test
    void logout_revokes_the_family_and_ignores_unknown_tokens() {
        Issued first = inA(tx -> tokens.issue(tx, clinicA.id(), userA));
        Issued second = rotated(inA(tx -> tokens.rotate(tx, clinicA.id(), first.token())));
        UUID family = row(clinicA, first.id()).getFamilyId();

        inA(tx -> {
            tokens.revokeFamily(tx, clinicA.id(), "not-a-token");
            tokens.revokeFamily(tx, clinicA.id(), Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]));
            return null;
        });
        assertThat(family(clinicA, family)).allSatisfy(row -> assertThat(row.getRevokedAt()).isNull());

        inA(tx -> {
            tokens.revokeFamily(tx, clinicA.id(), second.token());
            return null;
        });

        assertThat(family(clinicA, family)).hasSize(2).allSatisfy(row -> assertThat(row.getRevokedAt()).isNotNull());
        assertThat(rotateInA(tokens, second.token())).isEqualTo(new Rotation.Invalid());
    }

    @Test
    void the_database_stores_only_the_hash_of_the_token() {
        Issued issued = inA(tx -> tokens.issue(tx, clinicA.id(), userA));
        byte[] secret = Base64.getUrlDecoder().decode(issued.token());
        RefreshTokenRecord row = row(clinicA, issued.id());

        assertThat(row.getTokenHash()).hasSize(32)
                .isEqualTo(RefreshTokens.sha256(secret))
                .isNotEqualTo(secret);
        for (Object value : row.intoArray()) {
            String text = value instanceof byte[] bytes
                    ? new String(bytes, StandardCharsets.ISO_8859_1) + HexFormat.of().formatHex(bytes)
                    : String.valueOf(value);
            assertThat(text).doesNotContain(issued.token());
            assertThat(text).doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void an_issued_token_never_appears_in_its_string_form() {
        Issued issued = inA(tx -> tokens.issue(tx, clinicA.id(), userA));
        assertThat(issued.toString()).doesNotContain(issued.token());
        assertThat(new Rotation.Rotated(issued, userA).toString()).doesNotContain(issued.token());
    }

    @Test
    void each_login_starts_a_new_family() {
        Issued one = inA(tx -> tokens.issue(tx, clinicA.id(), userA));
        Issued two = inA(tx -> tokens.issue(tx, clinicA.id(), userA));
        assertThat(row(clinicA, one.id()).getFamilyId()).isNotEqualTo(row(clinicA, two.id()).getFamilyId());
    }

    @Test
    void a_ttl_that_is_not_positive_is_refused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RefreshTokens(Clock.systemUTC(), Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> new RefreshTokens(Clock.systemUTC(), Duration.ofDays(-1)));
    }

    /**
     * The first refresh holds its transaction open until the second is waiting on the row lock;
     * the second then sees the token used. Without FOR UPDATE the second would have read the
     * token unused and both would have rotated.
     */
    @Test
    void two_concurrent_refreshes_of_one_token_cannot_both_succeed() throws Exception {
        Issued token = inA(tx -> tokens.issue(tx, clinicA.id(), userA));
        CountDownLatch firstRotated = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Rotation> first = threads.submit(() -> inA(tx -> {
                Rotation rotation = tokens.rotate(tx, clinicA.id(), token.token());
                firstRotated.countDown();
                await(releaseFirst);
                return rotation;
            }));
            assertThat(firstRotated.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Rotation> second = threads.submit(() -> inA(tx -> tokens.rotate(tx, clinicA.id(), token.token())));
            awaitABackendWaitingOnALock();
            releaseFirst.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isInstanceOf(Rotation.Rotated.class);
            assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(new Rotation.Reused(userA));
        } finally {
            releaseFirst.countDown();
            threads.shutdownNow();
        }
    }

    private static Rotation rotateInA(RefreshTokens refreshTokens, String presented) {
        return inA(tx -> refreshTokens.rotate(tx, clinicA.id(), presented));
    }

    private static <T> T inA(TransactionWork<T> work) {
        return db.tenants().inClinic(clinicA.id(), work);
    }

    private static Issued rotated(Rotation rotation) {
        assertThat(rotation).isInstanceOf(Rotation.Rotated.class);
        return ((Rotation.Rotated) rotation).next();
    }

    private static RefreshTokenRecord row(Clinic clinic, UUID id) {
        ClinicId c = clinic.id();
        return db.tenants().inClinic(c, tx -> tx.selectFrom(REFRESH_TOKEN)
                .where(REFRESH_TOKEN.CLINIC_ID.eq(c.value())).and(REFRESH_TOKEN.ID.eq(id))
                .fetchSingle());
    }

    private static List<RefreshTokenRecord> family(Clinic clinic, UUID familyId) {
        ClinicId c = clinic.id();
        return db.tenants().inClinic(c, tx -> tx.selectFrom(REFRESH_TOKEN)
                .where(REFRESH_TOKEN.CLINIC_ID.eq(c.value())).and(REFRESH_TOKEN.FAMILY_ID.eq(familyId))
                .fetch());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls pg_stat_activity (as the superuser: the app's roles may not read it) until a backend waits on a lock. */
    private static void awaitABackendWaitingOnALock() throws SQLException, InterruptedException {
        try (Connection connection = db.connectAsSuperuser();
             PreparedStatement waiting = connection.prepareStatement(
                     "SELECT count(*) FROM pg_catalog.pg_stat_activity"
                             + " WHERE wait_event_type = 'Lock' AND datname = current_database()"
                             + " AND query LIKE '%refresh_token%'")) {
            Instant deadline = Instant.now().plus(30, ChronoUnit.SECONDS);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = waiting.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the second refresh never waited for the first one's row lock");
    }
}
