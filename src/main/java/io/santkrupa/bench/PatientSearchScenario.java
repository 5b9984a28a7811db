package io.santkrupa.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;

/**
 * (2) The API's patient search in one clinic (the largest): by a surname prefix, or by the last
 * digits of a phone -- each taken from the patients listed, so common surnames come up as often
 * as they are common. Every patient answered must match, and at least one must.
 */
final class PatientSearchScenario implements Scenario {

    private final String name;
    private final String what;
    private final List<String> terms;
    private final ApiToken token;
    private final BiPredicate<String, JsonNode> matches;

    private PatientSearchScenario(String name, String what, List<String> terms, ApiToken token,
                                  BiPredicate<String, JsonNode> matches) {
        if (terms.isEmpty()) {
            throw new BenchFailure("nothing to search for in " + token.login().clinic() + ": its patient list was empty");
        }
        this.name = name;
        this.what = what;
        this.terms = terms;
        this.token = token;
        this.matches = matches;
    }

    /** By the first {@code letters} letters of the sample's surnames. */
    static PatientSearchScenario byName(ClinicSample sample, ApiToken token, int letters) {
        List<String> prefixes = sample.patients().stream().map(PatientRef::lastName)
                .filter(last -> last.length() >= 1)
                .map(last -> last.substring(0, Math.min(letters, last.length())).toLowerCase(Locale.ROOT))
                .filter(prefix -> prefix.chars().allMatch(Character::isLetter))
                .toList();
        return new PatientSearchScenario("api-search-name", "GET /clinic/" + sample.clinic()
                + "/api/v1/patients?q=<first " + letters + " letters of a surname> (" + prefixes.stream().distinct().count()
                + " prefixes)", prefixes, token, (prefix, item) ->
                lower(item.path("lastName").asText()).startsWith(prefix)
                        || lower(item.path("firstName").asText()).startsWith(prefix));
    }

    /** By the last {@code digits} digits of the sample's phones. */
    static PatientSearchScenario byPhone(ClinicSample sample, ApiToken token, int digits) {
        List<String> endings = sample.patients().stream().map(PatientRef::phoneDigits)
                .filter(phone -> phone.length() >= digits + 2)
                .map(phone -> phone.substring(phone.length() - digits))
                .toList();
        return new PatientSearchScenario("api-search-phone", "GET /clinic/" + sample.clinic()
                + "/api/v1/patients?q=<last " + digits + " digits of a phone> (" + endings.size() + " numbers)",
                endings, token, (ending, item) -> item.path("phone").asText().replaceAll("[^0-9]", "").endsWith(ending));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return what;
    }

    @Override
    public Worker worker(int index, Connection connection) {
        SplittableRandom random = new SplittableRandom(1_000 + index);
        String path = token.login().apiBase() + "/patients?q=";
        return new Worker() {
            String term;
            String bearer;

            @Override
            public void prepare() {
                term = terms.get(random.nextInt(terms.size()));
                bearer = token.current(connection);
            }

            @Override
            public Outcome request() {
                HttpAnswer answer = connection.get(path + Connection.encode(term), bearer);
                if (!answer.ok()) {
                    return Outcome.wrong(answer.status(), null);
                }
                JsonNode items = answer.json().path("items");
                if (items.isEmpty()) {
                    return Outcome.wrong(answer.status(), "no patient found for " + term);
                }
                for (JsonNode item : items) {
                    if (!matches.test(term, item)) {
                        return Outcome.wrong(answer.status(), item.path("id").asText() + " does not match " + term);
                    }
                }
                return Outcome.ok(answer.status());
            }
        };
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
