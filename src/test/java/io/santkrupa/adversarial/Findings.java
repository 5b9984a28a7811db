package io.santkrupa.adversarial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a part of the suite found, by kind (leaks, answers that told a foreign id from a random
 * one, server errors, ...): counted in full, the first few of each kind kept with their details
 * for the failure message. One per dynamic test, added to the class's totals.
 */
final class Findings {

    private static final int KEPT = 8;

    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, List<String>> examples = new LinkedHashMap<>();

    synchronized void add(String kind, String detail) {
        counts.merge(kind, 1, Integer::sum);
        List<String> kept = examples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (kept.size() < KEPT) {
            kept.add(detail);
        }
    }

    synchronized int count(String kind) {
        return counts.getOrDefault(kind, 0);
    }

    synchronized boolean isEmpty() {
        return counts.isEmpty();
    }

    synchronized void addTo(Findings totals) {
        counts.forEach((kind, n) -> {
            for (String detail : examples.getOrDefault(kind, List.of())) {
                totals.add(kind, detail);
            }
            for (int i = examples.getOrDefault(kind, List.of()).size(); i < n; i++) {
                totals.add(kind, "");
            }
        });
    }

    @Override
    public synchronized String toString() {
        StringBuilder out = new StringBuilder();
        counts.forEach((kind, n) -> {
            out.append(n).append(" x ").append(kind).append(":\n");
            examples.get(kind).forEach(e -> out.append("  - ").append(e).append('\n'));
        });
        return out.toString();
    }
}
