package io.santkrupa.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.santkrupa.db.ClinicId;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.OpenApiContract;
import io.santkrupa.web.Json;
import io.santkrupa.web.Routes;
import io.santkrupa.web.WriteScenarios;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's operations, read from the OpenAPI document the server serves, each fuzzed from a
 * valid request: a write's from {@link WriteScenarios} (fresh rows each time), a read's from the
 * fixture's rows with a token of a role its permission grants. Every answer is held to the
 * document ({@link OpenApiContract}: a documented status, content type and schema), a refusal
 * must be problem+json, a 422 for a changed field must name it, and a refusal writes nothing.
 */
final class ApiFuzz {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final String PLACEHOLDER = "@@fuzz-slot@@";
    /** Roles tried in this order for a read: the first the operation's permission grants reads it. */
    private static final List<Role> READERS = List.of(Role.RECEPTIONIST, Role.DOCTOR, Role.LAB_TECHNICIAN,
            Role.CLINIC_ADMIN, Role.PATIENT);

    /** A documented operation. */
    record Operation(String id, String method, String path, Permission permission, List<String> pathParams,
                     List<String> queryParams, List<String> headerParams, String bodyType, Set<String> bodyProperties,
                     String fileField) {

        String name() {
            return id + " (" + method + " " + path + ")";
        }

        boolean json() {
            return "application/json".equals(bodyType);
        }

        boolean multipart() {
            return "multipart/form-data".equals(bodyType);
        }
    }

    /** A valid request of an operation: a write's scenario, or a read of the fixture's rows. */
    record Valid(ClinicId clinic, String path, String token, Map<String, String> headers, String json,
                 Map<String, String> fields, WriteScenarios.Upload upload) {
    }

    private final Fuzz fuzz;
    private final List<Operation> operations;
    private final Map<String, String> writeRoutes = new LinkedHashMap<>();
    private final String apiBase;
    private final FuzzFigures.Part part;

