package io.santkrupa.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.web.Json;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** --log-format json: every line on standard error is one JSON object, with the level, logger, message and MDC. */
class LogFormatTest {

    @Test
    void json_writes_one_object_per_line() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        // the tests' logback-test.xml writes to standard output, serve's logback.xml to standard error
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) context
                .getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().next();
        Encoder<ILoggingEvent> text = console.getEncoder();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            LogFormat.JSON.apply();
            MDC.put("requestId", "req-12345678");
            LoggerFactory.getLogger("io.santkrupa.request").info("request={} GET {} status={}", "req-12345678",
                    "/clinic/{slug}/patients/{patientId}", 200);
            MDC.clear();
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            console.stop();
            console.setEncoder(text);
            console.start();
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = Json.MAPPER.readTree(lines[0]);
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("loggerName").asText()).isEqualTo("io.santkrupa.request");
        assertThat(line.get("formattedMessage").asText()).isEqualTo("request=req-12345678 GET /clinic/{slug}/patients/{patientId} status=200");
        assertThat(line.get("mdc").get("requestId").asText()).isEqualTo("req-12345678");
        assertThat(line.get("timestamp").asLong()).isPositive();
        assertThat(line.has("arguments")).as("the arguments only once, in the message").isFalse();
    }
}
