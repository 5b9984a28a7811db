package io.santkrupa.adversarial;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.WriteScenarios;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every part of the fuzz shares: the server, the clinic and its signed-in people, the
 * valid requests ({@link WriteScenarios}), the ledger of the clinic's tables and the figures;
 * and the rules every answer is held to whatever was sent: no 5xx, no hang, and a refusal that
 * writes nothing (but its audit of the refusal) to the clinic it was sent to.
 */
final class Fuzz {

    static final String SESSION_COOKIE = "santkrupa_session";

    final TestDatabase db;
    final WebTestServer server;
    final Clinic clinic;
    final WriteScenarios scenarios;
    final TenantLedger ledger;
    final FuzzFigures figures;
    final Wire wire;
    final Map<Role, TestBrowser> sessions = new EnumMap<>(Role.class);
    final Map<Role, String> tokens = new EnumMap<>(Role.class);

    Fuzz(TestDatabase db, WebTestServer server, Clinic clinic, FuzzFigures figures) {
        this.db = db;
        this.server = server;
        this.clinic = clinic;
        this.figures = figures;
        this.scenarios = new WriteScenarios(db, server, clinic);
        this.ledger = new TenantLedger(db, clinic.id());
        this.wire = new Wire(server.url(""));
        for (Role role : Role.values()) {
            sessions.put(role, ApiClient.signedIn(server, clinic, role));
            tokens.put(role, ApiClient.token(server, db, clinic, role));
        }
    }

    /** The shared session of {@code role}, signed in again if a request ended it. */
    TestBrowser session(Role role) {
        TestBrowser browser = sessions.get(role);
        if (!browser.cookies.containsKey(SESSION_COOKIE) || browser.csrf() == null) {
            browser = ApiClient.signedIn(server, clinic, role);
            sessions.put(role, browser);
        }
        return browser;
    }

