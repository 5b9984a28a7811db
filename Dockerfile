# Santkrupa's production image: built with Maven on a JDK, run on a JRE only, as a user without
# privileges, with the application's jars and nothing of its source. Serves in production mode
# (SANTKRUPA_ENV=production): it refuses to start without DATABASE_URL, each role's password and
# JWT_SIGNING_KEY (or their *_FILE secrets), or with a default one. See README, Running in production.
#
#   docker build -t santkrupa .            (docker compose up builds it too)
#
# Both base images are pinned to a release; pin them by digest (@sha256:...) in your registry.

FROM maven:3.9.11-eclipse-temurin-21-noble AS build
WORKDIR /build
COPY pom.xml ./
# the dependencies in a layer of their own: a change of code does not download them again
RUN mvn -B -ntp -q dependency:go-offline
COPY src ./src
COPY db ./db
# the tests run in CI (mvn verify), not in the image build; the embedded PostgreSQL's binaries are
# left out: production never runs the embedded database
RUN mvn -B -ntp -q -Dmaven.test.skip=true package dependency:copy-dependencies \
        -DincludeScope=runtime -DexcludeGroupIds=io.zonky.test.postgres \
        -DoutputDirectory=target/lib \
    && cp target/santkrupa-*.jar target/lib/santkrupa.jar

FROM eclipse-temurin:21.0.9_10-jre-noble
RUN groupadd --system --gid 10001 santkrupa \
    && useradd --system --uid 10001 --gid santkrupa --no-create-home --home-dir /nonexistent \
               --shell /usr/sbin/nologin santkrupa
# owned by root: the jars are read-only to the user that runs them
COPY --from=build /build/target/lib/ /app/lib/
USER 10001:10001
WORKDIR /app
ENV SANTKRUPA_ENV=production \
    LOG_FORMAT=json \
    BIND_ADDRESS=0.0.0.0 \
    PORT=8080
EXPOSE 8080
# ready: the database answers (503 otherwise); bash's /dev/tcp, so the image needs no HTTP client
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8080} && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# SIGTERM (docker stop) reaches the JVM itself (exec form, PID 1): requests in flight finish first
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-cp", "/app/lib/*", "io.santkrupa.Main"]
CMD ["serve"]
