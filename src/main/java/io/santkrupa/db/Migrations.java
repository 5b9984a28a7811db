package io.santkrupa.db;

import io.santkrupa.db.migration.V038PatientPhonesToE164;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.util.Arrays;
import java.util.List;

/**
 * Applies db/migration as the owner role, and the few migrations that must be Java (they need a
 * library SQL does not have; each says why). Flyway's history stays outside the application schema.
 */
public final class Migrations {

    private Migrations() {
    }

    public static MigrateResult migrate(DatabaseConfig config) {
        return flyway(config).migrate();
    }

    /** The version the schema is at now, e.g. "018". */
    public static String currentVersion(DatabaseConfig config) {
        var current = flyway(config).info().current();
        return current == null ? "(empty)" : current.getVersion().getVersion();
    }

    /** The versions of the migrations the database has not applied yet, oldest first (reads only). */
    public static List<String> pending(DatabaseConfig config) {
        return Arrays.stream(flyway(config).info().pending()).map(m -> m.getVersion().getVersion()).toList();
    }

    static Flyway flyway(DatabaseConfig config) {
        return Flyway.configure()
                .dataSource(config.jdbcUrl(), config.owner().user(), config.owner().password())
                .locations("classpath:db/migration")
                .javaMigrations(new V038PatientPhonesToE164())
                .defaultSchema(DatabaseRoles.MIGRATION_HISTORY_SCHEMA)
                .schemas(DatabaseRoles.MIGRATION_HISTORY_SCHEMA)
                .createSchemas(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
    }
}
