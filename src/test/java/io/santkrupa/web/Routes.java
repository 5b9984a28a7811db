package io.santkrupa.web;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import io.javalin.security.Roles;
import io.santkrupa.web.auth.Permission;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route table of a running application, read from Javalin's router: what the route tests
 * walk, so a route added to {@link WebApp} is covered without editing any test (public: the
 * adversarial suite walks it too).
 */
public final class Routes {

    /** Request methods; BEFORE, AFTER, BEFORE_MATCHED and the like are filters, not routes. */
    private static final Set<HandlerType> METHODS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}|<([^>]+)>");
    public static final String CLINIC_PREFIX = "/clinic/{slug}";

    public record Route(HandlerType method, String path, Set<RouteRole> roles) {

        public boolean isClinic() {
            return path.equals(CLINIC_PREFIX) || path.startsWith(CLINIC_PREFIX + "/");
        }

        public boolean isApi() {
            return path.contains("/api/");
        }

        public boolean isGet() {
            return method.equals(HandlerType.GET);
        }

        /** The route's one Permission; fails naming the route when it declares none, several or another kind. */
        public Permission permission() {
            if (roles.size() != 1 || !(roles.iterator().next() instanceof Permission permission)) {
                throw new AssertionError(this + " must declare exactly one Permission, declares " + roles);
            }
            return permission;
        }

        public boolean isPublic() {
            return permission() == Permission.PUBLIC;
        }

        /** The path parameters other than {slug}, in order. */
        public List<String> params() {
            List<String> names = new ArrayList<>();
            Matcher m = PARAM.matcher(path);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                if (!name.equals("slug")) {
                    names.add(name);
                }
            }
            return names;
        }

        /** A concrete path: {slug} = {@code slug}, every other parameter = {@code value.apply(name)}. */
        public String concrete(String slug, Function<String, String> value) {
            Matcher m = PARAM.matcher(path);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                String replacement = name.equals("slug") ? slug : URLEncoder.encode(value.apply(name), StandardCharsets.UTF_8).replace("+", "%20");
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private Routes() {
    }

    /** Every GET/POST/PUT/PATCH/DELETE route the application registered, in a stable order. */
    public static List<Route> of(Javalin app) {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> METHODS.contains(endpoint.method))
                .map(endpoint -> {
                    Roles roles = endpoint.metadata(Roles.class);
                    return new Route(endpoint.method, endpoint.path, roles == null ? Set.of() : Set.copyOf(roles.getRoles()));
                })
                .sorted(Comparator.comparing(Route::path).thenComparing(r -> r.method().name()))
                .toList();
    }

    public static List<Route> clinicRoutes(Javalin app) {
        return of(app).stream().filter(Route::isClinic).toList();
    }

    /** The fixture table a path parameter points into: patientId -> patient, labTestId -> lab_test. */
    /** Path parameters whose name is not simply the table's name in camelCase + "Id". */
    private static final java.util.Map<String, String> ALIASES = java.util.Map.of(
            "visitId", "patient_visit",
            "userId", "app_user",
            "staffId", "app_user",
            "fileId", "stored_file",
            "reportId", "medical_report",
            "orderId", "test_order",
            "parameterId", "lab_test_parameter",
            "itemId", "prescription_item",
            "logoFileId", io.santkrupa.testing.ClinicFixture.LOGO);

    public static String tableOf(String param) {
        if (ALIASES.containsKey(param)) {
            return ALIASES.get(param);
        }
        String base = param.endsWith("Id") && param.length() > 2 ? param.substring(0, param.length() - 2) : param;
        return base.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
