package io.santkrupa.adversarial;

import io.santkrupa.db.ClinicId;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.web.Routes;
import io.santkrupa.web.WriteScenarios;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every form of the clinic's pages: each state-changing page route of the router (a valid form
 * from {@link WriteScenarios}, posted by a session of its role with its CSRF token, or with the
 * sign-in forms' own token) and each GET form (search, filters) found on the pages the router
 * lists, opened as a role their permission grants. A refusal must be a page that says what was
 * wrong -- at the field, when the field is on the form -- or a clear refusal page, and must
 * write nothing.
 */
final class FormFuzz {

    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern CONTROL = Pattern.compile("<(input|select|textarea)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern UUID_SEGMENT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final List<Role> READERS = List.of(Role.RECEPTIONIST, Role.DOCTOR, Role.LAB_TECHNICIAN,
            Role.CLINIC_ADMIN, Role.PATIENT);
    private static final String[] BAD_ESCAPES = {"%", "%G1", "%F0%9F", "%ED%A0%80", "%C0%80", "%FF%FE", "a%2", "%%%", "+%2B+%00"};

    /** A form: a POST route of the router, or a GET form of a page. */
    record Target(String name, Routes.Route route, String action, Role role, List<String> fields) {

        boolean post() {
            return route != null;
        }
    }

    private final Fuzz fuzz;
    private final FuzzFigures.Part part;
    private final List<Target> targets = new ArrayList<>();

    FormFuzz(Fuzz fuzz, FuzzFigures.Part part) {
        this.fuzz = fuzz;
        this.part = part;
        List<Routes.Route> routes = Routes.clinicRoutes(fuzz.server.app()).stream().filter(r -> !r.isApi()).toList();
        for (Routes.Route route : routes) {
            if (!route.isGet()) {
                targets.add(new Target(route.toString(), route, null, null, List.of()));
            }
        }
        Map<String, Target> getForms = new LinkedHashMap<>();
        for (Routes.Route route : routes) {
            if (route.isGet()) {
                discoverGetForms(route, getForms);
            }
        }
        targets.addAll(getForms.values());
    }

    List<Target> targets() {
        return targets;
    }

    /** The GET forms of a page (as a role its permission grants, with the fixture's rows), by action and fields. */
    private void discoverGetForms(Routes.Route route, Map<String, Target> into) {
        Role role = route.permission() == Permission.PUBLIC ? null
                : READERS.stream().filter(r -> PermissionMatrix.allows(r, route.permission())).findFirst().orElse(null);
        if (role == null && route.permission() != Permission.PUBLIC) {
            return;
        }
        String path = route.concrete(fuzz.clinic.slug(), name -> {
            UUID id = fuzz.clinic.rows().get(Routes.tableOf(name));
            return (id == null ? UUID.randomUUID() : id).toString();
        });
        TestBrowser browser = role == null ? fuzz.server.browser() : fuzz.session(role);
        var page = browser.get(path);
        String type = page.headers().firstValue("Content-Type").orElse("");
        if (page.statusCode() != 200 || !type.startsWith("text/html")) {
            return;
        }
        Matcher form = FORM.matcher(page.body());
        while (form.find()) {
            String attributes = form.group(1);
            String method = attribute(attributes, "method");
            if (method != null && !method.equalsIgnoreCase("get")) {
                continue;
            }
            String action = attribute(attributes, "action");
            action = action == null || action.isEmpty() ? path : action.split("\\?", 2)[0];
            if (!action.startsWith("/clinic/" + fuzz.clinic.slug())) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            Matcher control = CONTROL.matcher(form.group(2));
            while (control.find()) {
                String name = attribute(control.group(2), "name");
                if (name != null && !fields.contains(name)) {
                    fields.add(name);
                }
            }
            String key = "GET " + UUID_SEGMENT.matcher(action).replaceAll("{id}").replace(fuzz.clinic.slug(), "{slug}")
                    + " form " + new TreeSet<>(fields);
            into.putIfAbsent(key, new Target(key + " on " + route.path(), null, action, role, fields));
        }
    }

