package io.santkrupa.testing;

import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the SQL statements the application runs, so a test can pin how many queries a page
 * costs (a list must not issue one query per row). Tests send one request at a time.
 */
public final class QueryCounter implements ExecuteListener {

    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void executeStart(ExecuteContext ctx) {
        count.incrementAndGet();
    }

    public void reset() {
        count.set(0);
    }

    public int count() {
        return count.get();
    }
}
