package io.santkrupa.bench;

/**
 * What one request of a scenario costs the database, counted by PostgreSQL itself over a phase
 * of its own: transactions ({@code pg_stat_database}) and statements per request -- counted by
 * {@code pg_stat_statements} where it is loaded, else by the server itself (its /metrics) -- and
 * so the round trips per request: a statement each, a commit per transaction. {@code untimedRequests}: the scenario's own requests between
 * them (check-in's cancellations), whose transactions are in the count.
 */
record DatabaseCost(String scenario, int requests, long wrongAnswers, long untimedRequests,
                    double transactionsPerRequest, Double statementsPerRequest, String statementsCountedBy,
                    Double roundTripsPerRequest) {
}
