package io.santkrupa.patient;

import io.santkrupa.db.Ids;
import io.santkrupa.phone.PhoneNumbers;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.jooq.Row7;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The desk's patient search uses its indexes under row-level security: one clinic with 20,000
 * patients, and PostgreSQL's plan for each kind of search, first page and a later one, asked as
 * the application's role inside a tenant transaction -- exactly the query the page runs. A
 * sequential scan of the clinic would still answer correctly, just ever slower as the clinic
 * grows; only the plan shows it, so the plan is what is asserted (never a duration).
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientSearchPlanTest {

    private static final int PATIENTS = 20_000;
    private static final int COMMON_SURNAME = 3_000;
    private static final List<String> OUR_INDEXES = List.of("patient_last_name_key_idx", "patient_first_name_key_idx",
            "patient_phone_key_idx", "patient_phone_suffix_key_idx", "patient_code_uk");
    private static final PhoneNumbers INDIA = PhoneNumbers.of("IN");
    private static final String[] SYLLABLES = {"pa", "ti", "kul", "kar", "ni", "de", "sh", "mu", "kh", "jo", "shi",
            "na", "ik", "wa", "dek", "ra", "ga", "ve", "so", "man", "ba", "ha", "lo", "che"};

    private static TestDatabase db;
    private static Clinic clinic;
    private static UUID somePatient;

    @BeforeAll
    static void aClinicOfTwentyThousandPatients(TestDatabase database) throws Exception {
        db = database;
        clinic = ClinicFixture.create(db);
        Random random = new Random(42);
        List<Row7<UUID, UUID, String, String, String, String, LocalDate>> rows = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            ids.add(Ids.newId());
            rows.add(DSL.row(clinic.id().value(), ids.getLast(),
                    "PT-" + clinic.code() + "-2021-" + String.format("%05d", i + 1),
                    capitalised(name(random, 2)), capitalised(name(random, 3)),
                    "+919" + String.format("%04d", random.nextInt(10_000)) + String.format("%05d", i),
                    LocalDate.of(1940, 1, 1).plusDays(random.nextInt(30_000))));
        }
        for (int from = 0; from < rows.size(); from += 2_000) {
            var chunk = rows.subList(from, Math.min(rows.size(), from + 2_000));
            db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(PATIENT)
                    .columns(PATIENT.CLINIC_ID, PATIENT.ID, PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME,
                            PATIENT.PHONE, PATIENT.DATE_OF_BIRTH)
                    .valuesOfRows(chunk)
                    .execute());
        }
        // a common surname, as Patil or Shah is at a Maharashtra desk: thousands share it
        List<Row7<UUID, UUID, String, String, String, String, LocalDate>> shahs = new ArrayList<>();
        for (int i = 0; i < COMMON_SURNAME; i++) {
            shahs.add(DSL.row(clinic.id().value(), Ids.newId(), "PT-" + clinic.code() + "-2022-" + String.format("%05d", i + 1),
                    capitalised(name(random, 2)), "Shah", "+91700" + String.format("%07d", i * 10 + 7), LocalDate.of(1950, 1, 1).plusDays(random.nextInt(20_000))));
        }
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(PATIENT)
                .columns(PATIENT.CLINIC_ID, PATIENT.ID, PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME,
                        PATIENT.PHONE, PATIENT.DATE_OF_BIRTH)
                .valuesOfRows(shahs)
                .execute());
        somePatient = ids.get(PATIENTS / 2);
        // fresh statistics, as autovacuum would gather them soon after such a load; ANALYZE
        // needs the table's owner, which the app role is not
        try (Connection admin = db.connectAsSuperuser(); Statement statement = admin.createStatement()) {
            statement.execute("ANALYZE santkrupa.patient");
        }
    }

    @TestFactory
    Stream<DynamicTest> every_kind_of_search_is_an_index_scan_under_rls_on_both_pages() {
        // what the user types, and what must be an index condition (not a filter row by row);
        // a one-letter prefix and the whole list may rather walk the name index in order
        List<String[]> searches = List.of(
                new String[] {"last-name prefix", "kulka", "last_name_key >= 'kulka'"},
                new String[] {"first-name or last-name prefix, one letter", "p", null},
                new String[] {"first and last name", "kar patin", "_name_key >= 'kar'"},
                new String[] {"phone prefix, with + and the country code", "+91 91234", "phone_key >= '9191234'"},
                new String[] {"whole phone number, as dialled in India", "091234 01234", "phone_key = '919123401234'"},
                new String[] {"whole phone number, in E.164", "+919123401234", "phone_key = '919123401234'"},
                new String[] {"last digits of the phone", "01234", "phone_suffix_key >= '43210'"},
                new String[] {"last digits of the phone, spaced", "20 01234", "phone_suffix_key >= '4321002'"},
                new String[] {"last digits, few", "919", "phone_suffix_key >= '919'"},
                new String[] {"code", "pt-" + clinic.code().toLowerCase() + "-2021-01234", "code = 'PT-"},
                new String[] {"everyone, by name", "", null});
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] search : searches) {
            for (UUID after : new UUID[] {null, somePatient}) {
                String name = search[0] + " (\"" + search[1] + "\"), " + (after == null ? "first page" : "next page");
                tests.add(dynamicTest(name, () -> {
                    String plan = plan(search[1], after);
                    assertThat(plan).as(plan).doesNotContain("Seq Scan");
                    assertThat(plan).as(plan).containsPattern("(Index Scan|Index Only Scan|Bitmap Index Scan) (using|on) ("
                            + String.join("|", OUR_INDEXES) + ")");
                    if (search[2] != null) {
                        assertThat(plan).as(plan).containsPattern("Index Cond: .*" + Pattern.quote(search[2]));
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void the_searches_find_what_the_plans_promise() {
        var found = db.tenants().readInClinic(clinic.id(), tx -> PatientSearch.run(tx, clinic.id(),
                PatientSearch.parse("pt-" + clinic.code().toLowerCase() + "-2021-01234", INDIA), null, 26));
        assertThat(found).singleElement().extracting(PatientQueries.PatientSummary::code)
                .isEqualTo("PT-" + clinic.code() + "-2021-01234");
        var page = db.tenants().readInClinic(clinic.id(), tx -> PatientSearch.run(tx, clinic.id(),
                PatientSearch.parse("k", INDIA), null, 26));
        assertThat(page).hasSize(26).allSatisfy(p -> assertThat(
                p.firstName().toLowerCase().startsWith("k") || p.lastName().toLowerCase().startsWith("k")).isTrue());
        // the phone numbers end with i as five digits: 01234 is patient 1,234's, and 11,234's ends with 11234
        var ending = db.tenants().readInClinic(clinic.id(), tx -> PatientSearch.run(tx, clinic.id(),
                PatientSearch.parse("01234", INDIA), null, 26));
        assertThat(ending).singleElement().extracting(PatientQueries.PatientSummary::code)
                .isEqualTo("PT-" + clinic.code() + "-2021-01235");
        var endingIn234 = db.tenants().readInClinic(clinic.id(), tx -> PatientSearch.run(tx, clinic.id(),
                PatientSearch.parse("234", INDIA), null, 26));
        assertThat(endingIn234).hasSize(20).allSatisfy(p -> assertThat(p.phone()).endsWith("234"));
        String national = INDIA.shown(ending.getFirst().phone());
        var whole = db.tenants().readInClinic(clinic.id(), tx -> PatientSearch.run(tx, clinic.id(),
                PatientSearch.parse(national, INDIA), null, 26));
        assertThat(whole).singleElement().isEqualTo(ending.getFirst());
    }

    /**
     * A name search reads a page, not every patient whose name matches: one OR of the last- and
     * first-name ranges read all 3,000 Shahs and sorted them (or walked the last-name index from
     * "a", filtering) for every page of "shah". Each node of the executed plan now touches at
     * most a page of rows, on the first page and on the next. Rows, not time, are asserted.
     */
    @Test
    void a_common_surname_reads_a_page_of_rows_not_everyone_who_has_it() {
        for (String q : List.of("shah", "shah d", "d shah")) {
            UUID[] afters = {null, null};
            List<PatientQueries.PatientSummary> first = db.tenants().readInClinic(clinic.id(), tx -> PatientSearch.run(tx,
                    clinic.id(), PatientSearch.parse(q, INDIA), null, 26));
            afters[1] = first.getLast().id();
            for (UUID after : afters) {
                String plan = analyzed(q, after);
                Matcher rows = Pattern.compile("actual rows=(\\d+)|actual time=\\S+ rows=(\\d+)").matcher(plan);
                int nodes = 0;
                while (rows.find()) {
                    int n = Integer.parseInt(rows.group(1) != null ? rows.group(1) : rows.group(2));
                    assertThat(n).as(q + ", " + (after == null ? "first" : "next") + " page: " + plan).isLessThanOrEqualTo(26);
                    nodes++;
                }
                assertThat(nodes).as(plan).isPositive();
                Matcher removed = Pattern.compile("Rows Removed by Filter: (\\d+)").matcher(plan);
                while (removed.find()) {
                    assertThat(Integer.parseInt(removed.group(1))).as(q + ": " + plan).isLessThanOrEqualTo(26);
                }
            }
        }
        var shahs = db.tenants().readInClinic(clinic.id(), tx -> PatientSearch.run(tx, clinic.id(),
                PatientSearch.parse("shah", INDIA), null, 26));
        assertThat(shahs).hasSize(26).allSatisfy(p -> assertThat(p.lastName().equals("Shah")
                || p.firstName().toLowerCase().startsWith("shah")).isTrue());
    }

    /** EXPLAIN ANALYZE of the search page's query, run as the app role in the clinic's tenant transaction. */
    private static String analyzed(String q, UUID after) {
        return db.tenants().readInClinic(clinic.id(), tx -> {
            var query = PatientSearch.query(tx, clinic.id(), PatientSearch.parse(q, INDIA), after, 26);
            // the query as jOOQ renders it, its values bound: nothing typed is spliced into the text
            return String.join("\n", tx.resultQuery("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + query.getSQL(),
                    query.getBindValues().toArray()).fetch(0, String.class));
        });
    }

    /** EXPLAIN of the search page's query, as the app role in the clinic's tenant transaction. */
    private static String plan(String q, UUID after) {
        return db.tenants().readInClinic(clinic.id(), tx -> tx.explain(
                PatientSearch.query(tx, clinic.id(), PatientSearch.parse(q, INDIA), after, 26)).plan());
    }

    private static String name(Random random, int syllables) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return name.toString();
    }

    private static String capitalised(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
