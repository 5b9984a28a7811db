package io.santkrupa.db;

import org.jooq.DSLContext;

/** Work done inside one transaction, through the transaction's own {@link DSLContext}. */
@FunctionalInterface
public interface TransactionWork<T> {
    T run(DSLContext tx);
}
