package io.santkrupa.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The statements the server's tenant transactions have sent, read from its /metrics
 * ({@code santkrupa_db_statements_total}, on the management port of {@code serve --metrics-port}):
 * with PostgreSQL's transaction count, the database round trips per request -- each statement is
 * one, and each transaction's commit one more. PostgreSQL counts statements only with
 * pg_stat_statements loaded, which the embedded server is not.
 */
final class ServerStatements {

    static final String SERIES = "santkrupa_db_statements_total";

    private final URI metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServerStatements(String metricsUrl) {
        this.metrics = URI.create(metricsUrl);
    }

    /** The count now; a failure to read it stops the bench (it was asked for). */
    long now() {
        try {
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (scrape.statusCode() != 200) {
                throw new BenchFailure(metrics + " answered " + scrape.statusCode());
            }
            return parse(scrape.body());
        } catch (IOException e) {
            throw new BenchFailure("cannot read " + metrics + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted", e);
        }
    }

    static long parse(String scrape) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(SERIES + " ")) {
                return Math.round(Double.parseDouble(line.substring(SERIES.length() + 1).strip()));
            }
        }
        throw new BenchFailure("no " + SERIES + " in the server's metrics (a server older than the bench?)");
    }
}
