package io.santkrupa.clinic;

import java.util.Arrays;

/** A clinic's subscription: trial and active work normally, expired is read-only, suspended is closed. */
public enum SubscriptionStatus {
    TRIAL, ACTIVE, EXPIRED, SUSPENDED;

    public static SubscriptionStatus fromDbValue(String value) {
        return Arrays.stream(values()).filter(s -> s.dbValue().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown subscription status"));
    }

    public String dbValue() {
        return name().toLowerCase();
    }

    public boolean allowsReads() {
        return this != SUSPENDED;
    }

    public boolean allowsWrites() {
        return this == TRIAL || this == ACTIVE;
    }
}
