package io.santkrupa.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the keyset-paging tests share: rows laid out so that two rows with the same sort key sit
 * on either side of every page boundary, walking a list page by page through its own "next"
 * (an API's {@code next} cursor, a page's "next" link), and the one assertion every list must
 * pass: the pages are disjoint, each full but the last, and together they are every row, in order.
 */
public final class Paging {

    /** Where a list starts: the newest row (ids descending within a time), or the lowest key (ids ascending). */
    public enum Order {
        NEWEST_FIRST, ASCENDING
    }

    /**
     * A row to seed, at its position in the list's order: {@code rank} is its sort key's place
     * (rows of equal rank share the key, e.g. the same time or name), {@code marker} a text that
     * only this row shows.
     */
    public record Row(UUID id, int rank, String marker) {
    }

    private Paging() {
    }

    /** How many rows a list shown {@code pageSize} at a time is seeded with: two full pages and part of a third. */
    public static int rowsFor(int pageSize) {
        return 2 * pageSize + (pageSize + 1) / 2;
    }

    /**
     * {@code rowsFor(pageSize)} rows in the list's order. The last row of each page and the first of
     * the next share a rank, and so do the second, third and fourth rows; all other ranks differ.
     * Within a rank the ids go the way the list breaks ties (descending for {@link Order#NEWEST_FIRST}),
     * but from one rank to the next they are random: only a tie-breaker on the id gives this order.
     */
    public static List<Row> rows(int pageSize, Order order, String markerPrefix) {
        int n = rowsFor(pageSize);
        int[] rank = new int[n];
        int current = 0;
        for (int k = 1; k < n; k++) {
            boolean tied = k % pageSize == 0 || (pageSize >= 4 && (k == 2 || k == 3));
            rank[k] = tied ? current : ++current;
        }
        List<Row> rows = new ArrayList<>();
        int k = 0;
        while (k < n) {
            int end = k;
            while (end < n && rank[end] == rank[k]) {
                end++;
            }
            List<UUID> ids = new ArrayList<>();
            for (int i = k; i < end; i++) {
                ids.add(UUID.randomUUID());
            }
            Comparator<UUID> byId = Comparator.comparing(UUID::toString);
            ids.sort(order == Order.NEWEST_FIRST ? byId.reversed() : byId);
            for (int i = k; i < end; i++) {
                rows.add(new Row(ids.get(i - k), rank[i], markerPrefix + "%03d".formatted(i)));
            }
            k = end;
        }
        return List.copyOf(rows);
    }

    /** The same rows in a random order: how to insert them, so the table's physical order is not the list's. */
    public static <T> List<T> shuffled(List<T> rows) {
        List<T> copy = new ArrayList<>(rows);
        Collections.shuffle(copy);
        return copy;
    }

    public static List<String> ids(List<Row> rows) {
        return rows.stream().map(r -> r.id().toString()).toList();
    }

    public static List<String> markers(List<Row> rows) {
        return rows.stream().map(Row::marker).toList();
    }

    /**
     * Walks an API list from {@code path} (with its {@code limit}) by each answer's {@code next},
     * at most {@code maxPages} pages; the ids of each page's items.
     */
    public static List<List<String>> apiPages(WebTestServer server, String path, String token, int maxPages) {
        List<List<String>> pages = new ArrayList<>();
        String next = path;
        while (next != null && pages.size() < maxPages) {
            HttpResponse<String> response = ApiClient.get(server, next, token);
            assertThat(response.statusCode()).as("GET " + next + " -> " + response.body()).isEqualTo(200);
            JsonNode body = ApiClient.json(response);
            List<String> ids = new ArrayList<>();
            body.get("items").forEach(item -> ids.add(item.get("id").asText()));
            pages.add(ids);
            next = body.get("next").isNull() ? null
                    : path + (path.contains("?") ? "&" : "?") + "cursor=" + URLEncoder.encode(body.get("next").asText(),
                    StandardCharsets.UTF_8);
        }
        return pages;
    }

    /**
     * Walks a page list from {@code path} by its "next" link ({@code next}'s first group: the
     * href as the page writes it), at most {@code maxPages} pages; on each page the first group of
     * every match of {@code row}, in page order.
     */
    public static List<List<String>> htmlPages(TestBrowser browser, String path, Pattern row, Pattern next,
                                               int maxPages) {
        List<List<String>> pages = new ArrayList<>();
        String current = path;
        while (current != null && pages.size() < maxPages) {
            HttpResponse<String> response = browser.get(current);
            assertThat(response.statusCode()).as("GET " + current).isEqualTo(200);
            Set<String> keys = new LinkedHashSet<>();
            Matcher m = row.matcher(response.body());
            while (m.find()) {
                keys.add(m.group(1));
            }
            pages.add(List.copyOf(keys));
            Matcher link = next.matcher(response.body());
            current = link.find() ? resolve(current, Html.unescape(link.group(1))) : null;
        }
        return pages;
    }

    private static String resolve(String current, String href) {
        String target = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
        if (target.startsWith("?")) {
            int query = current.indexOf('?');
            return (query < 0 ? current : current.substring(0, query)) + target;
        }
        return target;
    }

    /**
     * The pages of a list, walked by its own next links, are exactly {@code expected} in order:
     * as many pages as it takes, each full but the last (which is not empty), no row on two pages
     * (a cursor ignored would repeat the first page, a boundary row taken again would sit on two),
     * none left out.
     */
    public static void assertPaged(String list, List<List<String>> pages, List<String> expected, int pageSize) {
        int pagesNeeded = (expected.size() + pageSize - 1) / pageSize;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < pages.size(); i++) {
            for (String key : pages.get(i)) {
                assertThat(seen.add(key)).as(list + ": row " + key + " of page " + (i + 1) + " was on an earlier page; pages "
                        + pages).isTrue();
            }
        }
        assertThat(pages).as(list + ": pages " + pages).hasSize(pagesNeeded);
        for (int i = 0; i < pages.size() - 1; i++) {
            assertThat(pages.get(i)).as(list + ": page " + (i + 1) + " is full").hasSize(pageSize);
        }
        assertThat(pages.getLast()).as(list + ": the last page").isNotEmpty();
        assertThat(pages.stream().flatMap(List::stream).toList()).as(list + ": every row once, in the list's order")
                .containsExactlyElementsOf(expected);
    }
}
