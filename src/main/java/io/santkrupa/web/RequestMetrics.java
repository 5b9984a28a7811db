package io.santkrupa.web;

/**
 * Where each answered request's duration goes, by its route template (never its raw path: ids
 * would leak into the series and multiply them without bound). {@link #NONE} when metrics are off.
 */
@FunctionalInterface
public interface RequestMetrics {

    RequestMetrics NONE = (method, route, status, nanos) -> { };

    void record(String method, String route, int status, long nanos);
}
