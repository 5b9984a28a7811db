package io.santkrupa.testing;

import io.santkrupa.db.Credentials;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The test database in a PostgreSQL container, when a Docker engine is available. */
final class ContainerDatabase {

    private ContainerDatabase() {
    }

    static boolean dockerReachable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource") // closed by TestDatabase.close()
    static TestDatabase start(String image) throws Exception {
        PostgreSQLContainer container = new PostgreSQLContainer(image)
                .withDatabaseName("santkrupa")
                .withUsername("postgres")
                .withPassword("postgres");
        container.start();
        return new TestDatabase("testcontainers", container.getJdbcUrl(),
                new Credentials(container.getUsername(), container.getPassword()), container::stop);
    }
}
