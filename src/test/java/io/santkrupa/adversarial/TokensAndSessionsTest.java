package io.santkrupa.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import io.santkrupa.adversarial.Probe.Reply;
import io.santkrupa.adversarial.Probe.Request;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ClinicSnapshot;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Json;
import io.santkrupa.web.Routes;
import io.santkrupa.web.Routes.Route;
import io.santkrupa.web.auth.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static io.santkrupa.db.jooq.santkrupa.Tables.REFRESH_TOKEN;
import static io.santkrupa.db.jooq.santkrupa.Tables.WEB_SESSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens and sessions, as an attacker would try them. API access tokens: unsigned ({@code alg:
 * none}), HS/RS confusion, another key, expired, not yet valid, another issuer or audience,
 * claims missing, payload or header altered, {@code kid}/{@code jku}/{@code jwk}/{@code x5u}
 * pointing elsewhere -- each differing from an accepted token in that one respect, each answered
 * 401 on a route of the clinic's own and on a patient's record (a URL handed out in
 * {@code jku}/{@code x5u} must never be fetched; the long form tries each on every guarded API
 * route too). Refresh tokens: reuse, another clinic's, an
 * access token in their place, expired, after logout. Page sessions: fixation, idle and absolute
 * timeouts on the server's clock, logout. CSRF on every state-changing form is
 * {@code CsrfRouteWalkerTest}'s (its own section of the summary).
 */
@ExtendWith(TestDatabaseExtension.class)
class TokensAndSessionsTest {

    static final String FORGED = "access tokens: forged, altered or outlived";
    static final String CONTROL = "access tokens: the accepted control (one change from each forgery)";
    static final String REFRESH = "refresh tokens: reuse, another clinic's, misused, expired, after logout";
    static final String FIXATION = "page sessions: fixation";
    static final String TIMEOUTS = "page sessions and tokens: idle and absolute timeouts (the server's clock)";
    static final String LOGOUT = "logout: the old cookie and the old refresh token";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TestDatabase db;
    private static WebTestServer server;
    private static AdversarialReport report;
    private static Probe probe;
    private static Clinic clinic;
    private static Clinic otherClinic;
    private static UUID doctorUser;
    private static HttpServer attackerSite;
    private static final AtomicInteger FETCHED = new AtomicInteger();
    private static int forgeries;
    private static int refused;
    private static int everyRouteAnswers;
    private static int everyRouteRefused;

