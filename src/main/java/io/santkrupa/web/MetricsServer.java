package io.santkrupa.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The management listener: {@code GET /metrics} and nothing else, on its own port, bound to
 * 127.0.0.1 unless configured otherwise -- never on the public listener, whose {@code /metrics}
 * is a 404. One thread: a scrape every few seconds needs no more, and it takes none from Jetty.
 */
public final class MetricsServer implements AutoCloseable {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer http;
    private final ExecutorService thread;

    private MetricsServer(HttpServer http, ExecutorService thread) {
        this.http = http;
        this.thread = thread;
    }

    /** Listens on {@code bind}:{@code port} (0: any free port). */
    public static MetricsServer start(Metrics metrics, String bind, int port) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), port), 0);
            http.createContext("/", exchange -> answer(exchange, metrics));
            ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("santkrupa-metrics")
                    .factory());
            http.setExecutor(thread);
            http.start();
            return new MetricsServer(http, thread);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen for /metrics on " + bind + ":" + port, e);
        }
    }

    private static void answer(HttpExchange exchange, Metrics metrics) throws IOException {
        try (exchange) {
            boolean get = exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD");
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not found: this listener serves /metrics only.\n");
            } else if (!get) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "GET /metrics\n");
            } else {
                send(exchange, 200, CONTENT_TYPE, metrics.scrape());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        thread.shutdownNow();
    }
}
