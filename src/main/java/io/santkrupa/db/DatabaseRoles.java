package io.santkrupa.db;

/**
 * The database roles created by db/bootstrap/roles.sql. Their names are part of the schema:
 * the policies in db/migration name them.
 */
public final class DatabaseRoles {

    /** Owns the schemas and tables; runs migrations; nothing else. */
    public static final String OWNER = "santkrupa_owner";
    /** The HTTP tier's pool: DML on tenant tables under RLS. */
    public static final String APP = "santkrupa_app";
    /** The platform console's pool: clinic registry and first-admin provisioning. */
    public static final String PLATFORM = "santkrupa_platform";
    /** Read-only across clinics; a NOLOGIN group granted to DBAs. */
    public static final String REPORTING = "santkrupa_reporting";

    /** The schema of the application's tables. */
    public static final String APP_SCHEMA = "santkrupa";
    /** The schema of the platform administrators' tables. */
    public static final String PLATFORM_SCHEMA = "santkrupa_platform";
    /** The DBAs' cross-clinic report views (security_invoker), read by the reporting role only. */
    public static final String REPORTING_SCHEMA = "santkrupa_reporting";
    /** Flyway's history table lives here, outside the application schema. */
    public static final String MIGRATION_HISTORY_SCHEMA = "santkrupa_flyway";

    private DatabaseRoles() {
    }
}
