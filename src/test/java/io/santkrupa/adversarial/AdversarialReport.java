package io.santkrupa.adversarial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One test class's section of {@code target/adversarial/summary.md}: the requests it sent per
 * category and what it measured (leaks, server errors, ...). {@link #write()} puts the section in
 * {@code target/adversarial/sections/<name>.md} and assembles the summary from every section
 * there; {@link AdversarialSummaryListener} clears the sections when a test run starts and
 * assembles the summary again when it ends, so several classes -- or one run with
 * {@code -Dtest=OneClass} -- each leave a summary of exactly what ran.
 */
public final class AdversarialReport {

    static final Path DIRECTORY = Path.of("target", "adversarial");
    static final Path SECTIONS = DIRECTORY.resolve("sections");
    static final Path SUMMARY = DIRECTORY.resolve("summary.md");
    private static final Pattern REQUESTS = Pattern.compile("<!-- requests: (\\d+) -->");

    private final String name;
    private final String title;
    private final Instant started = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final Map<String, LongAdder> requests = new LinkedHashMap<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /** @param name the section's file name (e.g. {@code bola-idor}); @param title its heading */
    public AdversarialReport(String name, String title) {
        this.name = name;
        this.title = title;
    }

    /** One request sent, of {@code category}. */
    public void request(String category) {
        requests(category, 1);
    }

    public void requests(String category, long n) {
        LongAdder adder;
        synchronized (requests) {
            adder = requests.computeIfAbsent(category, c -> new LongAdder());
        }
        adder.add(n);
    }

    public long requests(String category) {
        synchronized (requests) {
            LongAdder adder = requests.get(category);
            return adder == null ? 0 : adder.sum();
        }
    }

    public long totalRequests() {
        synchronized (requests) {
            return requests.values().stream().mapToLong(LongAdder::sum).sum();
        }
    }

    /** A measured figure (leaks found, server errors, accepted tokens, ...): the last value set wins. */
    public void figure(String measured, Object value) {
        synchronized (figures) {
            figures.put(measured, value);
        }
    }

    /** A line of explanation under the figures: what was normalised, what a figure means, what is elsewhere. */
    public void note(String text) {
        synchronized (notes) {
            notes.add(text);
        }
    }

    /** Writes this section and assembles the summary from every section written in this run. */
    public void write() {
        StringBuilder md = new StringBuilder();
        long total = totalRequests();
        md.append("<!-- requests: ").append(total).append(" -->\n");
        md.append("## ").append(title).append("\n\n");
        Duration wall = Duration.ofNanos(System.nanoTime() - startedNanos);
        md.append("Form: ").append(Adversarial.variant()).append(". Started ")
                .append(started.truncatedTo(ChronoUnit.SECONDS)).append(", wall time ")
                .append(wall.toSeconds()).append(" s (server and fixtures included).\n\n");
        md.append("| requests | sent |\n| --- | ---: |\n");
        synchronized (requests) {
            requests.forEach((category, n) -> md.append("| ").append(category).append(" | ").append(n.sum()).append(" |\n"));
        }
        md.append("| **total** | **").append(total).append("** |\n\n");
        synchronized (figures) {
            if (!figures.isEmpty()) {
                md.append("| measured | value |\n| --- | ---: |\n");
                figures.forEach((measured, value) -> md.append("| ").append(measured).append(" | ").append(value).append(" |\n"));
                md.append('\n');
            }
        }
        synchronized (notes) {
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        try {
            Files.createDirectories(SECTIONS);
            Files.writeString(SECTIONS.resolve(name + ".md"), md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assembleSummary();
    }

    /** Removes the sections and summary of an earlier run (the listener, once per test JVM, as a run starts). */
    static synchronized void clear() {
        try {
            if (Files.isDirectory(SECTIONS)) {
                try (Stream<Path> files = Files.list(SECTIONS)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.deleteIfExists(SUMMARY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** summary.md from every section present, in name order; nothing when no adversarial class ran. */
    static synchronized void assembleSummary() {
        try {
            if (!Files.isDirectory(SECTIONS)) {
                return;
            }
            List<Path> sections;
            try (Stream<Path> files = Files.list(SECTIONS)) {
                sections = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
            }
            if (sections.isEmpty()) {
                return;
            }
            long total = 0;
            StringBuilder body = new StringBuilder();
            for (Path section : sections) {
                String text = Files.readString(section, StandardCharsets.UTF_8);
                Matcher m = REQUESTS.matcher(text);
                if (m.find()) {
                    total += Long.parseLong(m.group(1));
                }
                body.append(REQUESTS.matcher(text).replaceFirst("").strip()).append("\n\n");
            }
            String md = "# Adversarial suite: summary\n\n"
                    + "Form: **" + Adversarial.variant() + "** (`-D" + Adversarial.PROPERTY + "=long` runs the long one). "
                    + sections.size() + " section(s), " + total + " requests in all. Written "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ".\n\n" + body;
            Files.writeString(SUMMARY, md, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
