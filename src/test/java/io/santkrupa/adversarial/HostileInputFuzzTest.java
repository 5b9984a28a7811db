package io.santkrupa.adversarial;

import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.auth.LoginThrottle;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input part of the adversarial suite (issue 12): jqwik changes valid requests of every
 * API operation (found in the served OpenAPI document) and every page form (the router's
 * state-changing page routes, and the GET forms on the pages it lists) into hostile ones --
 * wrong types, extra and duplicate fields, deep nesting, huge arrays and strings, NUL and other
 * control characters, lone surrogates, invalid UTF-8, out-of-range numbers and dates, injection
 * strings, path traversal in ids and file names, uploads that lie about their type or size,
 * framing that lies -- and holds every answer to the rules: no 5xx and no hang; an API refusal is
 * the documented problem+json naming the field; a form's refusal is a page with the message at
 * the field or a clear refusal page; a refusal writes nothing (the clinic's tables checked
 * around each request, the whole clinic after each property).
 *
 * <p>Each try changes one request of every target, so every target gets exactly the property's
 * tries (x{@value Adversarial#LONG_FACTOR} with {@code -Dadversarial=long}); the seed is fixed, so a
 * failure reproduces. Violations are collected and reported together after the property. The
 * figures go to {@code target/adversarial/sections/fuzz.md}.
 */
@AddLifecycleHook(Adversarial.Tries.class)
class HostileInputFuzzTest {

    static final String SEED = "20261205";
    private static final int TRIES = 10;

    private static TestDatabase db;
    private static WebTestServer server;
    private static Fuzz fuzz;
    private static ApiFuzz api;
    private static FormFuzz forms;
    private static final FuzzFigures FIGURES = new FuzzFigures();
    private static final long STARTED = System.nanoTime();
    private static FuzzFigures.Part current;
    private static List<String> problemsBefore = List.of();
    /** The clinic whose text is scanned after the property: the fuzz's, or the stored payloads'. */
    private static Fuzz scanned;

    @BeforeContainer
    static void start() {
        db = TestDatabaseExtension.database(null);
        // sign-in throttling is not what is fuzzed here: thousands of failed sign-ins must not be refused for it
        server = new WebTestServer(db, new LoginThrottle.Limits(1_000_000, 1_000_000, 1_000_000, 1_000_000, Duration.ofMinutes(15)));
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        roomForEveryone(clinic);
        fuzz = new Fuzz(db, server, clinic, FIGURES);
        api = new ApiFuzz(fuzz, FIGURES.part("1-api", "API operations"));
        forms = new FormFuzz(fuzz, FIGURES.part("2-forms", "Page forms"));
        scanned = fuzz;
        FIGURES.invariant("no answer is a 5xx; every request is answered within " + Wire.BOUND.toSeconds()
                + " s (else a hang)");
        FIGURES.invariant("API: every answer matches the served OpenAPI document (a documented status, content type and"
                + " schema); every refusal is application/problem+json; a 422 for a changed field names it in errors");
        FIGURES.invariant("forms: every refusal is a text/html page with a message (role=alert, error-message, or the error"
                + " page's heading and sentence); a 422 for a field on the form marks that field (aria-invalid) or names it");
        FIGURES.invariant("around every request, in the clinic it was sent to (all " + fuzz.ledger.tables().size()
                + " tables with a clinic_id, from the catalog, and the clinic's registry row): a refused request (4xx, no"
                + " answer, a closed connection) changes no table's row count and writes (xmin) no row, but audit events of"
                + " the refusal or of a read, and the session's sliding expiry;"
                + " no audit event of a successful write follows a refused request");
        FIGURES.invariant("around every request, whatever its answer: no more stored files that no record refers to or"
                + " prescriptions without an item than before it");
        FIGURES.invariant("after each property, in the clinic: no text, varchar or jsonb value (" + fuzz.ledger.textColumnCount()
                + " columns) with a control or text-direction character (PostgreSQL's UTF-8 cannot hold NUL or a lone"
                + " surrogate at all)");
    }

    /** The fuzz registers many patients and doctors: limits the fixture's trial plan would soon refuse. */
    private static void roomForEveryone(Clinic clinic) {
        int version = db.tenants().inClinic(clinic.id(), tx -> tx.select(CLINIC.VERSION).from(CLINIC)
                .where(CLINIC.ID.eq(clinic.id().value())).fetchSingle(CLINIC.VERSION));
        new ClinicRegistry(db.platform(), new PlatformAudit(), Clock.systemUTC()).changeLimits(clinic.id(), version,
                100_000, 1_000_000, 100_000, "room for the fuzz", PlatformActor.commandLine());
    }

    @AfterContainer
    static void stop() {
        FIGURES.write(Adversarial.variant(), (System.nanoTime() - STARTED) / 1_000_000_000);
        if (server != null) {
            server.close();
        }
    }

    @BeforeProperty
    void noteTheClinicBefore() {
        problemsBefore = fuzz.ledger.scan(fuzz.clinic.id());
    }

    @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.OFF, afterFailure = AfterFailureMode.PREVIOUS_SEED)
    void every_api_operation_answers_hostile_input_with_a_documented_refusal_and_writes_nothing(
            @ForAll("oneForEachOperation") List<Mutation> mutations) {
        current = FIGURES.part("1-api", "API operations");
        current.seed = SEED;
        current.tries = TRIES * (Adversarial.isLong() ? Adversarial.LONG_FACTOR : 1);
        for (int i = 0; i < api.operations().size(); i++) {
            api.fuzz(api.operations().get(i), mutations.get(i));
        }
    }

    @Provide
    Arbitrary<List<Mutation>> oneForEachOperation() {
        return Mutation.any().list().ofSize(api.operations().size());
    }

    @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.OFF, afterFailure = AfterFailureMode.PREVIOUS_SEED)
    void every_page_form_answers_hostile_input_with_a_message_or_a_refusal_page_and_writes_nothing(
            @ForAll("oneForEachForm") List<Mutation> mutations) {
        current = FIGURES.part("2-forms", "Page forms");
        current.seed = SEED;
        current.tries = TRIES * (Adversarial.isLong() ? Adversarial.LONG_FACTOR : 1);
        for (int i = 0; i < forms.targets().size(); i++) {
            forms.fuzz(forms.targets().get(i), mutations.get(i));
        }
    }

    @Provide
    Arbitrary<List<Mutation>> oneForEachForm() {
        return Mutation.any().list().ofSize(forms.targets().size());
    }

    /**
     * Stored XSS and template injection, in a clinic of its own: every text field of every write
     * (API and page forms) once with a payload, then every role reads every page that shows them.
     */
    @Example
    void payloads_stored_in_any_text_field_render_as_text_on_every_page_that_shows_them() {
        FuzzFigures.Part part = FIGURES.part("3-xss", "Stored payloads (XSS, template injection)");
        current = part;
        Clinic other = WebFixture.clinicWithLogins(db, server.hasher);
        roomForEveryone(other);
        Fuzz xss = new Fuzz(db, server, other, FIGURES);
        StoredPayloads payloads = new StoredPayloads(xss, part);
        ApiFuzz xssApi = new ApiFuzz(xss, part);
        xssApi.operations().forEach(op -> xssApi.plant(op, payloads));
        FormFuzz xssForms = new FormFuzz(xss, part);
        xssForms.targets().forEach(target -> xssForms.plant(target, payloads));
        FIGURES.invariant("stored payloads: " + String.join(", ", StoredPayloads.PAYLOADS) + " (each with its own marker)"
                + " in every text field of every write; every page every role reaches -- the router's pages, their search"
                + " forms searched for the payloads, every link from them (records, printouts, the audit log) -- shows"
                + " no payload unescaped and no template payload evaluated (49 before its marker)");
        payloads.walk();
        assertThat(payloads.planted()).as("payloads accepted somewhere").isNotEmpty();
        scanned = xss;
    }

    @AfterProperty
    void noViolationsAndTheClinicWhole() {
        FuzzFigures.Part part = current;
        current = null;
        if (part == null) {
            return;
        }
        List<String> problems = new ArrayList<>(scanned.ledger.scan(scanned.clinic.id()));
        if (scanned == fuzz) {
            problems.removeAll(problemsBefore);
        }
        scanned = fuzz;
        problems.forEach(p -> part.violation("the clinic after the fuzz: " + p));
        assertThat(part.triesByTarget).as("targets fuzzed").isNotEmpty();
        assertThat(part.violations()).as(part.title + ": violations (seed " + SEED + ")").isEmpty();
    }
}
