package io.santkrupa.db;

import io.santkrupa.codegen.RegenerateJooq;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed jOOQ classes are what the generator makes of db/migration today. When this
 * fails, run {@code mvn -P jooq-codegen process-test-classes} and commit the result.
 */
@ExtendWith(TestDatabaseExtension.class)
class JooqCodegenDriftTest {

    private static final Path COMMITTED = Path.of("src", "generated", "java");

    @Test
    void committed_jooq_classes_match_the_migrated_schema(TestDatabase db, @TempDir Path fresh) throws Exception {
        RegenerateJooq.generate(db.config(), fresh);
        Map<String, String> expected = javaFiles(fresh);
        Map<String, String> committed = javaFiles(COMMITTED);
        assertThat(expected).as("generated files").isNotEmpty();
        List<String> drift = new ArrayList<>();
        for (String file : expected.keySet()) {
            if (!committed.containsKey(file)) {
                drift.add("missing: " + file);
            } else if (!committed.get(file).equals(expected.get(file))) {
                drift.add("out of date: " + file);
            }
        }
        committed.keySet().stream().filter(file -> !expected.containsKey(file)).forEach(file -> drift.add("stale: " + file));
        assertThat(drift).as("src/generated/java differs from db/migration; run mvn -P jooq-codegen process-test-classes")
                .isEmpty();
    }

    private static Map<String, String> javaFiles(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                files.put(root.relativize(path).toString(), Files.readString(path));
            }
        }
        return files;
    }
}
