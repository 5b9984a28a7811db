package io.santkrupa.adversarial;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.web.Routes;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;

import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stored XSS and template injection: every text field of every write (API bodies and uploads'
 * text parts, page forms) is sent once with a payload carrying its own marker; what is accepted
 * is stored. Then every role walks the clinic's pages -- the router's pages without parameters,
 * the search forms searched for the payloads, and every link they lead to (each record's page,
 * its printouts, the audit log and its next pages) -- and no page may contain a payload
 * unescaped, nor a template payload evaluated. How many payloads each page showed (escaped) is
 * counted, so a walk that saw none proves nothing and says so.
 */
final class StoredPayloads {

    /** The payloads, each with {@code %s} for the marker; the last is a short one for fields that refuse longer text. */
    static final List<String> PAYLOADS = List.of("<script>alert('%s')</script>", "\"><img src=x onerror=alert('%s')>",
            "{{ 7*7 }}%s{%% raw %%}", "<u>%s");
    private static final Pattern HREF = Pattern.compile("href=\"(/clinic/[^\"#]+)\"");
    private static final Pattern UUID_SEGMENT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Pages per role at most, and pages of one kind (its path without ids, its query's names) at most. */
    private static final int MAX_PAGES = 1_500;
    private static final int MAX_PER_KIND = 40;

    /** An accepted payload: its text, its marker and where it was written. */
    record Planted(String payload, String marker, String where) {

        boolean template() {
            return payload.startsWith("{{");
        }

        /** What a page shows when it escapes the payload as Pebble does. */
        String escaped() {
            return payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                    .replace("'", "&#39;");
        }
    }

    private final Fuzz fuzz;
    private final FuzzFigures.Part part;
    private final List<Planted> planted = new ArrayList<>();
    private final Map<String, Integer> pagesShowing = new LinkedHashMap<>();
    private int counter;
    private int pages;

    StoredPayloads(Fuzz fuzz, FuzzFigures.Part part) {
        this.fuzz = fuzz;
        this.part = part;
    }

    /** The next payload for a field: the kinds taken in turn, each with a fresh marker. */
    String next(int kind) {
        counter++;
        String marker = "xz" + Integer.toString(counter, 36) + "q";
        return String.format(PAYLOADS.get(kind % PAYLOADS.size()), marker);
    }

    static String markerOf(String payload) {
        Matcher m = Pattern.compile("xz[0-9a-z]+q").matcher(payload);
        return m.find() ? m.group() : "";
    }

    int counter() {
        return counter;
    }

    void accepted(String payload, String where) {
        planted.add(new Planted(payload, markerOf(payload), where));
        pagesShowing.put(payload, 0);
    }

    List<Planted> planted() {
        return planted;
    }

    /** Every role walks the pages; every page is held to the rule. */
    void walk() {
        // the records that hold a payload (and those they belong to): their pages are read first, whatever their number
        Map<String, Set<java.util.UUID>> byTable = fuzz.ledger.idsOfRowsContaining(fuzz.clinic.id(), "xz");
        Set<String> interesting = new LinkedHashSet<>();
        byTable.values().forEach(ids -> ids.forEach(id -> interesting.add(id.toString())));
        for (Role role : Role.values()) {
            walk(role, interesting, byTable);
        }
        part.extra.put("Payloads accepted and stored", planted.size());
        part.extra.put("Pages read (all roles)", pages);
        long shown = pagesShowing.values().stream().filter(n -> n > 0).count();
        part.extra.put("Payloads seen on at least one page, escaped", shown + " of " + planted.size());
        List<String> unseen = planted.stream().filter(p -> pagesShowing.get(p.payload()) == 0).map(Planted::where).toList();
        if (!unseen.isEmpty()) {
            part.extra.put("Accepted but on no page the walk read (e.g. passwords, keys, fields no page shows)", unseen);
        }
    }

    private void walk(Role role, Set<String> interesting, Map<String, Set<java.util.UUID>> byTable) {
        TestBrowser browser = fuzz.session(role);
        String base = "/clinic/" + fuzz.clinic.slug();
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new LinkedHashSet<>();
        Map<String, Integer> perKind = new HashMap<>();
        for (Routes.Route route : Routes.clinicRoutes(fuzz.server.app())) {
            if (route.isGet() && !route.isApi() && route.params().isEmpty() && route.permission() != Permission.PUBLIC
                    && PermissionMatrix.allows(role, route.permission())) {
                queue.add(route.concrete(fuzz.clinic.slug(), name -> name));
            }
        }
        for (String search : searches(role)) {
            queue.add(search);
        }
        // each page of one record that holds a payload (or that such a record belongs to), for every such record
        for (Routes.Route route : Routes.clinicRoutes(fuzz.server.app())) {
            if (route.isGet() && !route.isApi() && route.params().size() == 1 && route.permission() != Permission.PUBLIC
                    && PermissionMatrix.allows(role, route.permission())) {
                for (java.util.UUID id : byTable.getOrDefault(Routes.tableOf(route.params().getFirst()), Set.of())) {
                    queue.addFirst(route.concrete(fuzz.clinic.slug(), name -> id.toString()));
                }
            }
        }
        int read = 0;
        while (!queue.isEmpty() && read < MAX_PAGES) {
            String url = queue.poll();
            if (!seen.add(url)) {
                continue;
            }
            String kind = kind(url);
            if (perKind.merge(kind, 1, Integer::sum) > MAX_PER_KIND && !holdsAny(url, interesting)) {
                continue;
            }
            HttpResponse<String> page = browser.get(url);
            part.answered(page.statusCode());
            part.tried(role + " " + kind);
            read++;
            if (page.statusCode() >= 500) {
                part.violation(role + " GET " + url + ": " + page.statusCode());
                continue;
            }
            String type = page.headers().firstValue("Content-Type").orElse("");
            if (page.statusCode() != 200 || !type.startsWith("text/html")) {
                continue;
            }
            check(role, url, page.body());
            Matcher link = HREF.matcher(page.body());
            while (link.find()) {
                String next = link.group(1).replace("&amp;", "&");
                if (next.startsWith(base) && !next.contains("/api/") && !next.contains("logout") && !seen.contains(next)) {
                    if (holdsAny(next, interesting)) {
                        queue.addFirst(next);
                    } else {
                        queue.add(next);
                    }
                }
            }
        }
        pages += read;
    }

    private static boolean holdsAny(String url, Set<String> ids) {
        Matcher id = UUID_SEGMENT.matcher(url);
        while (id.find()) {
            if (ids.contains(id.group())) {
                return true;
            }
        }
        return false;
    }

    /** The role's search pages, searched for each payload's start (the search finds names by their beginning). */
    private List<String> searches(Role role) {
        List<String> urls = new ArrayList<>();
        for (Routes.Route route : Routes.clinicRoutes(fuzz.server.app())) {
            if (route.isGet() && !route.isApi() && route.params().isEmpty() && route.permission() != Permission.PUBLIC
                    && PermissionMatrix.allows(role, route.permission())) {
                String path = route.concrete(fuzz.clinic.slug(), name -> name);
                for (String payload : PAYLOADS) {
                    String start = payload.substring(0, payload.indexOf('%'));
                    urls.add(path + "?q=" + Wire.escape(start));
                }
            }
        }
        return urls;
    }

    /** A page's kind: its path with ids as {id}, and the names of its query's parameters. */
    private static String kind(String url) {
        String[] parts = url.split("\\?", 2);
        String path = UUID_SEGMENT.matcher(parts[0]).replaceAll("{id}").replaceFirst("^/clinic/[^/]+", "");
        if (parts.length == 1) {
            return path.isEmpty() ? "/" : path;
        }
        List<String> names = new ArrayList<>();
        for (String pair : parts[1].split("&")) {
            names.add(pair.split("=", 2)[0]);
        }
        return (path.isEmpty() ? "/" : path) + "?" + String.join("&", names);
    }

    private void check(Role role, String url, String body) {
        for (Planted p : planted) {
            if (!p.template() && body.contains(p.payload())) {
                part.violation(role + " GET " + url + " shows the payload of " + p.where() + " unescaped: " + p.payload());
            }
            if (p.template() && body.contains("49" + p.marker())) {
                part.violation(role + " GET " + url + " evaluated the template payload of " + p.where());
            }
            if (body.contains(p.escaped()) || p.template() && body.contains(p.marker())) {
                pagesShowing.merge(p.payload(), 1, Integer::sum);
            }
        }
    }
}
