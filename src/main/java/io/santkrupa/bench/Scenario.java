package io.santkrupa.bench;

/**
 * One kind of request the bench measures. Each worker (one connection) gets its own
 * {@link Worker}, made before the clock starts (a browser's sign-in happens there).
 */
interface Scenario {

    /** Short and stable: the key in the JSON and the label in the tables ("api-get-patient"). */
    String name();

    /** What one request is, for the report. */
    String description();

    /** The worker of connection {@code index}, on its own {@code connection}. */
    Worker worker(int index, Connection connection);

    /** After every connection count of the scenario: checks that span requests (distinct tokens); problems found. */
    default java.util.List<String> verify() {
        return java.util.List.of();
    }

    /** Requests the scenario made outside the measured time (e.g. check-in's cancellations), for the report. */
    default long untimedRequests() {
        return 0;
    }

    interface Worker {

        /** Work before the next request that is not part of it, and not timed (renewing a token, freeing a slot). */
        default void prepare() {
        }

        /** One timed request and whether its answer was right. */
        Outcome request();
    }
}