    /** A request as it goes out: through the HTTP client, or as raw bytes when {@code raw} is set. */
    record Outgoing(String method, String target, Map<String, String> headers, byte[] body, byte[] raw, boolean halfClose,
                    String what) {

        static Outgoing http(String method, String target, Map<String, String> headers, byte[] body, String what) {
            return new Outgoing(method, target, headers, body, null, false, what);
        }

        /** The same request as raw bytes on a socket, {@code extraHeaders} (raw lines) added to the head. */
        Outgoing asRaw(String host, List<byte[]> extraHeaders, boolean withBody, String what) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            headers.forEach((k, v) -> out.writeBytes((k + ": " + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
            for (byte[] line : extraHeaders) {
                out.writeBytes(line);
                out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            if (withBody) {
                byte[] b = body == null ? new byte[0] : body;
                out.writeBytes(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(b);
            } else {
                out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            return new Outgoing(method, target, headers, body, out.toByteArray(), false, what);
        }

        @Override
        public String toString() {
            String shownWhat = what.length() > 300 ? what.substring(0, 300) + "...(" + what.length() + " chars)" : what;
            return method + " " + Hostile.quote(target.length() > 200 ? target.substring(0, 200) + "..." : target) + " (" + shownWhat + ")";
        }
    }

    Wire.Answer send(Outgoing request) {
        Outgoing out = request;
        if (out.raw() == null) {
            try {
                java.net.URI.create("http://h" + out.target());
            } catch (IllegalArgumentException notAUri) {
                // escapes Java's HTTP client will not send ("%", "%G1"): the same request as raw bytes
                out = out.asRaw(wire.hostHeader(), List.of(), out.body() != null, out.what());
            }
        }
        return out.raw() != null ? wire.raw(out.raw(), out.halfClose())
                : wire.send(out.method(), out.target(), out.headers(), out.body());
    }

    /**
     * The framing lies of {@link Mutation.Attack#TRANSPORT}, around an otherwise valid request:
     * each says what it is.
     */
    Outgoing transport(Outgoing valid, int variant, Hostile value) {
        byte[] body = valid.body() == null ? new byte[0] : valid.body();
        String host = wire.hostHeader();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder();
        int v = variant % 12;
        String target = valid.target();
        String requestLine = valid.method() + " " + target + " HTTP/1.1\r\n";
        if (v == 8) {
            out.writeBytes((valid.method() + " " + target + "/").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(value.wire());
            out.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else if (v == 10) {
            out.writeBytes((valid.method() + " " + target + " HTTP/1.0\r\n").getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.writeBytes(requestLine.getBytes(StandardCharsets.ISO_8859_1));
        }
        if (v != 10) {
            head.append("Host: ").append(host).append("\r\n");
        }
        head.append("Connection: close\r\n");
        valid.headers().forEach((k, val) -> head.append(k).append(": ").append(val).append("\r\n"));
        boolean halfClose = false;
        String what;
        byte[] tail;
        switch (v) {
            case 0 -> {
                head.append("Transfer-Encoding: chunked\r\n");
                tail = chunked("zz", body);
                what = "a chunk size that is no number";
            }
            case 1 -> {
                head.append("Transfer-Encoding: chunked\r\n");
                tail = chunked("FFFFFFFFFFFFFFFFFFFFFFFF", body);
                what = "a chunk size past 2^64";
            }
            case 2 -> {
                head.append("Content-Length: ").append(body.length + 100).append("\r\n");
                tail = body;
                halfClose = true;
                what = "a Content-Length 100 bytes longer than the body, then the end of the stream";
            }
            case 3 -> {
                head.append("Content-Length: ").append(body.length / 2).append("\r\n");
                tail = body;
                what = "a Content-Length of half the body";
            }
            case 4 -> {
                head.append("Content-Length: ").append(body.length).append("\r\nTransfer-Encoding: chunked\r\n");
                tail = body;
                what = "both Content-Length and Transfer-Encoding";
            }
            case 5 -> {
                head.append("Content-Length: -1\r\n");
                tail = body;
                what = "a negative Content-Length";
            }
            case 6 -> {
                head.append("Content-Length: 99999999999999999999999\r\n");
                tail = body;
                what = "a Content-Length past any integer";
            }
            case 7 -> {
                head.append("Content-Length: 30000000\r\n");
                tail = body;
                halfClose = true;
                what = "a Content-Length of 30 MB over the server's limit, then the end of the stream";
            }
            case 8 -> {
                head.append("Content-Length: ").append(body.length).append("\r\n");
                tail = body;
                what = "raw bytes in the request target: " + value;
            }
            case 9 -> {
                head.append("Transfer-Encoding: chunked\r\n");
                ByteArrayOutputStream c = new ByteArrayOutputStream();
                c.writeBytes((Integer.toHexString(body.length) + ";ext=\"\u0001\"\r\n").getBytes(StandardCharsets.ISO_8859_1));
                c.writeBytes(body);
                c.writeBytes("\r\n0\r\nX-Trailer: ".getBytes(StandardCharsets.ISO_8859_1));
                c.writeBytes(value.wire());
                c.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                tail = c.toByteArray();
                what = "a chunk extension with a control character and a hostile trailer";
            }
            case 10 -> {
                head.append("Content-Length: ").append(body.length).append("\r\n");
                tail = body;
                what = "HTTP/1.0 without Host";
            }
            default -> {
                head.append("X-Folded: a\r\n  folded\r\nNo colon here\r\nContent-Length: ").append(body.length).append("\r\n");
                tail = body;
                what = "a folded header line and a line without a colon";
            }
        }
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(tail);
        return new Outgoing(valid.method(), target, valid.headers(), body, out.toByteArray(), halfClose, what);
    }

    private static byte[] chunked(String size, byte[] body) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        c.writeBytes((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        c.writeBytes(body);
        c.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return c.toByteArray();
    }

    /**
     * What a refused request (4xx, no answer, a closed connection) may leave in its clinic: nothing
     * but audit events that record the refusal (outcome denied or failure) or a read its answer
     * showed, and the session's sliding expiry. Everything else is a half-written record.
     */
    List<String> refusedButWrote(TenantLedger.Effect effect) {
        List<String> problems = new ArrayList<>();
        for (TenantLedger.Change change : effect.changes()) {
            String table = change.table();
            boolean audit = table.startsWith("audit_event");
            boolean slidingSession = table.equals("web_session") && !change.counted();
            if (!audit && !slidingSession) {
                problems.add(table + " (" + change.before() + " -> " + change.after() + " rows, " + change.written() + " written)");
            }
        }
        for (TenantLedger.AuditRow row : effect.audit()) {
            if (row.outcome().equals("success") && !TenantLedger.isRead(row.action())) {
                problems.add("an audit event of a successful " + row.action());
            }
        }
        return problems;
    }

    /** The answer's body, short, for a report. */
    static String excerpt(Wire.Answer answer) {
        String body = answer.body().replaceAll("\\s+", " ");
        return answer.status() + " " + answer.mediaType() + " " + Hostile.quote(body.length() > 300 ? body.substring(0, 300) : body);
    }

    static Map<String, String> headers(Object... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                out.put((String) pairs[i], (String) pairs[i + 1]);
            }
        }
        return out;
    }
}
