package io.santkrupa.testing;

import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the SQL statements the application runs, so a test can pin how many queries a page
 * costs (a list must not issue one query per row); after {@link #record()}, also keeps each
 * statement with its bind values, so a test can see what a request sent. Tests send one request
 * at a time.
 */
public final class QueryCounter implements ExecuteListener {

    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean recording;
    private final List<String> statements = new ArrayList<>();

    @Override
    public void executeStart(ExecuteContext ctx) {
        count.incrementAndGet();
        if (recording) {
            StringBuilder statement = new StringBuilder(String.valueOf(ctx.sql()));
            if (ctx.query() != null) {
                for (Object value : ctx.query().getBindValues()) {
                    String text = value instanceof byte[] bytes ? "<" + bytes.length + " bytes>" : String.valueOf(value);
                    statement.append(" | ").append(text.length() > 200 ? text.substring(0, 200) + "..." : text);
                }
            }
            synchronized (statements) {
                statements.add(statement.toString());
            }
        }
    }

    /** Counts from zero, and keeps every statement from now until the next {@link #reset()}. */
    public void record() {
        reset();
        recording = true;
    }

    public void reset() {
        recording = false;
        count.set(0);
        synchronized (statements) {
            statements.clear();
        }
    }

    public int count() {
        return count.get();
    }

    /** The statements since {@link #record()}: the SQL, then each bind value after a '|'. */
    public List<String> statements() {
        synchronized (statements) {
            return List.copyOf(statements);
        }
    }
}