    @BeforeAll
    static void start(TestDatabase database) throws IOException {
        report = new AdversarialReport("20-tokens-sessions", "Tokens and sessions (TokensAndSessionsTest)");
        db = database;
        server = new WebTestServer(db);
        probe = new Probe(server, report);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        otherClinic = WebFixture.clinicWithLogins(db, server.hasher);
        doctorUser = ApiClient.userId(db, clinic.id(), WebFixture.USERNAMES.get(Role.DOCTOR));
        // where a jku or x5u header sends a verifier that follows it: it must never be asked
        attackerSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attackerSite.createContext("/", exchange -> {
            FETCHED.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        attackerSite.start();
    }

    @AfterAll
    static void finish() {
        if (report != null) {
            report.figure("forged, altered or outlived access tokens", forgeries);
            report.figure("of which answered 401 (on both routes)", refused);
            report.figure("accepted", forgeries - refused);
            if (everyRouteAnswers > 0) {
                report.figure("long form: each forged token on every guarded API route, answers 401", everyRouteRefused
                        + " of " + everyRouteAnswers);
            }
            report.figure("jku / x5u addresses fetched by the server", FETCHED.get());
            report.figure("server errors (5xx)", probe == null ? 0 : probe.serverErrors());
            report.note("Each forged token is checked on GET /api/v1/me and on GET /api/v1/patients/{id}; the control, "
                    + "built the same way with nothing changed, gets 200 on both.");
            report.note("Another clinic's valid token on this clinic's URL gets the unknown clinic's 404, by design "
                    + "(RouteWalkerTest, BolaOverHttpTest): not counted here.");
            report.note("Access tokens are not revocable: after logout the last access token works until it expires "
                    + "(at most 10 minutes; AccessTokens). Logout revokes the refresh token's whole family and the page session.");
            report.note("CSRF missing, wrong or another session's on every state-changing form: CsrfRouteWalkerTest "
                    + "(section 30), with the clinic's rows compared before and after.");
            report.write();
        }
        if (attackerSite != null) {
            attackerSite.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    // ---- access tokens ----

    @Test
    void every_forged_altered_or_outlived_access_token_gets_401() throws Exception {
        byte[] ourKey = server.signingKey.getEncoded();
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        KeyPair ec = Jwts.SIG.ES256.keyPair().build();
        byte[] otherKey = new byte[32];
        RANDOM.nextBytes(otherKey);
        String jku = "http://127.0.0.1:" + attackerSite.getAddress().getPort() + "/jwks.json";
        String x5u = "http://127.0.0.1:" + attackerSite.getAddress().getPort() + "/cert.pem";
        Instant now = server.clock.instant();

        String control = forge(b -> b);
        assertThat(status(control, me())).as("the control token on /me").isEqualTo(200);
        assertThat(status(control, patient())).as("the control token on a patient").isEqualTo(200);
        String[] parts = control.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);

        Map<String, String> tokens = new LinkedHashMap<>();
        // no signature, or no check of it
        tokens.put("alg none, no signature", unsigned("{\"alg\":\"none\"}", parts[1], ""));
        tokens.put("alg none, the real signature kept", unsigned("{\"alg\":\"none\"}", parts[1], parts[2]));
        tokens.put("alg None", unsigned("{\"alg\":\"None\",\"typ\":\"JWT\"}", parts[1], ""));
        tokens.put("alg NONE", unsigned("{\"alg\":\"NONE\"}", parts[1], ""));
        tokens.put("alg HS256, signature stripped", parts[0] + "." + parts[1] + ".");
        tokens.put("no alg at all, the real signature", unsigned("{\"typ\":\"JWT\"}", parts[1], parts[2]));
        // other algorithms, other keys
        tokens.put("another HMAC key", forge(b -> b, new SecretKeySpec(otherKey, "HmacSHA256"), Jwts.SIG.HS256));
        tokens.put("HS384 with our key", forge(b -> b, new SecretKeySpec(pad(ourKey, 48), "HmacSHA384"), Jwts.SIG.HS384));
        tokens.put("HS512 with our key", forge(b -> b, new SecretKeySpec(pad(ourKey, 64), "HmacSHA512"), Jwts.SIG.HS512));
        tokens.put("RS256 with an attacker's RSA key", forge(b -> b, rsa.getPrivate(), Jwts.SIG.RS256));
        tokens.put("PS256 with an attacker's RSA key", forge(b -> b, rsa.getPrivate(), Jwts.SIG.PS256));
        tokens.put("ES256 with an attacker's EC key", forge(b -> b, ec.getPrivate(), Jwts.SIG.ES256));
        tokens.put("HS256 keyed with an RSA public key (DER)", hmac("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", parts[1],
                rsa.getPublic().getEncoded()));
        tokens.put("HS256 keyed with an RSA public key (PEM)", hmac("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", parts[1],
                pem(rsa.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII)));
        tokens.put("RS256 in the header, an HMAC with our key as the signature",
                hmac("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", parts[1], ourKey));
        tokens.put("ES256 in the header, an HMAC with our key as the signature",
                hmac("{\"alg\":\"ES256\"}", parts[1], ourKey));
        // headers that point elsewhere
        tokens.put("kid pointing at a file, an empty HMAC key", hmac(
                "{\"alg\":\"HS256\",\"kid\":\"../../../../../../dev/null\"}", parts[1], new byte[32]));
        tokens.put("kid of an attacker's key", forge(b -> b.header().keyId("attacker-2026").and(),
                new SecretKeySpec(otherKey, "HmacSHA256"), Jwts.SIG.HS256));
        tokens.put("kid with SQL in it", forge(b -> b.header().keyId("x' UNION SELECT 'secret").and(),
                new SecretKeySpec("secret".repeat(6).getBytes(StandardCharsets.US_ASCII), "HmacSHA256"), Jwts.SIG.HS256));
        tokens.put("jku to the attacker's key set, RS256", forge(b -> b.header().jwkSetUrl(URI.create(jku)).and(),
                rsa.getPrivate(), Jwts.SIG.RS256));
        tokens.put("jwk: the attacker's public key embedded, RS256", forge(b -> b.header()
                .jwk(Jwks.builder().key((java.security.interfaces.RSAPublicKey) rsa.getPublic()).build()).and(),
                rsa.getPrivate(), Jwts.SIG.RS256));
        tokens.put("jwk: an HMAC key embedded (as oct), HS256 with it", hmac("{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\""
                + B64.encodeToString(otherKey) + "\"}}", parts[1], otherKey));
        tokens.put("x5u to the attacker's certificate, RS256", forge(b -> b.header().x509Url(URI.create(x5u)).and(),
                rsa.getPrivate(), Jwts.SIG.RS256));
        tokens.put("our header plus a jku, our signature kept", unsigned(
                new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8).replace("}", ",\"jku\":\"" + jku + "\"}"),
                parts[1], parts[2]));
        // time
        tokens.put("expired ten minutes ago", forge(b -> b.issuedAt(Date.from(now.minus(Duration.ofMinutes(20))))
                .expiration(Date.from(now.minus(Duration.ofMinutes(10))))));
        tokens.put("expired 31 seconds ago (past the skew)", forge(b -> b.issuedAt(Date.from(now.minus(Duration.ofMinutes(10))))
                .expiration(Date.from(now.minusSeconds(31)))));
        tokens.put("not valid before five minutes from now (nbf)", forge(b -> b.notBefore(Date.from(now.plus(Duration.ofMinutes(5))))));
        tokens.put("issued five minutes in the future (iat)", forge(b -> b.issuedAt(Date.from(now.plus(Duration.ofMinutes(5))))
                .expiration(Date.from(now.plus(Duration.ofMinutes(14))))));
        tokens.put("living a year", forge(b -> b.expiration(Date.from(now.plus(Duration.ofDays(365))))));
        tokens.put("living 16 minutes", forge(b -> b.expiration(Date.from(now.plus(Duration.ofMinutes(16))))));
        // issuer, audience, claims
        tokens.put("another issuer", forge(b -> b.issuer("santkrupa-staging")));
        tokens.put("no issuer", forge(b -> b.issuer(null)));
        tokens.put("another audience", forge(b -> b.audience().clear().add("santkrupa-platform").and()));
        tokens.put("no audience", forge(b -> b.audience().clear().and()));
        tokens.put("no subject", forge(b -> b.subject(null)));
        tokens.put("no clinic", forge(b -> b.claim("clinic", null)));
        tokens.put("no role", forge(b -> b.claim("role", null)));
        tokens.put("no username", forge(b -> b.claim("username", null)));
        tokens.put("no expiry", forge(b -> b.expiration(null)));
        tokens.put("no issued-at", forge(b -> b.issuedAt(null)));
        tokens.put("a role that is no role", forge(b -> b.claim("role", "super_admin")));
        tokens.put("the role in capitals", forge(b -> b.claim("role", "DOCTOR")));
        tokens.put("a subject that is no user", forge(b -> b.subject(UUID.randomUUID().toString())));
        tokens.put("a patient link on a doctor", forge(b -> b.claim("patient", clinic.row("patient").toString())));
        // altered after signing
        tokens.put("payload: role raised to clinic_admin, signature kept", parts[0] + "."
                + B64.encodeToString(payload.replace("\"doctor\"", "\"clinic_admin\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        tokens.put("payload: expiry pushed a day, signature kept", parts[0] + "." + B64.encodeToString(payload.replaceFirst(
                "\"exp\":(\\d+)", "\"exp\":" + now.plus(Duration.ofDays(1)).getEpochSecond()).getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        tokens.put("payload: another subject, signature kept", parts[0] + "." + B64.encodeToString(
                payload.replace(doctorUser.toString(), UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        tokens.put("payload: one character changed", parts[0] + "." + (parts[1].charAt(0) == 'A' ? 'B' : 'A')
                + parts[1].substring(1) + "." + parts[2]);
        tokens.put("signature: one character changed", parts[0] + "." + parts[1] + "."
                + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1));
        tokens.put("another token's signature", parts[0] + "." + parts[1] + "." + forge(b -> b.id("other")).split("\\.")[2]);
        tokens.put("the payload twice", control + "." + parts[1]);
        tokens.put("a JWE-shaped token", parts[0] + "." + parts[1] + ".." + parts[2] + ".");
        tokens.put("padding added", control + "==");
        tokens.put("a crit header this verifier does not know, our key", forge(b -> b.header().critical().add("exp2").and()
                .add("exp2", 1).and()));
        tokens.put("garbage", "not.a.token");
        tokens.put("empty", "");

        // the long form: every forged token on every guarded API route, reads and writes
        List<Route> everyRoute = Adversarial.isLong() ? Routes.clinicRoutes(server.app()).stream()
                .filter(r -> r.isApi() && r.permission() != Permission.PUBLIC).toList() : List.of();
        List<String> accepted = new ArrayList<>();
        for (var token : tokens.entrySet()) {
            forgeries++;
            Reply me = probe.send(FORGED, Request.api("GET", me(), token.getValue(), null));
            Reply record = probe.send(FORGED, Request.api("GET", patient(), token.getValue(), null));
            if (me.status() == 401 && record.status() == 401 && !record.text().contains(clinic.row("patient").toString())
                    && !record.text().contains("Asha")) {
                refused++;
            } else {
                accepted.add(token.getKey() + ": /me " + me.status() + ", the patient " + record.status());
            }
            for (Route route : everyRoute) {
                String path = route.concrete(clinic.slug(), p -> {
                    UUID id = clinic.rows().get(Routes.tableOf(p));
                    return (id == null ? UUID.randomUUID() : id).toString();
                });
                Reply reply = probe.send(FORGED, Request.api(route.method().name(), path, token.getValue(), "{}"));
                everyRouteAnswers++;
                if (reply.status() == 401) {
                    everyRouteRefused++;
                } else {
                    accepted.add(token.getKey() + ": " + route + " " + reply.status());
                }
            }
        }
        // a token naming another clinic (here one that does not exist) is that clinic's: the unknown clinic's 404
        String elsewhere = forge(b -> b.claim("clinic", UUID.randomUUID().toString()));
        Reply foreign = probe.send(FORGED, Request.api("GET", patient(), elsewhere, null));
        Reply unknown = probe.send(FORGED, Request.api("GET", patient().replace(clinic.slug(), "no-such-clinic"), elsewhere, null));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(Probe.canonical(foreign, Map.of(clinic.slug(), "{slug}", "no-such-clinic", "{slug}")))
                .isEqualTo(Probe.canonical(unknown, Map.of(clinic.slug(), "{slug}", "no-such-clinic", "{slug}")));

        assertThat(FETCHED.get()).as("requests to the jku/x5u addresses").isZero();
        assertThat(accepted).as("tokens not answered 401").isEmpty();
        assertThat(tokens).hasSizeGreaterThanOrEqualTo(50);
    }

    @Test
    void a_real_access_token_outlives_nothing_on_the_servers_clock() {
        String token = ApiClient.token(server, db, clinic, Role.DOCTOR);
        assertThat(probe.send(TIMEOUTS, Request.api("GET", me(), token, null)).status()).isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(10).plusSeconds(31)); // its ten minutes and the 30 s skew
        Reply expired = probe.send(TIMEOUTS, Request.api("GET", me(), token, null));
        assertThat(expired.status()).isEqualTo(401);
        forgeries++;
        refused++;
    }

    // ---- refresh tokens ----

    @Test
    void a_reused_refresh_token_gets_401_and_revokes_its_whole_family() {
        Set<UUID> before = refreshTokensOfTheDoctor().keySet();
        JsonNode first = signInToTheApi(clinic);
        String r1 = first.get("refreshToken").asText();
        JsonNode second = refresh(clinic, r1, 200);
        String r2 = second.get("refreshToken").asText();
        assertThat(r2).isNotEqualTo(r1);

        refresh(clinic, r1, 401); // reused: the thief's or the owner's copy, whichever came second
        refresh(clinic, r2, 401); // the family is revoked, the newer token too
        Map<UUID, Boolean> family = refreshTokensOfTheDoctor();
        family.keySet().removeAll(before);
        assertThat(family).as("the family's rows: revoked").hasSize(2).doesNotContainValue(false);
    }

    @Test
    void refresh_tokens_that_are_not_ours_to_refresh_get_401() {
        String accessToken = signInToTheApi(clinic).get("accessToken").asText();
        String fresh = signInToTheApi(clinic).get("refreshToken").asText();
        String ofTheOtherClinic = signInToTheApi(otherClinic).get("refreshToken").asText();
        ClinicSnapshot otherBefore = ClinicSnapshot.of(db, otherClinic.id());

        refresh(clinic, ofTheOtherClinic, 401);
        refresh(clinic, accessToken, 401); // an access token in a refresh token's place
        refresh(clinic, WriteSlots.randomLike(fresh), 401);
        refresh(clinic, fresh + "A", 401);
        refresh(clinic, fresh.substring(1), 401);
        // a refresh token as a bearer token
        assertThat(probe.send(REFRESH, Request.api("GET", me(), fresh, null)).status()).isEqualTo(401);
        assertThat(ClinicSnapshot.of(db, otherClinic.id()).changedSince(otherBefore))
                .as("the other clinic's refresh token, presented here, changed nothing there").isEmpty();
        refresh(otherClinic, ofTheOtherClinic, 200); // and it still works in its own clinic
        refresh(clinic, fresh, 200);
    }

    @Test
    void an_expired_refresh_token_gets_401() {
        String token = signInToTheApi(clinic).get("refreshToken").asText();
        server.clock.advance(Duration.ofDays(14).plusMinutes(1));
        refresh(clinic, token, 401);
    }

    // ---- page sessions ----

    @Test
    void a_session_id_planted_before_sign_in_is_never_the_one_after() {
        // a made-up, well-formed cookie of this clinic
        TestBrowser victim = server.browser();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String planted = clinic.id() + "." + B64.encodeToString(secret);
        victim.cookies.put("santkrupa_session", planted);
        report.request(FIXATION);
        victim.signIn(clinic.slug(), "doctor", WebFixture.password("doctor"));
        report.requests(FIXATION, 2);
        assertThat(victim.cookies.get("santkrupa_session")).isNotNull().isNotEqualTo(planted);
        assertThat(page(FIXATION, Map.of("santkrupa_session", planted), "/clinic/" + clinic.slug()).status())
                .as("the planted id after the sign-in").isEqualTo(303);

        // the attacker's own live session (a patient's), planted in the doctor's browser
        TestBrowser attacker = ApiClient.signedIn(server, clinic, Role.PATIENT);
        report.requests(FIXATION, 3);
        String attackers = attacker.cookies.get("santkrupa_session");
        TestBrowser desk = server.browser();
        desk.cookies.put("santkrupa_session", attackers);
        desk.signIn(clinic.slug(), "doctor", WebFixture.password("doctor"));
        report.requests(FIXATION, 2);
        String doctors = desk.cookies.get("santkrupa_session");
        assertThat(doctors).isNotEqualTo(attackers);
        assertThat(page(FIXATION, Map.of("santkrupa_session", attackers), "/clinic/" + clinic.slug() + "/patients").status())
                .as("the attacker's planted id never becomes the doctor's session").isNotEqualTo(200);
        assertThat(page(FIXATION, Map.of("santkrupa_session", doctors), "/clinic/" + clinic.slug() + "/patients").status())
                .isEqualTo(200);

        // another clinic's live session, planted
        TestBrowser elsewhere = ApiClient.signedIn(server, otherClinic, Role.DOCTOR);
        report.requests(FIXATION, 3);
        TestBrowser third = server.browser();
        third.cookies.put("santkrupa_session", elsewhere.cookies.get("santkrupa_session"));
        third.signIn(clinic.slug(), "reception", WebFixture.password("reception"));
        report.requests(FIXATION, 2);
        assertThat(third.cookies.get("santkrupa_session")).startsWith(clinic.id() + ".")
                .isNotEqualTo(elsewhere.cookies.get("santkrupa_session"));
    }

    @Test
    void an_idle_session_ends_after_fifteen_minutes_and_its_forms_write_nothing() {
        TestBrowser browser = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        report.requests(TIMEOUTS, 3);
        String home = "/clinic/" + clinic.slug();
        server.clock.advance(Duration.ofMinutes(14).plusSeconds(50));
        assertThat(page(TIMEOUTS, browser.cookies, home).status()).as("14:50 idle").isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(page(TIMEOUTS, browser.cookies, home).status()).as("15:01 idle").isEqualTo(303);
        assertThat(page(TIMEOUTS, browser.cookies, home + "/patients").status()).isEqualTo(303);

        ClinicSnapshot before = ClinicSnapshot.of(db, clinic.id());
        Reply form = probe.send(TIMEOUTS, Request.page("POST", home + "/patients", browser, Map.of("firstName", "Idle",
                "lastName", "Form", "phone", "+91 98200 12121", "gender", "female")));
        assertThat(form.status()).isEqualTo(303);
        assertThat(form.header("location")).startsWith(home + "/login");
        Reply api = probe.send(TIMEOUTS, Request.page("POST", home + "/session/keepalive", browser, Map.of())
                .withHeader("Accept", "application/json"));
        assertThat(api.status()).as("the page's own keep-alive after the timeout").isEqualTo(401);
        assertThat(ClinicSnapshot.of(db, clinic.id()).changedSince(before)).as("written by an idle session").isEmpty();
    }

    @Test
    void even_an_active_session_ends_at_twelve_hours() {
        TestBrowser browser = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        report.requests(TIMEOUTS, 3);
        String home = "/clinic/" + clinic.slug();
        for (int i = 0; i < 51; i++) { // 51 x 14 minutes = 11 h 54 min of steady activity
            server.clock.advance(Duration.ofMinutes(14));
            assertThat(page(TIMEOUTS, browser.cookies, home).status()).as("after " + (i + 1) * 14 + " minutes").isEqualTo(200);
        }
        server.clock.advance(Duration.ofMinutes(7));
        assertThat(page(TIMEOUTS, browser.cookies, home).status()).as("12 h 1 min").isEqualTo(303);
    }

    // ---- logout ----

    @Test
    void after_logout_the_old_cookie_opens_nothing_and_its_forms_write_nothing() {
        for (String logout : List.of("/clinic/" + clinic.slug() + "/logout", "/logout")) {
            TestBrowser browser = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
            report.requests(LOGOUT, 3);
            Map<String, String> cookie = Map.copyOf(browser.cookies);
            String csrf = browser.csrf();
            int sessions = sessionRows();
            Reply out = probe.send(LOGOUT, Request.page("POST", logout, browser, Map.of()));
            assertThat(out.status()).as(logout).isEqualTo(303);
            assertThat(sessionRows()).as("the session's row, after " + logout).isEqualTo(sessions - 1);

            String home = "/clinic/" + clinic.slug();
            assertThat(page(LOGOUT, cookie, home).status()).as("the old cookie after " + logout).isEqualTo(303);
            ClinicSnapshot before = ClinicSnapshot.of(db, clinic.id());
            Reply form = probe.send(LOGOUT, new Request("POST", home + "/patients", cookie, null, Map.of(),
                    Map.of("_csrf", csrf, "firstName", "After", "lastName", "Logout", "phone", "+91 98200 13131",
                            "gender", "male"), null, null));
            assertThat(form.status()).isEqualTo(303);
            assertThat(ClinicSnapshot.of(db, clinic.id()).changedSince(before))
                    .as("written with the old cookie and its CSRF token").isEmpty();
        }
    }

    @Test
    void after_api_logout_the_refresh_token_and_its_family_are_dead() {
        JsonNode first = signInToTheApi(clinic);
        String r1 = first.get("refreshToken").asText();
        String r2 = refresh(clinic, r1, 200).get("refreshToken").asText();
        Reply out = probe.send(LOGOUT, Request.api("POST", api(clinic, "/auth/logout"), null,
                Json.write(Map.of("refreshToken", r2))));
        assertThat(out.status()).isEqualTo(204);
        assertThat(probe.send(LOGOUT, refreshRequest(clinic, r2)).status()).as("the logged-out refresh token").isEqualTo(401);
        assertThat(probe.send(LOGOUT, refreshRequest(clinic, r1)).status()).as("its family's earlier token").isEqualTo(401);
    }

    // ---- helpers ----

    private static String me() {
        return api(clinic, "/me");
    }

    private static String patient() {
        return api(clinic, "/patients/" + clinic.row("patient"));
    }

    private static String api(Clinic c, String rest) {
        return "/clinic/" + c.slug() + "/api/v1" + rest;
    }

    private static int status(String token, String path) {
        return probe.send(CONTROL, Request.api("GET", path, token, null)).status();
    }

    private static Reply page(String category, Map<String, String> cookies, String path) {
        return probe.send(category, new Request("GET", path, Map.copyOf(cookies), null, Map.of(), null, null, null));
    }

    /** A token for the fixture's doctor as {@code AccessTokens#issue} makes it, changed by {@code change}, signed with our key. */
    private static String forge(UnaryOperator<JwtBuilder> change) {
        return forge(change, server.signingKey, Jwts.SIG.HS256);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String forge(UnaryOperator<JwtBuilder> change, Key key, SecureDigestAlgorithm algorithm) {
        Instant now = server.clock.instant();
        JwtBuilder builder = Jwts.builder()
                .issuer("santkrupa")
                .audience().add("santkrupa-api").and()
                .subject(doctorUser.toString())
                .claim("clinic", clinic.id().toString())
                .claim("role", "doctor")
                .claim("username", "doctor")
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(Duration.ofMinutes(10))))
                .id(UUID.randomUUID().toString());
        return change.apply(builder).signWith(key, algorithm).compact();
    }

    private static String unsigned(String header, String payload, String signature) {
        return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + payload + "." + signature;
    }

    /** A token with {@code header}, {@code payload} and an HMAC-SHA256 of both under {@code key}, whatever the header says. */
    private static String hmac(String header, String payload, byte[] key) throws Exception {
        String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + payload;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }

    /** Our key's bytes, repeated to {@code length}: HS384 and HS512 need longer keys than HS256's. */
    private static byte[] pad(byte[] key, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = key[i % key.length];
        }
        return out;
    }

    private static JsonNode signInToTheApi(Clinic c) {
        Reply reply = probe.send(REFRESH, Request.api("POST", api(c, "/auth/token"), null,
                Json.write(Map.of("username", "doctor", "password", WebFixture.password("doctor")))));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return parse(reply);
    }

    private static Request refreshRequest(Clinic c, String token) {
        return Request.api("POST", api(c, "/auth/refresh"), null, Json.write(Map.of("refreshToken", token)));
    }

    private static JsonNode refresh(Clinic c, String token, int expected) {
        Reply reply = probe.send(REFRESH, refreshRequest(c, token));
        assertThat(reply.status()).as("refresh in " + c.slug() + " -> " + reply.text()).isEqualTo(expected);
        return expected == 200 ? parse(reply) : null;
    }

    private static JsonNode parse(Reply reply) {
        try {
            return Json.MAPPER.readTree(reply.body());
        } catch (IOException e) {
            throw new AssertionError(reply.text(), e);
        }
    }

    /** The doctor's refresh tokens: id -> revoked. */
    private static Map<UUID, Boolean> refreshTokensOfTheDoctor() {
        Map<UUID, Boolean> rows = new LinkedHashMap<>();
        db.tenants().inClinic(clinic.id(), tx -> tx.select(REFRESH_TOKEN.ID, REFRESH_TOKEN.REVOKED_AT).from(REFRESH_TOKEN)
                .where(REFRESH_TOKEN.CLINIC_ID.eq(clinic.id().value()), REFRESH_TOKEN.USER_ID.eq(doctorUser)).fetch())
                .forEach(r -> rows.put(r.value1(), r.value2() != null));
        return rows;
    }

    private static int sessionRows() {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(WEB_SESSION, WEB_SESSION.CLINIC_ID.eq(clinic.id().value())));
    }
}
