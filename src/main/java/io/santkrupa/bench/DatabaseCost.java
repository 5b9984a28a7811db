package io.santkrupa.bench;

/**
 * What one request of a scenario costs the database, counted by PostgreSQL itself over a phase
 * of its own: transactions ({@code pg_stat_database}) and, where {@code pg_stat_statements} is
 * loaded, statements per request. {@code untimedRequests}: the scenario's own requests between
 * them (check-in's cancellations), whose transactions are in the count.
 */
record DatabaseCost(String scenario, int requests, long wrongAnswers, long untimedRequests,
                    double transactionsPerRequest, Double statementsPerRequest) {
}
