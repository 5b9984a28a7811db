package io.santkrupa.codegen;

import io.santkrupa.db.DatabaseConfig;
import io.santkrupa.db.EmbeddedDatabase;
import io.santkrupa.db.Migrations;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Jdbc;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Regenerates the jOOQ classes from the real schema: starts a throw-away embedded PostgreSQL,
 * applies db/migration with Flyway (RLS statements and all), and runs jOOQ's generator against
 * it with jooq-codegen/jooq-codegen.xml. Run it with {@code mvn -P jooq-codegen process-test-classes}.
 */
public final class RegenerateJooq {

    static final Path CONFIG = Path.of("jooq-codegen", "jooq-codegen.xml");

    private RegenerateJooq() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "src/generated/java");
        Path dataDir = Files.createTempDirectory("santkrupa-codegen");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, true)) {
            Migrations.migrate(database.config());
            generate(database.config(), target);
        }
        System.out.println("jOOQ classes regenerated in " + target.toAbsolutePath());
    }

    /** Generates into {@code target} from the migrated database behind {@code config}. */
    public static void generate(DatabaseConfig config, Path target) throws Exception {
        Configuration configuration;
        try (InputStream in = Files.newInputStream(CONFIG)) {
            configuration = GenerationTool.load(in);
        }
        configuration.withJdbc(new Jdbc()
                .withDriver("org.postgresql.Driver")
                .withUrl(config.jdbcUrl())
                .withUser(config.owner().user())
                .withPassword(config.owner().password()));
        configuration.getGenerator().getTarget().withDirectory(target.toAbsolutePath().toString());
        GenerationTool.generate(configuration);
    }
}
