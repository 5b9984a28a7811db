package io.santkrupa.db;

import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The RLS linter passes on the live schema, and catches each way a migration could break
 * isolation: every bad change below is made by the superuser in a transaction that is rolled
 * back, and the linter, run inside it, must name it.
 */
@ExtendWith(TestDatabaseExtension.class)
class RlsLinterTest {

    @Test
    void the_migrated_schema_has_no_findings(TestDatabase db) throws SQLException {
        try (Connection owner = db.connectAsOwner()) {
            assertThat(RlsLinter.findings(owner)).isEmpty();
        }
    }

    static Stream<Arguments> badChanges() {
        return Stream.of(
                arguments("RLS not forced", "ALTER TABLE santkrupa.patient NO FORCE ROW LEVEL SECURITY",
                        "santkrupa.patient: row-level security must be enabled and forced"),
                arguments("RLS disabled", "ALTER TABLE santkrupa.medicine DISABLE ROW LEVEL SECURITY",
                        "santkrupa.medicine: row-level security must be enabled and forced"),
                arguments("new table without RLS", "CREATE TABLE santkrupa.scratch (id int)",
                        "santkrupa.scratch: row-level security must be enabled and forced"),
                arguments("new table without an app policy", """
                        CREATE TABLE santkrupa.note_draft (clinic_id uuid NOT NULL REFERENCES santkrupa.clinic (id),
                                                           id uuid NOT NULL, PRIMARY KEY (clinic_id, id));
                        ALTER TABLE santkrupa.note_draft ENABLE ROW LEVEL SECURITY;
                        ALTER TABLE santkrupa.note_draft FORCE ROW LEVEL SECURITY""",
                        "santkrupa.note_draft: no policy for the app role"),
                arguments("IS NULL OR escape", """
                        CREATE POLICY leak ON santkrupa.patient TO santkrupa_app
                          USING (clinic_id IS NULL OR clinic_id = (SELECT santkrupa.current_clinic_id()))""",
                        "policy leak: has an `IS NULL OR` escape"),
                arguments("app policy keyed on id instead of clinic_id", """
                        CREATE POLICY by_id ON santkrupa.patient TO santkrupa_app
                          USING (id = (SELECT santkrupa.current_clinic_id()))""",
                        "policy by_id: must be the bare `clinic_id = santkrupa.current_clinic_id()`"),
                arguments("reporting role reading password hashes",
                        "GRANT SELECT (password_hash) ON santkrupa.app_user TO santkrupa_reporting",
                        "santkrupa.app_user.password_hash: secret readable by role santkrupa_reporting"),
                arguments("platform role reading documents",
                        "GRANT SELECT ON santkrupa.stored_file TO santkrupa_platform",
                        "santkrupa.stored_file.content: secret readable by role santkrupa_platform"),
                arguments("always-true app policy",
                        "CREATE POLICY open ON santkrupa.medicine FOR SELECT TO santkrupa_app USING (true)",
                        "policy open: always true"),
                arguments("app policy that is not bare", """
                        CREATE POLICY joined ON santkrupa.doctor TO santkrupa_app
                          USING (clinic_id IN (SELECT c.id FROM santkrupa.clinic c))""",
                        "policy joined: must be the bare"),
                arguments("policy for PUBLIC", """
                        CREATE POLICY everyone ON santkrupa.lab_test
                          USING (clinic_id = (SELECT santkrupa.current_clinic_id()))""",
                        "policy everyone: applies to PUBLIC"),
                arguments("reporting policy that writes",
                        "CREATE POLICY rw ON santkrupa.patient FOR UPDATE TO santkrupa_reporting USING (true)",
                        "policy rw: the reporting role may only have SELECT policies"),
                arguments("platform policy on patient data",
                        "CREATE POLICY peek ON santkrupa.patient FOR SELECT TO santkrupa_platform USING (true)",
                        "policy peek: the platform role may only manage"),
                arguments("primary key without clinic_id", """
                        CREATE TABLE santkrupa.bad_pk (clinic_id uuid NOT NULL REFERENCES santkrupa.clinic (id),
                                                       id uuid PRIMARY KEY)""",
                        "santkrupa.bad_pk: primary key must be (clinic_id, id)"),
                arguments("clinic_id that is not a uuid", """
                        CREATE TABLE santkrupa.texty (clinic_id text NOT NULL, id uuid NOT NULL,
                                                      PRIMARY KEY (clinic_id, id))""",
                        "santkrupa.texty: clinic_id must be uuid NOT NULL"),
                // on (license_number, id), not (license_number) alone: the shared test database holds the same
                // license number in several clinics (it is unique per clinic), so that index could not be built
                arguments("unique constraint without clinic_id",
                        "ALTER TABLE santkrupa.doctor ADD CONSTRAINT doctor_license_global_uk UNIQUE (license_number, id)",
                        "constraint doctor_license_global_uk must include clinic_id"),
                arguments("index not leading with clinic_id",
                        "CREATE INDEX patient_phone_only_idx ON santkrupa.patient (phone)",
                        "index patient_phone_only_idx must lead with clinic_id"),
                arguments("foreign key matching clinic_id to the wrong column", """
                        ALTER TABLE santkrupa.patient_visit ADD CONSTRAINT visit_doctor_crossed_fk
                          FOREIGN KEY (doctor_id, clinic_id) REFERENCES santkrupa.doctor (clinic_id, id) NOT VALID""",
                        "foreign key visit_doctor_crossed_fk must match clinic_id to doctor.clinic_id"),
                arguments("foreign key to a table of no clinic", """
                        ALTER TABLE santkrupa.audit_event ADD COLUMN admin_id uuid
                          CONSTRAINT audit_event_admin_fk REFERENCES santkrupa_platform.platform_admin (id)""",
                        "foreign key audit_event_admin_fk references santkrupa_platform.platform_admin, which is not a tenant table"),
                arguments("view that is not security_invoker",
                        "CREATE VIEW santkrupa.patient_names AS SELECT clinic_id, first_name FROM santkrupa.patient",
                        "santkrupa.patient_names: views must be security_invoker"),
                arguments("materialized view",
                        "CREATE MATERIALIZED VIEW santkrupa.patient_totals AS SELECT count(*) FROM santkrupa.patient",
                        "santkrupa.patient_totals: materialized views cannot be protected by RLS"),
                arguments("SECURITY DEFINER function without search_path", """
                        CREATE FUNCTION santkrupa.count_patients() RETURNS bigint LANGUAGE sql SECURITY DEFINER
                          AS 'SELECT count(*) FROM santkrupa.patient'""",
                        "santkrupa.count_patients(): SECURITY DEFINER function without a pinned search_path"),
                arguments("TRUNCATE granted to the app role", "GRANT TRUNCATE ON santkrupa.patient TO santkrupa_app",
                        "santkrupa.patient: role santkrupa_app has [TRUNCATE]"),
                arguments("REFERENCES granted to the app role", "GRANT REFERENCES (id) ON santkrupa.doctor TO santkrupa_app",
                        "santkrupa.doctor: role santkrupa_app has [REFERENCES]"),
                arguments("app role owning a table", "ALTER TABLE santkrupa.medicine OWNER TO santkrupa_app",
                        "role santkrupa_app owns relation santkrupa.medicine"),
                arguments("app role bypassing RLS", "ALTER ROLE santkrupa_app BYPASSRLS",
                        "role santkrupa_app bypasses RLS"),
                arguments("app role inheriting the owner", "GRANT santkrupa_owner TO santkrupa_app",
                        "role santkrupa_app is a member of [santkrupa_owner]"),
                arguments("app role reaching the platform schema",
                        "GRANT USAGE ON SCHEMA santkrupa_platform TO santkrupa_app",
                        "santkrupa_platform: the app role must have no access to the platform schema"),
                arguments("owner policy no function needs",
                        "CREATE POLICY peek ON santkrupa.doctor_note FOR SELECT TO santkrupa_owner USING (true)",
                        "policy peek: the owner role may only have the policies its SECURITY DEFINER functions need"),
                arguments("owner provisioning policy widened to any role",
                        "ALTER POLICY app_user_owner_provision ON santkrupa.app_user WITH CHECK (true)",
                        "policy app_user_owner_provision: the owner role may only have the policies"),
                arguments("platform role writing the registry again",
                        "CREATE POLICY edit ON santkrupa.clinic FOR UPDATE TO santkrupa_platform USING (true)",
                        "policy edit: the platform role may only manage its own tables and read the clinic registry"),
                arguments("platform role planting users again", """
                        CREATE POLICY plant ON santkrupa.app_user FOR INSERT TO santkrupa_platform
                          WITH CHECK (role = 'clinic_admin')""",
                        "policy plant: the platform role may only manage its own tables"),
                arguments("platform audit trail that can be rewritten",
                        "GRANT UPDATE (detail) ON santkrupa_platform.platform_audit_event TO santkrupa_platform",
                        "santkrupa_platform.platform_audit_event: audit trail is append-only, but role santkrupa_platform"),
                arguments("clinic audit trail that can be deleted",
                        "GRANT DELETE ON santkrupa.audit_event TO santkrupa_app",
                        "santkrupa.audit_event: audit trail is append-only, but role santkrupa_app"),
                arguments("patients a list showed that can be rewritten",
                        "GRANT UPDATE (patient_id) ON santkrupa.audit_event_patient TO santkrupa_app",
                        "santkrupa.audit_event_patient: audit trail is append-only, but role santkrupa_app"),
                arguments("a refusal's count that can be pinned on someone else",
                        "GRANT UPDATE (actor_user_id) ON santkrupa.audit_event_repeat TO santkrupa_app",
                        "santkrupa.audit_event_repeat: role santkrupa_app may change more than the count (actor_user_id)"),
                arguments("a refusal's count that can be removed",
                        "GRANT DELETE ON santkrupa.audit_event_repeat TO santkrupa_app",
                        "santkrupa.audit_event_repeat: role santkrupa_app may change more than the count (DELETE or TRUNCATE)"),
                arguments("reporting reading a file's fingerprint",
                        "GRANT SELECT (sha256) ON santkrupa.stored_file TO santkrupa_reporting",
                        "santkrupa.stored_file.sha256: secret readable by role santkrupa_reporting"),
                arguments("app role giving itself no statement timeout",
                        "ALTER ROLE santkrupa_app SET statement_timeout = 0",
                        "role santkrupa_app: statement_timeout=0"),
                arguments("platform role giving itself its own search path",
                        "ALTER ROLE santkrupa_platform SET search_path = pg_temp, public",
                        "role santkrupa_platform: search_path=pg_temp, public"),
                arguments("app role allowed to create large objects",
                        "GRANT EXECUTE ON FUNCTION pg_catalog.lo_from_bytea(oid, bytea) TO santkrupa_app",
                        "role santkrupa_app may call lo_from_bytea(oid,bytea)"),
                arguments("app role owning a large object",
                        "DO $$ BEGIN EXECUTE format('ALTER LARGE OBJECT %s OWNER TO santkrupa_app', lo_from_bytea(0, '\\x01'::bytea)); END $$",
                        "role santkrupa_app owns 1 large object(s)"),
                arguments("app insert policy that checks nothing", """
                        CREATE POLICY anything ON santkrupa.medicine FOR INSERT TO santkrupa_app WITH CHECK (true)""",
                        "policy anything: always true"),
                arguments("app policy that only asks for some clinic", """
                        CREATE POLICY any_clinic ON santkrupa.doctor FOR SELECT TO santkrupa_app
                          USING (clinic_id IS NOT NULL)""",
                        "policy any_clinic: must be the bare `clinic_id = santkrupa.current_clinic_id()`"),
                arguments("app policy that still calls the context through a sub-select", """
                        CREATE POLICY old_form ON santkrupa.doctor FOR SELECT TO santkrupa_app
                          USING (clinic_id = (SELECT santkrupa.current_clinic_id()))""",
                        "policy old_form: must be the bare `clinic_id = santkrupa.current_clinic_id()`"),
                arguments("permissive policy shared by the app and the reporting role", """
                        CREATE POLICY shared ON santkrupa.medicine FOR SELECT TO santkrupa_app, santkrupa_reporting
                          USING (clinic_id = santkrupa.current_clinic_id())""",
                        "policy shared: the app role's policy must be its own"),
                arguments("index leading with an expression",
                        "CREATE INDEX patient_lower_name_idx ON santkrupa.patient (lower(last_name), clinic_id)",
                        "index patient_lower_name_idx must lead with clinic_id"),
                arguments("function owned by another role than the owner", """
                        CREATE FUNCTION santkrupa.patients_everywhere() RETURNS bigint LANGUAGE sql STABLE
                          AS 'SELECT 1::bigint'""",
                        "santkrupa.patients_everywhere(): owned by"),
                arguments("SECURITY DEFINER function searching pg_temp first", """
                        CREATE FUNCTION santkrupa.first_temp() RETURNS int LANGUAGE sql SECURITY DEFINER
                          SET search_path = pg_temp, pg_catalog AS 'SELECT 1'""",
                        "santkrupa.first_temp(): SECURITY DEFINER function's search_path must name pg_temp last"),
                arguments("SECURITY DEFINER function that leaves pg_temp implicit (searched first)", """
                        CREATE FUNCTION santkrupa.implicit_temp() RETURNS int LANGUAGE sql SECURITY DEFINER
                          SET search_path = pg_catalog AS 'SELECT 1'""",
                        "santkrupa.implicit_temp(): SECURITY DEFINER function's search_path must name pg_temp last"),
                arguments("clinic context that trusts any setting again", """
                        CREATE OR REPLACE FUNCTION santkrupa.current_clinic_id() RETURNS uuid LANGUAGE sql STABLE
                          AS $$ SELECT nullif(current_setting('app.clinic_id', true), '')::uuid $$""",
                        "santkrupa.current_clinic_id(): must be the owner's SECURITY DEFINER function that verifies"),
                arguments("app role reaching the context key",
                        "GRANT USAGE ON SCHEMA santkrupa_private TO santkrupa_app",
                        "santkrupa_private: role santkrupa_app may reach the clinic context's key"),
                arguments("reporting reading the context key",
                        "GRANT SELECT ON santkrupa_private.tenant_context_key TO santkrupa_reporting",
                        "santkrupa_private: role santkrupa_reporting may reach the clinic context's key"),
                arguments("app role reading other sessions' statements",
                        "GRANT SELECT ON pg_catalog.pg_stat_activity TO santkrupa_app",
                        "role santkrupa_app may read other sessions' statements through pg_catalog.pg_stat_activity"),
                arguments("a view that only borrows the name of Citus's catalog", """
                        CREATE VIEW public.citus_tables AS SELECT clinic_id, first_name FROM santkrupa.patient;
                        GRANT SELECT ON public.citus_tables TO PUBLIC""",
                        "citus_tables: role santkrupa_app has [data access outside santkrupa]"),
                arguments("app role reading outside the application schema",
                        "GRANT SELECT ON santkrupa_flyway.flyway_schema_history TO santkrupa_app",
                        "role santkrupa_app has [data access outside santkrupa]"),
                arguments("report view that reads with its owner's rights",
                        "CREATE VIEW santkrupa_reporting.plain AS SELECT id, slug FROM santkrupa.clinic",
                        "santkrupa_reporting.plain: views must be security_invoker"),
                arguments("table in the reporting schema",
                        "CREATE TABLE santkrupa_reporting.snapshot (clinic_id uuid, visits bigint)",
                        "santkrupa_reporting.snapshot: the reporting schema holds views only"),
                arguments("report view showing patients' names", """
                        CREATE VIEW santkrupa_reporting.surnames WITH (security_invoker = true) AS
                          SELECT clinic_id, last_name, count(*) AS patients FROM santkrupa.patient GROUP BY 1, 2""",
                        "santkrupa_reporting.surnames: reads santkrupa.patient.last_name"),
                arguments("report view reading whole rows", """
                        CREATE VIEW santkrupa_reporting.everything WITH (security_invoker = true) AS
                          SELECT p.clinic_id, to_jsonb(p) AS patient FROM santkrupa.patient AS p""",
                        "santkrupa_reporting.everything: reads whole rows"),
                arguments("report view the reporting role may write",
                        "GRANT INSERT, UPDATE ON santkrupa_reporting.clinic_usage TO santkrupa_reporting",
                        "santkrupa_reporting.clinic_usage: role santkrupa_reporting may write it"),
                arguments("report view readable by the app role", """
                        GRANT USAGE ON SCHEMA santkrupa_reporting TO santkrupa_app;
                        GRANT SELECT ON santkrupa_reporting.visits_per_day TO santkrupa_app""",
                        "santkrupa_reporting.visits_per_day: role santkrupa_app may read it"),
                arguments("reporting schema open to the platform role",
                        "GRANT USAGE ON SCHEMA santkrupa_reporting TO santkrupa_platform",
                        "santkrupa_reporting: role santkrupa_platform may use the reporting schema"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badChanges")
    void the_linter_reports(String change, String ddl, String expectedFinding, TestDatabase db) throws SQLException {
        try (Connection superuser = db.connectAsSuperuser()) {
            superuser.setAutoCommit(false);
            try {
                try (Statement statement = superuser.createStatement()) {
                    statement.execute(ddl); // a fixed statement of this test, never input
                }
                List<String> findings = RlsLinter.findings(superuser);
                assertThat(findings).as(change).anyMatch(finding -> finding.contains(expectedFinding));
            } finally {
                superuser.rollback();
            }
        }
    }

    @Test
    void the_server_version_floor_matches_the_published_rls_fixes() {
        assertThat(ServerVersion.problem(140020)).isPresent();
        assertThat(ServerVersion.problem(150013)).isPresent();
        assertThat(ServerVersion.problem(150014)).isEmpty();
        assertThat(ServerVersion.problem(160009)).isPresent();
        assertThat(ServerVersion.problem(160010)).isEmpty();
        assertThat(ServerVersion.problem(170005)).isPresent();
        assertThat(ServerVersion.problem(170006)).isEmpty();
        assertThat(ServerVersion.problem(180000)).isEmpty();
        assertThat(ServerVersion.problem(190001)).isEmpty();
    }

    @Test
    void the_test_server_itself_is_supported(TestDatabase db) throws SQLException {
        try (Connection app = db.connectAsApp()) {
            assertThat(ServerVersion.problem(ServerVersion.of(app))).isEmpty();
        }
    }
}
