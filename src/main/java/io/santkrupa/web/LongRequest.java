package io.santkrupa.web;

import io.javalin.http.Context;
import org.eclipse.jetty.io.EndPoint;

import java.time.Duration;

/**
 * A request whose work may go on longer than the connection's idle timeout (Jetty's 30 s) without
 * a byte moving -- a clinic compared row by row and deleted -- gets a longer one while it works, so
 * the connection is not cut under it; the usual one comes back when it is done.
 */
public final class LongRequest implements AutoCloseable {

    private final EndPoint endPoint;
    private final long before;

    private LongRequest(EndPoint endPoint, long before) {
        this.endPoint = endPoint;
        this.before = before;
    }

    public static LongRequest allow(Context ctx, Duration idle) {
        EndPoint endPoint = org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req())
                .getConnectionMetaData().getConnection().getEndPoint();
        long before = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(Math.max(before, idle.toMillis()));
        return new LongRequest(endPoint, before);
    }

    @Override
    public void close() {
        endPoint.setIdleTimeout(before);
    }
}
