package io.santkrupa.web.auth;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No production code may switch on jjwt's unsecured modes: they accept {@code alg: none}
 * tokens, or decompress unauthenticated payloads. A source scan, so the switch cannot hide
 * behind a flag or a configuration path that the other tests never take.
 */
class NoUnsecuredJwtTest {

    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
    private static final Pattern UNSECURED = Pattern.compile(
            "\\bunsecured\\s*\\(|enableUnsecuredJws|enableUnsecuredDecompression|unsecuredDecompression");

    @Test
    void no_main_source_file_enables_unsecured_jwts() throws IOException {
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(MAIN_SOURCES)) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        List<String> offences = new ArrayList<>();
        for (Path source : sources) {
            offences.addAll(offences(source, read(source)));
        }

        // the walk really reached the code that parses tokens
        assertThat(sources).contains(MAIN_SOURCES.resolve("io/santkrupa/web/auth/AccessTokens.java"));
        assertThat(offences).isEmpty();
    }

    @Test
    void the_scan_recognises_every_unsecured_switch() {
        for (String line : List.of(
                "Jwts.parser().unsecured().verifyWith(key)",
                "Jwts.parser().unsecured ().build()",
                "Jwts.parser().unsecuredDecompression()",
                "Jwts.parserBuilder().enableUnsecuredJws()",
                "builder.enableUnsecuredDecompression();")) {
            assertThat(offences(Path.of("Example.java"), line)).as(line).hasSize(1);
        }
        assertThat(offences(Path.of("Example.java"), "// unsecured JWTs stay disallowed")).isEmpty();
    }

    private static List<String> offences(Path source, String text) {
        List<String> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (UNSECURED.matcher(lines[i]).find()) {
                found.add(source + ":" + (i + 1) + ": " + lines[i].strip());
            }
        }
        return found;
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
