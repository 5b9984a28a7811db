package io.santkrupa.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresUriTest {

    @Test
    void reads_user_password_host_port_and_database() {
        PostgresUri uri = PostgresUri.parse("postgresql://admin:s%40cret@db.example:6543/santkrupa");

        assertThat(uri).isEqualTo(new PostgresUri("db.example", 6543, "admin", "s@cret", "santkrupa"));
        assertThat(uri.libpq("santkrupa_pgbench")).isEqualTo("postgresql://admin@db.example:6543/santkrupa_pgbench");
        assertThat(uri.toString()).doesNotContain("s@cret");
    }

    @Test
    void defaults_to_postgres_on_5432() {
        assertThat(PostgresUri.parse("postgres://127.0.0.1")).isEqualTo(new PostgresUri("127.0.0.1", 5432, "postgres", "", "postgres"));
    }

    @Test
    void refuses_a_jdbc_url() {
        assertThatThrownBy(() -> PostgresUri.parse("jdbc:postgresql://127.0.0.1/santkrupa")).isInstanceOf(IllegalArgumentException.class);
    }
}
