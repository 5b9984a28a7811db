package io.santkrupa.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * A page of a signed-in browser: each connection signs in through the form (before the clock
 * starts) and then asks for pages with its session cookie. (3) the doctor's consultation page
 * of a visit, which must show the visit's patient; (4) the reception's queue page of the day.
 */
final class PageScenario implements Scenario {

    /** One page to ask for and a text its HTML must contain. */
    record Page(String path, String mustShow) {
    }

    private final String name;
    private final String description;
    private final StaffLogin login;
    private final List<Page> pages;

    PageScenario(String name, String description, StaffLogin login, List<Page> pages) {
        if (pages.isEmpty()) {
            throw new BenchFailure(name + ": no page to open");
        }
        this.name = name;
        this.description = description;
        this.login = login;
        this.pages = pages;
    }

    static PageScenario consultation(ClinicSample sample, StaffLogin doctor) {
        if (sample.visits().isEmpty()) {
            throw new BenchFailure("no visit of " + sample.clinic() + " to open the consultation page of");
        }
        return new PageScenario("consultation-page", "GET /clinic/" + sample.clinic() + "/visits/{id}: the consultation "
                + "page, signed in as " + doctor.username() + " (" + sample.visits().size() + " visits)", doctor,
                sample.visits().stream().map(v -> new Page("/clinic/" + sample.clinic() + "/visits/" + v.id(),
                        Html.escape(v.patientLastName()))).toList());
    }

    static PageScenario queue(String clinic, StaffLogin reception) {
        return new PageScenario("queue-page", "GET /clinic/" + clinic + "/queue: today's queue page, signed in as "
                + reception.username(), reception, List.of(new Page("/clinic/" + clinic + "/queue", "queue")));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Worker worker(int index, Connection connection) {
        BrowserSession.signIn(connection, login);
        SplittableRandom random = new SplittableRandom(2_000 + index);
        IntFunction<Page> pick = n -> pages.get(random.nextInt(n));
        return new Worker() {
            Page page;

            @Override
            public void prepare() {
                page = pick.apply(pages.size());
            }

            @Override
            public Outcome request() {
                HttpAnswer answer = connection.get(page.path(), null);
                if (!answer.ok()) {
                    return Outcome.wrong(answer.status(), null);
                }
                if (!answer.body().contains(page.mustShow())) {
                    return Outcome.wrong(answer.status(), page.path() + " does not show " + page.mustShow());
                }
                return Outcome.ok(answer.status());
            }
        };
    }

    /** HTML-escaping as the templates do it, for comparing a name with a page. */
    static final class Html {
        private Html() {
        }

        static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                    .replace("'", "&#39;");
        }
    }
}
