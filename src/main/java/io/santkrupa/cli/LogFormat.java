package io.santkrupa.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How serve's log lines are written on standard error: {@code text} (logback.xml's pattern, for a
 * person) or {@code json} (one JSON object per line, logback's own JsonEncoder, for a log
 * collector). Only the encoder changes: the same lines, the same levels, the same care that no
 * patient data or secret is ever in a message.
 */
enum LogFormat {
    TEXT, JSON;

    /** Switches the console appender(s) of logback.xml to this format; text leaves them as configured. */
    void apply() {
        if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (var appenders = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders(); appenders.hasNext(); ) {
            if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> console) {
                JsonEncoder json = new JsonEncoder();
                json.setContext(context);
                // the message as a person reads it, once; not the template and its arguments apart
                json.setWithFormattedMessage(true);
                json.setWithMessage(false);
                json.setWithArguments(false);
                json.setWithContext(false);
                json.start();
                console.stop();
                console.setEncoder(json);
                console.start();
            }
        }
    }
}
