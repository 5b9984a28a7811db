package io.santkrupa.adversarial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fuzz's figures, kept while it runs and written as the suite's "fuzz" section
 * ({@code target/adversarial/sections/fuzz.md}, joined into the summary by {@link AdversarialReport}): what was fuzzed, how many requests, how they
 * were answered, which invariants were checked, and every violation.
 */
final class FuzzFigures {

    static final Path SECTION = AdversarialReport.SECTIONS.resolve("fuzz.md");

    private final Map<String, Part> parts = new ConcurrentHashMap<>();
    private final List<String> invariants = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** One part of the fuzz (the API, the forms, stored payloads): its targets, requests and answers. */
    static final class Part {
        final String title;
        final Map<String, AtomicLong> triesByTarget = new ConcurrentHashMap<>();
        /** Time spent on each target (its valid request's rows, the request, the ledger): where a run's time goes. */
        final Map<String, AtomicLong> millisByTarget = new ConcurrentHashMap<>();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong serverErrors = new AtomicLong();
        final AtomicLong hangs = new AtomicLong();
        final List<String> violations = new ArrayList<>();
        final Map<String, Object> extra = new java.util.LinkedHashMap<>();
        String seed = "";
        int tries;

        Part(String title) {
            this.title = title;
        }

        void tried(String target) {
            triesByTarget.computeIfAbsent(target, k -> new AtomicLong()).incrementAndGet();
        }

        void took(String target, long millis) {
            millisByTarget.computeIfAbsent(target, k -> new AtomicLong()).addAndGet(millis);
        }

        void answered(int status) {
            requests.incrementAndGet();
            statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
            if (status >= 500) {
                serverErrors.incrementAndGet();
            }
            if (status < 0) {
                hangs.incrementAndGet();
            }
        }

        synchronized void violation(String what) {
            violations.add(what);
        }

        synchronized List<String> violations() {
            return List.copyOf(violations);
        }
    }

    Part part(String key, String title) {
        return parts.computeIfAbsent(key, k -> new Part(title));
    }

    synchronized void invariant(String text) {
        if (!invariants.contains(text)) {
            invariants.add(text);
        }
    }

    synchronized void note(String text) {
        notes.add(text);
    }

    /** Writes the section (in the suite's form: its request count first, for the summary's total) and the summary again. */
    synchronized void write(String form, long wallSeconds) {
        StringBuilder md = new StringBuilder();
        md.append("<!-- requests: ").append(parts.values().stream().mapToLong(p -> p.requests.get()).sum()).append(" -->\n");
        md.append("## Bad input (fuzz)\n\n");
        md.append("Form: ").append(form).append(", wall time ").append(wallSeconds).append(" s (server and fixtures included)."
                + " Targets are found, not listed: API operations from the served OpenAPI document, page forms from the router"
                + " and the pages' own forms.\n\n");
        md.append("| part | targets | tries per target | requests | 5xx | hangs | violations | seed |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Part p : new TreeMap<>(parts).values()) {
            md.append("| ").append(p.title).append(" | ").append(p.triesByTarget.size()).append(" | ").append(p.tries == 0 ? "-" : p.tries)
                    .append(" | ").append(p.requests.get()).append(" | ").append(p.serverErrors.get()).append(" | ")
                    .append(p.hangs.get()).append(" | ").append(p.violations().size()).append(" | ").append(p.seed).append(" |\n");
        }
        for (Part p : new TreeMap<>(parts).values()) {
            md.append("\n### ").append(p.title).append("\n\n");
            md.append("Answers by status: ");
            List<String> byStatus = new ArrayList<>();
            new TreeMap<>(p.statuses).forEach((status, n) -> byStatus.add((status < 0 ? "no answer" : status == 0
                    ? "connection closed" : String.valueOf(status)) + ": " + n.get()));
            md.append(String.join(", ", byStatus)).append(".\n");
            p.extra.forEach((k, v) -> md.append("\n").append(k).append(": ").append(v).append("\n"));
            if (!p.millisByTarget.isEmpty()) {
                md.append("\nSlowest targets (all their tries, with their rows and checks): ");
                md.append(String.join(", ", p.millisByTarget.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get())).limit(8)
                    .map(e -> "`" + e.getKey() + "` " + e.getValue().get() / 1000.0 + " s").toList())).append(".\n");
            }
            if (!p.violations().isEmpty()) {
                md.append("\nViolations:\n\n");
                p.violations().stream().limit(200).forEach(v -> md.append("- ").append(v.replace("\n", " ")).append('\n'));
            }
            md.append("\n<details><summary>Targets and tries</summary>\n\n");
            new TreeMap<>(p.triesByTarget).forEach((t, n) -> md.append("- `").append(t).append("`: ").append(n.get()).append('\n'));
            md.append("\n</details>\n");
        }
        md.append("\n### Invariants checked\n\n");
        invariants.forEach(i -> md.append("- ").append(i).append('\n'));
        if (!notes.isEmpty()) {
            md.append("\n### Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        try {
            Files.createDirectories(SECTION.getParent());
            Files.writeString(SECTION, md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AdversarialReport.assembleSummary();
    }
}
