package io.santkrupa.clinicarchive;

import io.santkrupa.platform.ClinicArchives;
import io.santkrupa.platform.PlatformActor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's offboarding without a usable maintenance login: refused in words, never a server error. */
class ConsoleArchivesLoginTest {

    @Test
    void without_a_maintenance_login_offboarding_is_left_to_the_command_line() {
        ConsoleArchives archives = new ConsoleArchives(null, "076", Optional.empty(), Clock.systemUTC());

        assertThat(archives.offboardingUnavailable()).hasValueSatisfying(why -> assertThat(why)
                .contains("MAINTENANCE_DATABASE_USER", "offboard-clinic", "row-level security"));
        assertThatThrownBy(() -> archives.offboard("sunrise", Path.of("x.zip"), PlatformActor.commandLine()))
                .isInstanceOf(ClinicArchives.Refused.class).hasMessageContaining("offboard-clinic");
    }

    @Test
    void a_maintenance_login_that_cannot_connect_is_a_refusal_that_deletes_nothing() {
        ConsoleArchives archives = new ConsoleArchives(null, "076", Optional.of(() -> {
            throw new SQLException("the role ops is subject to row-level security");
        }), Clock.systemUTC());

        assertThat(archives.offboardingUnavailable()).isEmpty();
        assertThatThrownBy(() -> archives.offboard("sunrise", Path.of("x.zip"), PlatformActor.commandLine()))
                .isInstanceOf(ClinicArchives.Refused.class)
                .hasMessageContaining("could not be used", "subject to row-level security", "Nothing was deleted");
    }
}
