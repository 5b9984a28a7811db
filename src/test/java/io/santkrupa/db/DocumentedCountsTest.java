package io.santkrupa.db;

import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The numbers the docs give for the schema -- tables, tenant tables, tables the app role has full
 * DML on, policies, the linter's deliberate mistakes -- are the migrated catalog's. Every
 * "&lt;number&gt; ... tables" in README.md and db/README.md must be one of the checked phrases, so
 * a new count cannot be written without a check, and none can drift when a migration adds a table.
 */
@ExtendWith(TestDatabaseExtension.class)
class DocumentedCountsTest {

    /** Any count of tables: a number, at most two words, then "table(s)". */
    private static final Pattern ANY_TABLE_COUNT = Pattern.compile("\\b\\d+(?:\\s+[\\w`-]+){0,2}\\s+tables?\\b");

    private static final String APP = DatabaseRoles.APP;

    private static int tablesOfClinics;
    private static int tablesOfPlatform;
    private static int tenantTables;
    private static Set<String> fullDml;
    private static int policies;

    @BeforeAll
    static void readCatalog(TestDatabase db) throws SQLException {
        try (Connection owner = db.connectAsOwner()) {
            tablesOfClinics = tables(owner, "santkrupa").size();
            tablesOfPlatform = tables(owner, "santkrupa_platform").size();
            tenantTables = Catalog.query(owner, """
                            SELECT count(*) FROM pg_catalog.pg_class c
                              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = 'santkrupa' AND c.relkind IN ('r', 'p')
                               AND EXISTS (SELECT FROM pg_catalog.pg_attribute a
                                            WHERE a.attrelid = c.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped)
                            """, rs -> rs.getInt(1)).getFirst();
            // has_table_privilege with a list answers "any of them": each of the four is asked alone
            fullDml = new TreeSet<>(Catalog.query(owner, """
                            SELECT c.relname FROM pg_catalog.pg_class c
                              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = 'santkrupa' AND c.relkind IN ('r', 'p')
                               AND pg_catalog.has_table_privilege(?, c.oid, 'SELECT')
                               AND pg_catalog.has_table_privilege(?, c.oid, 'INSERT')
                               AND pg_catalog.has_table_privilege(?, c.oid, 'UPDATE')
                               AND pg_catalog.has_table_privilege(?, c.oid, 'DELETE')
                            """, rs -> rs.getString(1), APP, APP, APP, APP));
            policies = Catalog.query(owner, """
                            SELECT count(*) FROM pg_catalog.pg_policies
                             WHERE schemaname IN ('santkrupa', 'santkrupa_platform')
                            """, rs -> rs.getInt(1)).getFirst();
        }
    }

    private static List<String> tables(Connection c, String schema) throws SQLException {
        return Catalog.query(c, """
                        SELECT c.relname FROM pg_catalog.pg_class c
                          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
                        """, rs -> rs.getString(1), schema);
    }

    @Test
    void db_readme_counts_the_tables_and_policies_the_catalog_has() throws IOException {
        Doc doc = new Doc("db/README.md");

        doc.expect("on (\\d+) tenant tables \\(listed below\\)", fullDml.size());
        MatchResult listed = doc.expect("The (\\d+) tables where `santkrupa_app` has full DML are ([^.]+)", fullDml.size());
        Set<String> names = new TreeSet<>();
        Matcher name = Pattern.compile("`([a-z_]+)`").matcher(listed.group(2));
        while (name.find()) {
            names.add(name.group(1));
        }
        names.remove("santkrupa_app");
        assertThat(names).as("the tables listed as the app role's full DML").isEqualTo(fullDml);

        doc.expect("`SELECT` on all (\\d+) tables of `santkrupa`", tablesOfClinics);
        doc.expect("the clinic registry and (\\d+) tenant tables, (\\d+) tables in all", tenantTables, tablesOfClinics);
        doc.expect("(\\d+) tables, (\\d+) policies", tablesOfClinics + tablesOfPlatform, policies);
        doc.expect("The current schema has (\\d+) tables \\((\\d+) in `santkrupa`, (\\d+) in `santkrupa_platform`\\) "
                + "and (\\d+) policies", tablesOfClinics + tablesOfPlatform, tablesOfClinics, tablesOfPlatform, policies);
        doc.expect("`rls-report` lists all (\\d+) tables", tablesOfClinics + tablesOfPlatform);
        doc.expect("For each of the (\\d+) policies", policies);
        doc.expect("(\\d+) deliberate mistakes", (int) RlsLinterTest.badChanges().count());

        assertThat(doc.uncheckedTableCounts()).as("counts of tables in db/README.md that no check covers").isEmpty();
    }

    @Test
    void readme_counts_the_linters_mistakes_and_no_tables_unchecked() throws IOException {
        Doc doc = new Doc("README.md");

        doc.expect("catches (\\d+) deliberate mistakes", (int) RlsLinterTest.badChanges().count());

        assertThat(doc.uncheckedTableCounts()).as("counts of tables in README.md that no check covers").isEmpty();
    }

    /** A document whose checked phrases are blanked out as they are checked. */
    private static final class Doc {
        private final String path;
        private String unchecked;
        private final String text;

        Doc(String path) throws IOException {
            this.path = path;
            this.text = Files.readString(Path.of(path), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
            this.unchecked = text;
        }

        /** Every occurrence of {@code phrase} (at least one) carries {@code numbers} in its groups; the first one. */
        MatchResult expect(String phrase, int... numbers) {
            List<MatchResult> found = Pattern.compile(phrase).matcher(text).results().toList();
            assertThat(found).as("%s says \"%s\" (reworded? keep the check in step)", path, phrase).isNotEmpty();
            for (MatchResult match : found) {
                for (int i = 0; i < numbers.length; i++) {
                    assertThat(Integer.parseInt(match.group(i + 1)))
                            .as("%s: \"%s\", number %d", path, match.group(), i + 1).isEqualTo(numbers[i]);
                }
            }
            unchecked = Pattern.compile(phrase).matcher(unchecked).replaceAll("");
            return found.getFirst();
        }

        List<String> uncheckedTableCounts() {
            List<String> left = new ArrayList<>();
            Matcher count = ANY_TABLE_COUNT.matcher(unchecked);
            while (count.find()) {
                left.add(count.group());
            }
            return left;
        }
    }
}
