package io.santkrupa.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies db/migration as the owner role. Flyway's history stays outside the application schema. */
public final class Migrations {

    private Migrations() {
    }

    public static MigrateResult migrate(DatabaseConfig config) {
        return flyway(config).migrate();
    }

    static Flyway flyway(DatabaseConfig config) {
        return Flyway.configure()
                .dataSource(config.jdbcUrl(), config.owner().user(), config.owner().password())
                .locations("classpath:db/migration")
                .defaultSchema(DatabaseRoles.MIGRATION_HISTORY_SCHEMA)
                .schemas(DatabaseRoles.MIGRATION_HISTORY_SCHEMA)
                .createSchemas(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
    }
}
