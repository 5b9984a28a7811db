package io.santkrupa.cli;

import io.santkrupa.db.RlsReport;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reviewer's one command prints every table's posture and the linter's verdict. */
@ExtendWith(TestDatabaseExtension.class)
class RlsReportCommandTest {

    @Test
    void the_report_lists_every_table_enabled_and_forced_with_its_policies(TestDatabase db) throws Exception {
        List<RlsReport.TablePosture> tables;
        try (Connection owner = db.config().connectAsOwner()) {
            tables = RlsReport.read(owner);
        }
        assertThat(tables).hasSize(31).allSatisfy(table -> {
            assertThat(table.rlsEnabled()).as(table.table()).isTrue();
            assertThat(table.rlsForced()).as(table.table()).isTrue();
            assertThat(table.policies()).as(table.table()).isNotEmpty();
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatabaseChecks.report(db.config(), new PrintStream(out, true, StandardCharsets.UTF_8), true);
        String printed = out.toString(StandardCharsets.UTF_8);
        for (RlsReport.TablePosture table : tables) {
            assertThat(printed).contains(table.schema() + "." + table.table());
            table.policies().forEach(policy -> assertThat(printed).contains(policy.name()));
        }
        // the app policies call the verified context bare (V058), with no sub-select left anywhere
        assertThat(printed).contains("USING      (clinic_id = santkrupa.current_clinic_id())")
                .doesNotContain("SELECT santkrupa.current_clinic_id()")
                .contains("31 tables, 73 policies").contains("RLS linter: no findings");
        // the DBAs' report views: each reads with its caller's rights, and only the reporting role may select it
        List<RlsReport.ViewPosture> views;
        try (Connection owner = db.config().connectAsOwner()) {
            views = RlsReport.readViews(owner);
        }
        assertThat(views).hasSize(6).allSatisfy(view -> {
            assertThat(view.schema()).isEqualTo("santkrupa_reporting");
            assertThat(view.securityInvoker()).as(view.view()).isTrue();
            assertThat(view.readers()).as(view.view()).containsExactly("santkrupa_reporting");
        });
        assertThat(printed).containsPattern("(?m)^santkrupa_reporting\\.clinic_usage +yes +santkrupa_reporting$")
                .contains("6 views");
    }

    @Test
    void rls_report_runs_from_the_command_line_on_a_fresh_embedded_database(@TempDir Path dataDir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exitCode;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exitCode = new CommandLine(new RlsReportCommand()).execute("--data-dir", dataDir.toString());
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).as(printed).isZero();
        assertThat(printed).contains("santkrupa.patient", "santkrupa_platform.platform_admin", "RLS linter: no findings");
    }
}
