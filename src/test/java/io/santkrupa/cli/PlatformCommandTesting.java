package io.santkrupa.cli;

import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.staff.AccountInvitations;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.web.auth.PasswordHasher;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the platform commands' tests share: fresh names, a clinic onboarded by the command, its links used. */
final class PlatformCommandTesting {

    /** The platform audit trail's name for the command line run by this test's user. */
    static final String ACTOR = "cli:" + System.getProperty("user.name");

    private static final Pattern LINK = Pattern.compile("(https?://\\S+/clinic/[a-z0-9-]+/welcome/)(\\S+)");

    private PlatformCommandTesting() {
    }

    /** A clinic's fresh names: slug, code and registration number nobody has. */
    record Names(String slug, String code, String registrationNumber) {
        static Names fresh() {
            String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            return new Names("cli-" + suffix, "C" + suffix.toUpperCase(), "REG-CLI-" + suffix);
        }

        /** create-clinic's arguments for these names, then {@code more}. */
        String[] createClinic(String... more) {
            return Stream.concat(Stream.of("create-clinic", "--slug", slug, "--code", code, "--name", "Clinic " + slug,
                    "--registration-number", registrationNumber, "--admin-username", "s.patil",
                    "--admin-name", "Sunita Patil"), Stream.of(more)).toArray(String[]::new);
        }
    }

    /** The one-time links a command printed, in order. */
    static List<String> links(String printed) {
        return LINK.matcher(printed).results().map(MatchResult::group).toList();
    }

    /** The token of a printed link: its last path segment. */
    static String token(String link) {
        return link.substring(link.lastIndexOf('/') + 1);
    }

    static ClinicId clinicId(TestDatabase db, String slug) {
        return db.tenants().resolveSlug(slug).orElseThrow().clinic();
    }

    /** Uses a link as its recipient would on the set-password page; the username it was for. */
    static String redeem(TestDatabase db, String slug, String link) {
        return new AccountInvitations(db.tenants(), new AuditLog(), Clock.systemUTC())
                .redeem(clinicId(db, slug), token(link), new PasswordHasher().hash("a password of my own choosing"),
                        "test", null)
                .username();
    }
}