    ApiFuzz(Fuzz fuzz, FuzzFigures.Part part) {
        this.fuzz = fuzz;
        this.part = part;
        Wire.Answer served = fuzz.wire.send("GET", "/api/v1/openapi.json", Map.of(), null);
        if (served.status() != 200) {
            throw new IllegalStateException("GET /api/v1/openapi.json answered " + served.status());
        }
        JsonNode document;
        try {
            document = Json.MAPPER.readTree(served.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.apiBase = document.at("/servers/0/url").asText();
        this.operations = operations(document);
        // the router's own spelling of each write route (WriteScenarios is keyed by it)
        for (Routes.Route route : Routes.clinicRoutes(fuzz.server.app())) {
            if (route.isApi() && !route.isGet()) {
                String documented = route.path().replaceAll("<([^>]+)>", "{$1}");
                writeRoutes.put(route.method().name() + " " + documented, route.toString());
            }
        }
    }

    List<Operation> operations() {
        return operations;
    }

    /** Every operation of the document, with its parameters and the members its JSON body documents. */
    private static List<Operation> operations(JsonNode document) {
        List<Operation> found = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            JsonNode operation = op.getValue();
            List<String> pathParams = new ArrayList<>();
            List<String> query = new ArrayList<>();
            List<String> headers = new ArrayList<>();
            List<JsonNode> params = new ArrayList<>();
            path.getValue().path("parameters").forEach(params::add);
            operation.path("parameters").forEach(params::add);
            for (JsonNode p : params) {
                JsonNode param = resolve(document, p);
                String name = param.path("name").asText();
                switch (param.path("in").asText()) {
                    case "path" -> pathParams.add(name);
                    case "query" -> query.add(name);
                    case "header" -> headers.add(name);
                    default -> {
                    }
                }
            }
            JsonNode content = resolve(document, operation.path("requestBody")).path("content");
            String bodyType = content.has("application/json") ? "application/json"
                    : content.has("multipart/form-data") ? "multipart/form-data" : null;
            Set<String> properties = new LinkedHashSet<>();
            String fileField = null;
            if (bodyType != null) {
                collectProperties(document, content.path(bodyType).path("schema"), properties, 0);
                if (bodyType.equals("multipart/form-data")) {
                    for (String name : properties) {
                        JsonNode schema = resolve(document, propertySchema(document, content.path(bodyType).path("schema"), name));
                        if ("binary".equals(schema.path("format").asText()) || schema.has("contentMediaType")) {
                            fileField = name;
                        }
                    }
                }
            }
            found.add(new Operation(operation.path("operationId").asText(), op.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                    Permission.valueOf(operation.path("x-santkrupa-permission").asText()), pathParams, query, headers,
                    bodyType, properties, fileField));
        }));
        return found;
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode at = node;
        for (int i = 0; i < 10 && at.has("$ref"); i++) {
            at = document.at(at.get("$ref").asText().substring(1));
        }
        return at;
    }

    private static void collectProperties(JsonNode document, JsonNode schema, Set<String> into, int depth) {
        JsonNode s = resolve(document, schema);
        if (depth > 5) {
            return;
        }
        s.path("properties").properties().forEach(p -> into.add(p.getKey()));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            s.path(combinator).forEach(sub -> collectProperties(document, sub, into, depth + 1));
        }
    }

    private static JsonNode propertySchema(JsonNode document, JsonNode schema, String name) {
        JsonNode s = resolve(document, schema);
        if (s.path("properties").has(name)) {
            return s.path("properties").path(name);
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            for (JsonNode sub : s.path(combinator)) {
                JsonNode found = propertySchema(document, sub, name);
                if (!found.isMissingNode()) {
                    return found;
                }
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** A fresh valid request of the operation. */
    Valid valid(Operation op) {
        String slugBase = apiBase.replace("{slug}", fuzz.clinic.slug());
        if (op.method().equals("GET")) {
            Role role = READERS.stream().filter(r -> PermissionMatrix.allows(r, op.permission())).findFirst()
                    .orElseThrow(() -> new AssertionError(op.name() + ": no role holds " + op.permission()));
            Matcher m = PARAM.matcher(op.path());
            StringBuilder path = new StringBuilder();
            while (m.find()) {
                UUID id = fuzz.clinic.rows().get(Routes.tableOf(m.group(1)));
                m.appendReplacement(path, (id == null ? UUID.randomUUID() : id).toString());
            }
            m.appendTail(path);
            return new Valid(fuzz.clinic.id(), slugBase + path, fuzz.tokens.get(role), Map.of(), null, Map.of(), null);
        }
        String route = writeRoutes.get(op.method() + " /clinic/{slug}/api/v1" + op.path());
        if (route == null) {
            throw new AssertionError(op.name() + " is documented but not routed");
        }
        WriteScenarios.Write write = fuzz.scenarios.prepare(route);
        return new Valid(write.clinic(), write.path(), write.role() == null ? null : fuzz.tokens.get(write.role()),
                write.headers(), write.json(), write.fields(), write.upload());
    }

    /** One try: the operation's valid request changed by {@code m}, sent, and its answer judged. */
    void fuzz(Operation op, Mutation m) {
        long started = System.nanoTime();
        try {
            fuzzOnce(op, m);
        } finally {
            part.took(op.name(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void fuzzOnce(Operation op, Mutation m) {
        part.tried(op.name());
        Valid valid;
        try {
            valid = valid(op);
        } catch (RuntimeException e) {
            part.violation(op.name() + ": its valid request could not be prepared: " + e);
            return;
        }
        Fuzz.Outgoing request;
        String field = null;
        try {
            Built built = build(op, valid, m);
            request = built.request();
            field = built.field();
        } catch (RuntimeException e) {
            part.violation(op.name() + ": could not build the request for " + m + ": " + e);
            return;
        }
        TenantLedger.Mark mark = fuzz.ledger.mark(valid.clinic());
        Wire.Answer answer = fuzz.send(request);
        part.answered(answer.status());
        TenantLedger.Effect effect = fuzz.ledger.since(mark);
        judge(op, m, request, field, answer, effect);
    }

    private record Built(Fuzz.Outgoing request, String field) {
    }

    /**
     * Stored payloads: each string member of the operation's valid body (nested ones too) and
     * each text part of its upload is sent once with a payload (the kinds in turn; all of them in a
     * long run); a payload refused (4xx) is tried once more in its short form.
     */
    void plant(Operation op, StoredPayloads payloads) {
        // signing in and out stores nothing a page shows
        if (op.method().equals("GET") || !(op.json() || op.multipart()) || op.permission() == Permission.PUBLIC) {
            return;
        }
        part.tried(op.name());
        Valid probe = valid(op);
        List<String> fields = new ArrayList<>();
        if (probe.json() != null) {
            JsonNode tree = readTree(probe.json());
            for (String pointer : pointers(tree, op)) {
                if (tree.at(pointer).isTextual() || tree.at(pointer).isMissingNode() && pointer.lastIndexOf('/') == 0) {
                    fields.add(pointer);
                }
            }
        } else {
            probe.fields().keySet().forEach(name -> fields.add(name));
        }
        int kinds = Adversarial.isLong() ? 3 : 1;
        for (String field : fields) {
            for (int k = 0; k < kinds; k++) {
                int kind = kinds == 1 ? payloads.counter() % 3 : k;
                if (!plantOnce(op, field, payloads.next(kind), payloads)) {
                    plantOnce(op, field, payloads.next(3), payloads);
                }
            }
        }
    }

    private boolean plantOnce(Operation op, String field, String payload, StoredPayloads payloads) {
        Valid valid = valid(op);
        Map<String, String> headers = new LinkedHashMap<>(valid.headers());
        if (valid.token() != null) {
            headers.put("Authorization", "Bearer " + valid.token());
        }
        byte[] body;
        String name;
        if (valid.json() != null) {
            body = replace(readTree(valid.json()), field, Hostile.text("", payload).json());
            headers.put("Content-Type", "application/json");
            name = fieldName(field);
        } else {
            Map<String, String> fields = new LinkedHashMap<>(valid.fields());
            fields.put(field, payload);
            Multipart multipart = Multipart.of(fields, valid.upload().field(), valid.upload().fileName(),
                    valid.upload().contentType(), valid.upload().content());
            body = multipart.bytes();
            headers.put("Content-Type", multipart.contentType());
            name = field;
        }
        Wire.Answer answer = fuzz.send(Fuzz.Outgoing.http(op.method(), valid.path(), headers, body, name + " = " + payload));
        part.answered(answer.status());
        if (answer.status() >= 500 || answer.hung()) {
            part.violation(op.name() + " with " + name + " = " + payload + ": " + Fuzz.excerpt(answer));
        }
        boolean accepted = answer.status() >= 200 && answer.status() < 300;
        if (accepted) {
            payloads.accepted(payload, op.name() + " " + name);
        }
        return accepted;
    }

    private Built build(Operation op, Valid valid, Mutation m) {
        Map<String, String> headers = new LinkedHashMap<>(valid.headers());
        if (valid.token() != null) {
            headers.put("Authorization", "Bearer " + valid.token());
        }
        String path = valid.path();
        String query = "";
        byte[] body = null;
        String contentType = null;
        String field = null;
        String what;
        Mutation.Attack attack = effective(op, m.attack());
        JsonNode tree = valid.json() == null ? null : readTree(valid.json());
        Multipart multipart = valid.upload() == null ? null : Multipart.of(valid.fields(), valid.upload().field(),
                valid.upload().fileName(), valid.upload().contentType(), valid.upload().content());
        if (tree != null) {
            body = valid.json().getBytes(StandardCharsets.UTF_8);
            contentType = "application/json";
        } else if (multipart != null) {
            body = multipart.bytes();
            contentType = multipart.contentType();
        }
        switch (attack) {
            case FIELD_VALUE, HUGE_ARRAY, DEEP_NESTING -> {
                List<String> pointers = pointers(tree, op);
                String pointer = pointers.get(m.slot() % pointers.size());
                byte[] replacement = switch (attack) {
                    case HUGE_ARRAY -> hugeArray(m);
                    case DEEP_NESTING -> deep(m.variant());
                    default -> m.value().json();
                };
                body = replace(tree, pointer, replacement);
                field = fieldName(pointer);
                what = field + " = " + (attack == Mutation.Attack.FIELD_VALUE ? m.value() : attack == Mutation.Attack.HUGE_ARRAY
                        ? "an array of " + hugeArrayLength(m) + " x " + m.value() : "arrays " + depth(m.variant()) + " deep");
            }
            case EXTRA_FIELD -> {
                ObjectNode root = (ObjectNode) tree;
                boolean hostileName = m.variant() % 2 == 0;
                String name = hostileName ? PLACEHOLDER + "-name" : "unexpectedField";
                root.set(name, TextNode.valueOf(PLACEHOLDER));
                byte[] withName = hostileName ? splice(write(root), "\"" + name + "\"", m.value().json().length > 0
                        && m.value().json()[0] == '"' ? m.value().json() : Hostile.text("", m.value().text()).json()) : write(root);
                body = splice(withName, "\"" + PLACEHOLDER + "\"", hostileName ? "1".getBytes(StandardCharsets.US_ASCII) : m.value().json());
                field = hostileName ? null : name;
                what = hostileName ? "an extra field named " + m.value() : "an extra field unexpectedField = " + m.value();
            }
            case DUPLICATE_FIELD -> {
                ObjectNode root = (ObjectNode) tree;
                List<String> names = new ArrayList<>();
                root.fieldNames().forEachRemaining(names::add);
                String name = names.get(m.slot() % names.size());
                JsonNode original = root.get(name);
                byte[] originalJson = write(original);
                root.remove(name);
                root.set(PLACEHOLDER, TextNode.valueOf(PLACEHOLDER));
                byte[] pair = m.variant() % 2 == 0
                        ? concat(key(name), m.value().json(), ",".getBytes(StandardCharsets.US_ASCII), key(name), originalJson)
                        : concat(key(name), originalJson, ",".getBytes(StandardCharsets.US_ASCII), key(name), m.value().json());
                body = splice(write(root), "\"" + PLACEHOLDER + "\":\"" + PLACEHOLDER + "\"", pair);
                field = name;
                what = "the field " + name + " twice, once " + m.value();
            }
            case WHOLE_BODY -> {
                byte[] valid1 = body;
                Object[] choice = wholeBody(valid1, m);
                body = (byte[]) choice[0];
                what = (String) choice[1];
            }
            case CONTENT_TYPE -> {
                List<String> types = op.multipart()
                        ? java.util.Arrays.asList("application/json", "text/plain", "multipart/form-data",
                                "multipart/form-data; boundary=not-the-boundary", "multipart/mixed; boundary=" + multipart.boundary, null)
                        : java.util.Arrays.asList(null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                "application/json; charset=utf-16", "application/json-patch+json", "APPLICATION/JSON",
                                "application/json;;;", "*/*", "application/json; charset=\"\u00e9\"");
                contentType = types.get(m.variant() % types.size());
                what = "Content-Type " + contentType;
            }
            case QUERY -> {
                List<String> names = new ArrayList<>(op.queryParams());
                names.add("unexpected");
                String name = names.get(m.slot() % names.size());
                String value = Wire.escape(m.value().wire());
                query = m.variant() % 3 == 0 ? "?" + name + "=1&" + name + "=" + value : "?" + name + "=" + value;
                field = name;
                what = "?" + name + "=" + m.value() + (m.variant() % 3 == 0 ? " (the parameter twice)" : "");
            }
            case PATH -> {
                List<String> segments = new ArrayList<>(List.of(path.split("/", -1)));
                List<Integer> ids = new ArrayList<>();
                for (int i = 0; i < segments.size(); i++) {
                    if (segments.get(i).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
                        ids.add(i);
                    }
                }
                boolean raw = m.variant() % 4 == 0 && m.value().text().matches("[A-Za-z0-9._~%/-]*");
                String value = raw ? m.value().text() : Wire.escape(m.value().wire());
                if (ids.isEmpty()) {
                    segments.add(value);
                } else {
                    segments.set(ids.get(m.slot() % ids.size()), value);
                }
                path = String.join("/", segments);
                what = "a path id " + (raw ? "unescaped " : "") + m.value();
            }
            case HEADER -> {
                List<String> names = new ArrayList<>(op.headerParams());
                names.addAll(List.of("X-Request-Id", "Accept-Language", "Accept", "Cookie"));
                String name = names.get(m.slot() % names.size());
                byte[] line = concat((name + ": ").getBytes(StandardCharsets.ISO_8859_1),
                        strip(m.value().wire()));
                Map<String, String> rest = new LinkedHashMap<>(headers);
                rest.keySet().removeIf(k -> k.equalsIgnoreCase(name));
                if (contentType != null) {
                    rest.put("Content-Type", contentType);
                }
                Fuzz.Outgoing valid1 = Fuzz.Outgoing.http(op.method(), path, rest, body, "");
                return new Built(valid1.asRaw(fuzz.wire.hostHeader(), List.of(line), true, "the header " + name + ": " + m.value()), null);
            }
            case UPLOAD -> {
                what = multipart.lie(m, op.fileField() == null ? valid.upload().field() : op.fileField());
                body = multipart.bytes();
            }
            case TRANSPORT -> {
                if (contentType != null) {
                    headers.put("Content-Type", contentType);
                }
                return new Built(fuzz.transport(Fuzz.Outgoing.http(op.method(), path, headers, body, ""), m.variant(), m.value()), null);
            }
            default -> throw new IllegalStateException("not an API attack: " + attack);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new Built(Fuzz.Outgoing.http(op.method(), path + query, headers, body, what), field);
    }

    /** What an attack becomes for an operation that cannot take it (a read has no body, a JSON body no file). */
    private static Mutation.Attack effective(Operation op, Mutation.Attack attack) {
        boolean body = op.json() || op.multipart();
        Mutation.Attack a = switch (attack) {
            case DROP_FIELD, BAD_ESCAPES, MANY_FIELDS -> body ? Mutation.Attack.WHOLE_BODY : Mutation.Attack.QUERY;
            default -> attack;
        };
        if (!op.json() && List.of(Mutation.Attack.FIELD_VALUE, Mutation.Attack.EXTRA_FIELD, Mutation.Attack.DUPLICATE_FIELD,
                Mutation.Attack.DEEP_NESTING, Mutation.Attack.HUGE_ARRAY).contains(a)) {
            a = op.multipart() ? Mutation.Attack.UPLOAD : op.queryParams().isEmpty() ? Mutation.Attack.PATH : Mutation.Attack.QUERY;
        }
        if (!body && (a == Mutation.Attack.WHOLE_BODY || a == Mutation.Attack.CONTENT_TYPE || a == Mutation.Attack.UPLOAD)) {
            a = op.pathParams().isEmpty() ? Mutation.Attack.QUERY : Mutation.Attack.PATH;
        }
        if (!op.multipart() && a == Mutation.Attack.UPLOAD) {
            a = op.json() ? Mutation.Attack.FIELD_VALUE : Mutation.Attack.QUERY;
        }
        return a;
    }

    private void judge(Operation op, Mutation m, Fuzz.Outgoing request, String field, Wire.Answer answer,
                       TenantLedger.Effect effect) {
        String what = op.name() + " with " + request;
        Mutation.Attack attack = effective(op, m.attack());
        boolean framing = attack == Mutation.Attack.TRANSPORT || attack == Mutation.Attack.HEADER && answer.status() == 400
                && !answer.mediaType().contains("json");
        if (answer.hung()) {
            part.violation(what + ": no answer (" + answer.body() + ")");
        } else if (answer.status() >= 500) {
            part.violation(what + ": " + Fuzz.excerpt(answer));
        } else if (answer.status() == 0 && !framing) {
            part.violation(what + ": the connection closed without an answer");
        } else if (answer.status() >= 400 && !framing) {
            if (!answer.mediaType().equals("application/problem+json")) {
                part.violation(what + ": a refusal that is not problem+json: " + Fuzz.excerpt(answer));
            } else {
                checkContract(op, request, answer, what);
                checkFieldNamed(m, field, answer, what);
            }
        } else if (answer.status() >= 200 && answer.status() < 300 && attack != Mutation.Attack.PATH) {
            checkContract(op, request, answer, what);
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

    private void checkContract(Operation op, Fuzz.Outgoing request, Wire.Answer answer, String what) {
        String rawPath = request.target().split("\\?", 2)[0];
        if (!rawPath.matches(templateRegex()) || answer.header("X-Request-Id") == null) {
            // a path changed into another route's (the route table, not this operation, answers), or a
            // request the server refused before any route ran (its URI, its framing): no operation to hold it to
            return;
        }
        try {
            OpenApiContract.served().verify(request.method(), rawPath, answer.status(), answer.header("Content-Type"), answer.body());
        } catch (AssertionError e) {
            if (e.getMessage().contains("no documented path matches") || e.getMessage().contains("is not documented; ")) {
                return;
            }
            part.violation(what + ": against the OpenAPI document: " + e.getMessage().replace("\n", " ").substring(0,
                    Math.min(600, e.getMessage().length())));
        }
    }

    private String templateRegex() {
        return "/clinic/[^/]+/api/v1/.*";
    }

    /** A 422 for a changed field names it (or the member or element it is part of, or one inside it). */
    private void checkFieldNamed(Mutation m, String field, Wire.Answer answer, String what) {
        if (answer.status() != 422 || field == null) {
            return;
        }
        JsonNode problem;
        try {
            problem = Json.MAPPER.readTree(answer.body());
        } catch (IOException e) {
            part.violation(what + ": a problem that is not JSON: " + Fuzz.excerpt(answer));
            return;
        }
        List<String> named = new ArrayList<>();
        problem.path("errors").forEach(e -> named.add(e.path("field").asText()));
        if (named.isEmpty()) {
            part.violation(what + ": 422 without the field it refused: " + Fuzz.excerpt(answer));
            return;
        }
        boolean namesIt = named.stream().anyMatch(n -> n.equals(field) || n.startsWith(field + ".") || n.startsWith(field + "[")
                || field.startsWith(n + ".") || field.startsWith(n + "[") || n.equals("(body)") && !field.contains("."));
        if (!namesIt) {
            part.violation(what + ": 422 names " + named + ", not " + field);
        }
    }

    // ---- building bodies ----

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON pointers of every member and element of the body, and of the documented members it lacks. */
    private static List<String> pointers(JsonNode tree, Operation op) {
        List<String> out = new ArrayList<>();
        collect(tree, "", out);
        for (String name : op.bodyProperties()) {
            if (!tree.has(name)) {
                out.add("/" + name);
            }
        }
        if (out.isEmpty()) {
            out.add("/unexpectedField");
        }
        return out;
    }

    private static void collect(JsonNode node, String pointer, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                String p = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                out.add(p);
                collect(e.getValue(), p, out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = pointer + "/" + i;
                out.add(p);
                collect(node.get(i), p, out);
            }
        }
    }

    /** The body with the member or element at {@code pointer} replaced by the raw {@code replacement} bytes. */
    private static byte[] replace(JsonNode tree, String pointer, byte[] replacement) {
        JsonNode copy = tree.deepCopy();
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = cut == 0 ? copy : copy.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), TextNode.valueOf(PLACEHOLDER));
        } else {
            ((ObjectNode) parent).set(last, TextNode.valueOf(PLACEHOLDER));
        }
        return splice(write(copy), "\"" + PLACEHOLDER + "\"", replacement);
    }

    /** items[0].dose for /items/0/dose, as the API names fields. */
    static String fieldName(String pointer) {
        StringBuilder out = new StringBuilder();
        for (String token : pointer.substring(1).split("/")) {
            String t = token.replace("~1", "/").replace("~0", "~");
            if (t.matches("\\d+")) {
                out.append('[').append(t).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(t);
            }
        }
        return out.toString();
    }

    private static byte[] splice(byte[] body, String marker, byte[] replacement) {
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("no " + marker + " in " + text);
        }
        return concat(text.substring(0, at).getBytes(StandardCharsets.UTF_8), replacement,
                text.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] key(String name) {
        return (Hostile.jsonString(name) + ":").getBytes(StandardCharsets.US_ASCII);
    }

    private static int depth(int variant) {
        return List.of(65, 1_000, 20_000, 200_000).get(variant % 4);
    }

    private static byte[] deep(int variant) {
        int depth = depth(variant);
        return variant % 8 < 4 ? ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.US_ASCII)
                : ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
    }

    private static int hugeArrayLength(Mutation m) {
        return List.of(1_000, 10_000, 100_000).get(m.variant() % 3);
    }

    private static byte[] hugeArray(Mutation m) {
        int n = hugeArrayLength(m);
        byte[] element = m.value().json().length > 64 ? "1".getBytes(StandardCharsets.US_ASCII) : m.value().json();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(element);
        }
        out.write(']');
        return out.toByteArray();
    }

    private static Object[] wholeBody(byte[] valid, Mutation m) {
        String text = new String(valid, StandardCharsets.UTF_8);
        return switch (m.variant() % 14) {
            case 0 -> new Object[] {new byte[0], "an empty body"};
            case 1 -> new Object[] {bytes("null"), "the body null"};
            case 2 -> new Object[] {bytes("[]"), "the body []"};
            case 3 -> new Object[] {bytes("\"text\""), "a string as the body"};
            case 4 -> new Object[] {bytes("12"), "a number as the body"};
            case 5 -> new Object[] {bytes(text.substring(0, text.length() / 2)), "the body cut in half"};
            case 6 -> new Object[] {bytes(text + " {}"), "a second value after the body"};
            case 7 -> new Object[] {bytes("/* a comment */" + text), "a comment before the body"};
            case 8 -> new Object[] {bytes(text.replace('"', '\'')), "single quotes"};
            case 9 -> new Object[] {concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid), "a byte-order mark first"};
            case 10 -> new Object[] {text.getBytes(StandardCharsets.UTF_16), "the body in UTF-16"};
            case 11 -> new Object[] {bytes(" ".repeat(70_000) + text), "70,000 spaces first (past 64 KiB)"};
            case 12 -> new Object[] {m.value().json(), "the value alone as the body: " + m.value()};
            default -> new Object[] {bytes("{\"a\":NaN,\"b\":Infinity}"), "NaN and Infinity literals"};
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Without CR and LF, which would end the header line (a different attack). */
    private static byte[] strip(byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : value) {
            if (b != '\r' && b != '\n') {
                out.write(b);
            }
        }
        byte[] stripped = out.toByteArray();
        return stripped.length > 4_000 ? java.util.Arrays.copyOf(stripped, 4_000) : stripped;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