    private static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE).matcher(attributes);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }

    /** One try of a form. */
    void fuzz(Target target, Mutation m) {
        long started = System.nanoTime();
        try {
            fuzzOnce(target, m);
        } finally {
            part.took(target.name(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void fuzzOnce(Target target, Mutation m) {
        part.tried(target.name());
        try {
            if (target.post()) {
                post(target, m);
            } else {
                get(target, m);
            }
        } catch (RuntimeException e) {
            part.violation(target.name() + " with " + m + ": the fuzz could not send it: " + e);
        }
    }

    private record Field(byte[] name, byte[] value) {
        static Field of(String name, String value) {
            return new Field(name.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        }

        String nameText() {
            return new String(name, StandardCharsets.UTF_8);
        }
    }

    private void post(Target target, Mutation m) {
        WriteScenarios.Write write = fuzz.scenarios.prepare(target.route().toString());
        TestBrowser browser;
        String tokenField;
        boolean signIn = write.role() == null;
        if (signIn) {
            browser = fuzz.server.browser();
            browser.get(write.formPage());
            tokenField = "_login";
        } else if (target.route().permission() == Permission.SIGN_OUT) {
            // signing out ends the session: a session of its own
            browser = ApiClient.signedIn(fuzz.server, fuzz.clinic, write.role());
            tokenField = "_csrf";
        } else {
            browser = fuzz.session(write.role());
            tokenField = "_csrf";
        }
        String token = signIn ? browser.loginToken() : browser.csrf();
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of(tokenField, token == null ? "" : token));
        write.fields().forEach((k, v) -> fields.add(Field.of(k, v)));
        Multipart multipart = write.upload() == null ? null : new Multipart();
        send(target, m, write.clinic(), write.path(), fields, multipart, write.upload(), browser, signIn, true);
    }

    /**
     * Stored payloads: each field of the form's valid request (and each text part of its upload)
     * is sent once with a payload (the kinds in turn; all of them in a long run); a payload refused
     * is tried once more in its short form. Sign-in and sign-out forms store nothing to show.
     */
    void plant(Target target, StoredPayloads payloads) {
        if (!target.post() || target.route().permission() == Permission.PUBLIC
                || target.route().permission() == Permission.SIGN_OUT) {
            return;
        }
        part.tried(target.name());
        List<String> names = fuzz.scenarios.prepare(target.route().toString()).fields().keySet().stream()
                .filter(name -> !name.startsWith("_")).toList();
        int kinds = Adversarial.isLong() ? 3 : 1;
        for (String name : names) {
            for (int k = 0; k < kinds; k++) {
                int kind = kinds == 1 ? payloads.counter() % 3 : k;
                if (!plantOnce(target, name, payloads.next(kind), payloads)) {
                    plantOnce(target, name, payloads.next(3), payloads);
                }
            }
        }
    }

    private boolean plantOnce(Target target, String name, String payload, StoredPayloads payloads) {
        WriteScenarios.Write write = fuzz.scenarios.prepare(target.route().toString());
        TestBrowser browser = fuzz.session(write.role());
        Map<String, String> fields = new LinkedHashMap<>(write.fields());
        fields.put(name, payload);
        HttpResponse<String> answer = write.post(browser, fields);
        part.answered(answer.statusCode());
        if (answer.statusCode() >= 500) {
            part.violation(target.name() + " with " + name + " = " + payload + ": " + answer.statusCode());
        }
        boolean accepted = answer.statusCode() >= 200 && answer.statusCode() < 400;
        if (accepted) {
            payloads.accepted(payload, target.name() + " " + name);
        }
        return accepted;
    }

    private void get(Target target, Mutation m) {
        TestBrowser browser = target.role() == null ? fuzz.server.browser() : fuzz.session(target.role());
        List<Field> fields = new ArrayList<>();
        for (String name : target.fields()) {
            fields.add(Field.of(name, ""));
        }
        send(target, m, fuzz.clinic.id(), target.action(), fields, null, null, browser, false, false);
    }

    private void send(Target target, Mutation m, ClinicId clinic, String path, List<Field> fields, Multipart multipart,
                      WriteScenarios.Upload upload, TestBrowser browser, boolean signIn, boolean post) {
        Mutation.Attack attack = effective(m.attack(), post, multipart != null);
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.get(i).nameText().startsWith("_")) {
                slots.add(i);
            }
        }
        String field = null;
        String what;
        String contentType = post ? "application/x-www-form-urlencoded" : null;
        String rawTail = "";
        Map<String, String> headers = new LinkedHashMap<>();
        if (!browser.cookies.isEmpty()) {
            headers.put("Cookie", Wire.cookieHeader(browser.cookies));
        }
        if (slots.isEmpty() && (attack == Mutation.Attack.FIELD_VALUE || attack == Mutation.Attack.DROP_FIELD
                || attack == Mutation.Attack.DUPLICATE_FIELD || attack == Mutation.Attack.BAD_ESCAPES)) {
            attack = Mutation.Attack.EXTRA_FIELD;
        }
        switch (attack) {
            case FIELD_VALUE -> {
                int i = slots.get(m.slot() % slots.size());
                field = fields.get(i).nameText();
                fields.set(i, new Field(fields.get(i).name(), m.value().wire()));
                what = field + " = " + m.value();
            }
            case DROP_FIELD -> {
                int i = slots.get(m.slot() % slots.size());
                what = "without " + fields.get(i).nameText();
                fields.remove(i);
            }
            case EXTRA_FIELD -> {
                if (m.variant() % 2 == 0) {
                    fields.add(new Field(m.value().wire(), "x".getBytes(StandardCharsets.US_ASCII)));
                    what = "an extra field named " + m.value();
                } else {
                    fields.add(new Field("unexpected".getBytes(StandardCharsets.US_ASCII), m.value().wire()));
                    what = "an extra field unexpected = " + m.value();
                }
            }
            case DUPLICATE_FIELD -> {
                int i = slots.get(m.slot() % slots.size());
                field = fields.get(i).nameText();
                fields.add(m.variant() % 2 == 0 ? i : i + 1, new Field(fields.get(i).name(), m.value().wire()));
                what = field + " twice, once " + m.value();
            }
            case BAD_ESCAPES -> {
                int i = slots.get(m.slot() % slots.size());
                field = fields.get(i).nameText();
                rawTail = "&" + Wire.escape(fields.get(i).name()) + "=" + BAD_ESCAPES[m.variant() % BAD_ESCAPES.length];
                fields.remove(i);
                what = field + " = the escapes " + BAD_ESCAPES[m.variant() % BAD_ESCAPES.length];
            }
            case MANY_FIELDS -> {
                int n = List.of(1_001, 5_000, 20_000).get(m.variant() % 3);
                for (int i = 0; i < n; i++) {
                    fields.add(Field.of("f" + i, "x"));
                }
                what = n + " extra fields";
            }
            case CONTENT_TYPE -> {
                List<String> types = java.util.Arrays.asList(null, "text/plain", "application/json", "multipart/form-data",
                        "application/x-www-form-urlencoded; charset=utf-16", "application/x-www-form-urlencoded; charset=iso-8859-1",
                        "multipart/form-data; boundary=nothing-like-it", "APPLICATION/X-WWW-FORM-URLENCODED");
                contentType = types.get(m.variant() % types.size());
                what = "Content-Type " + contentType;
            }
            case PATH -> {
                List<String> segments = new ArrayList<>(List.of(path.split("/", -1)));
                List<Integer> ids = new ArrayList<>();
                for (int i = 0; i < segments.size(); i++) {
                    if (UUID_SEGMENT.matcher(segments.get(i)).matches() || target.route() != null
                            && target.route().path().split("/", -1).length == segments.size()
                            && target.route().path().split("/", -1)[i].matches("[{<].*[}>]") && i > 2) {
                        ids.add(i);
                    }
                }
                String value = Wire.escape(m.value().wire());
                if (ids.isEmpty()) {
                    path = path + "?next=" + value;
                    what = "?next=" + m.value();
                } else {
                    segments.set(ids.get(m.slot() % ids.size()), value);
                    path = String.join("/", segments);
                    what = "a path parameter " + m.value();
                }
            }
            case QUERY -> {
                path = path + "?" + List.of("next", "q", "_csrf", "version").get(m.variant() % 4) + "=" + Wire.escape(m.value().wire());
                what = "a query " + path.substring(path.indexOf('?')) + " (" + m.value() + ")";
            }
            case UPLOAD -> what = "";
            default -> what = "(framing)";
        }
        byte[] body = null;
        if (post) {
            if (multipart != null) {
                for (Field f : fields) {
                    multipart.parts.add(new Multipart.Part(f.name(), null, null, f.value(), null));
                }
                multipart.parts.add(Multipart.Part.file(upload.field(), upload.fileName().getBytes(StandardCharsets.UTF_8),
                        upload.contentType(), upload.content()));
                if (attack == Mutation.Attack.UPLOAD) {
                    what = multipart.lie(m, upload.field());
                    if (m.variant() % 18 == 11) {
                        field = what.replaceFirst("^the text part '([^']*)'.*", "$1");
                    }
                }
                body = multipart.bytes();
                if (attack != Mutation.Attack.CONTENT_TYPE) {
                    contentType = multipart.contentType();
                }
            } else {
                body = (urlEncoded(fields) + rawTail).getBytes(StandardCharsets.ISO_8859_1);
            }
        } else {
            String query = urlEncoded(fields) + rawTail;
            path = path + (path.contains("?") ? "&" : "?") + query;
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        Fuzz.Outgoing request = Fuzz.Outgoing.http(post ? "POST" : "GET", path, headers, body, what);
        if (attack == Mutation.Attack.TRANSPORT) {
            request = fuzz.transport(request, m.variant(), m.value());
        }
        TenantLedger.Mark mark = fuzz.ledger.mark(clinic);
        Wire.Answer answer = fuzz.send(request);
        part.answered(answer.status());
        Wire.keepCookies(browser.cookies, answer);
        TenantLedger.Effect effect = fuzz.ledger.since(mark);
        judge(target, attack, request, field, answer, effect, signIn);
    }

    private static Mutation.Attack effective(Mutation.Attack attack, boolean post, boolean multipart) {
        return switch (attack) {
            case DEEP_NESTING, HUGE_ARRAY -> Mutation.Attack.MANY_FIELDS;
            case WHOLE_BODY -> post ? Mutation.Attack.CONTENT_TYPE : Mutation.Attack.BAD_ESCAPES;
            case HEADER -> Mutation.Attack.QUERY;
            case UPLOAD -> multipart ? Mutation.Attack.UPLOAD : Mutation.Attack.FIELD_VALUE;
            case CONTENT_TYPE, TRANSPORT -> post ? attack : Mutation.Attack.QUERY;
            default -> attack;
        };
    }

    private void judge(Target target, Mutation.Attack attack, Fuzz.Outgoing request, String field, Wire.Answer answer,
                       TenantLedger.Effect effect, boolean signIn) {
        String what = target.name() + " with " + request;
        boolean framing = attack == Mutation.Attack.TRANSPORT;
        if (answer.hung()) {
            part.violation(what + ": no answer (" + answer.body() + ")");
        } else if (answer.status() >= 500) {
            part.violation(what + ": " + Fuzz.excerpt(answer));
        } else if (answer.status() == 0 && !framing) {
            part.violation(what + ": the connection closed without an answer");
        } else if (answer.status() >= 400 && !framing && answer.header("X-Request-Id") == null) {
            // refused by the server before any route ran (an address too long or unreadable): its kind is ServerErrors'
            if (!answer.mediaType().equals("application/problem+json") && !clearRefusal(answer.body())) {
                part.violation(what + ": a refusal of the server without a message: " + Fuzz.excerpt(answer));
            }
        } else if (answer.status() >= 400 && !framing && target.post()
                && target.route().permission() == Permission.OWN_SESSION) {
            // the page's own requests (session.js: drafts, stay signed in) are answered in JSON; the input rule's
            // and the CSRF check's refusals, which come before the route, are the error page
            if (!(answer.mediaType().equals("application/json") && answer.body().contains("\"error\""))
                    && !(answer.mediaType().equals("text/html") && clearRefusal(answer.body()))) {
                part.violation(what + ": a refusal of the page's own request without its JSON error: " + Fuzz.excerpt(answer));
            }
        } else if (answer.status() >= 400 && !framing) {
            if (!answer.mediaType().equals("text/html")) {
                part.violation(what + ": a refusal that is not a page: " + Fuzz.excerpt(answer));
            } else if (!clearRefusal(answer.body())) {
                part.violation(what + ": a refusal page that says nothing of what was wrong: " + Fuzz.excerpt(answer));
            } else if (answer.status() == 422 && field != null && visibleInput(answer.body(), field)
                    && !markedAt(answer.body(), field) && !markedAt(answer.body(), field + "_confirm")
                    && !answer.body().contains("The field " + field + " ")) {
                // (a password changed alone no longer matches its confirmation: the message is at the confirmation)
                part.violation(what + ": 422, but no message at the field " + field + ": " + Fuzz.excerpt(answer));
            }
        }
        if (!effect.loosened().isEmpty()) {
            part.violation(what + ": answered " + answer.status() + " and left " + effect.loosened());
        }
        if (answer.hung() || answer.status() >= 400 || answer.status() == 0) {
            List<String> wrote = fuzz.refusedButWrote(effect);
            if (!wrote.isEmpty()) {
                part.violation(what + ": refused (" + answer.status() + ") but wrote " + wrote);
            }
        }
    }

    /** A page that says what went wrong: a message at a field or above the form, or the error page's heading and sentence. */
    static boolean clearRefusal(String body) {
        return body.contains("role=\"alert\"") || body.contains("class=\"error-message\"")
                || Pattern.compile("<h1>[^<]+</h1>\\s*<p>[^<]+</p>").matcher(body).find();
    }

    private static boolean visibleInput(String body, String field) {
        Matcher control = CONTROL.matcher(body);
        while (control.find()) {
            String attributes = control.group(2);
            if (field.equals(attribute(attributes, "name")) && !"hidden".equalsIgnoreCase(attribute(attributes, "type"))) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern INVALID_FIELDSET = Pattern.compile(
            "<fieldset[^>]*aria-invalid=\"true\"[^>]*>(.*?)</fieldset>", Pattern.DOTALL);

    private static boolean markedAt(String body, String field) {
        // a group of checkboxes (the lab tests to order) has its message on the group's fieldset
        Matcher group = INVALID_FIELDSET.matcher(body);
        while (group.find()) {
            if (group.group(1).contains("name=\"" + field + "\"")) {
                return true;
            }
        }
        Matcher control = CONTROL.matcher(body);
        while (control.find()) {
            String attributes = control.group(2);
            if (field.equals(attribute(attributes, "name")) && attributes.contains("aria-invalid=\"true\"")) {
                return true;
            }
        }
        return false;
    }

    private static String urlEncoded(List<Field> fields) {
        StringBuilder out = new StringBuilder();
        for (Field f : fields) {
            out.append(out.isEmpty() ? "" : "&").append(Wire.escape(f.name())).append('=').append(Wire.escape(f.value()));
        }
        return out.toString();
    }
}
