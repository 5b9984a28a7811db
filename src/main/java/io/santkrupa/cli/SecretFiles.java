package io.santkrupa.cli;

import io.santkrupa.web.auth.SigningKey;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each secret a command reads from the environment may instead be in a file that {@code <NAME>_FILE}
 * names (the Docker-secrets convention: /run/secrets/...), so it never sits in the process's
 * environment or a compose file. Read once at start; a trailing line break is not part of the value.
 */
final class SecretFiles {

    /** The secrets that may come from a file. */
    static final List<String> SECRETS = List.of(SigningKey.ENV, "DATABASE_OWNER_PASSWORD", "DATABASE_APP_PASSWORD",
            "DATABASE_PLATFORM_PASSWORD", "REPORTING_DATABASE_PASSWORD", "MAINTENANCE_DATABASE_PASSWORD",
            "SEED_DATABASE_PASSWORD");

    private SecretFiles() {
    }

    /**
     * {@code environment} with every {@code <NAME>_FILE} read into {@code <NAME>}.
     *
     * @throws IllegalArgumentException naming the variable when both are set, or the file cannot be
     *                                  read or is empty (never with the file's content)
     */
    static Map<String, String> resolve(Map<String, String> environment) {
        Map<String, String> resolved = new HashMap<>(environment);
        for (String name : SECRETS) {
            String file = environment.get(name + "_FILE");
            if (file == null || file.isBlank()) {
                continue;
            }
            if (environment.containsKey(name)) {
                throw new IllegalArgumentException(name + " and " + name + "_FILE are both set: set only one of them.");
            }
            String value;
            try {
                value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | InvalidPathException e) {
                String why = e instanceof NoSuchFileException ? "no such file"
                        : e instanceof AccessDeniedException ? "permission denied" : "not a readable file";
                throw new IllegalArgumentException(name + "_FILE names " + file + ", which cannot be read (" + why + ").");
            }
            value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                    : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
            if (value.isEmpty()) {
                throw new IllegalArgumentException(name + "_FILE names " + file + ", which is empty.");
            }
            resolved.put(name, value);
        }
        return Collections.unmodifiableMap(resolved);
    }
}
