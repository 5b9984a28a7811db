package io.santkrupa.db;

import java.util.Objects;
import java.util.UUID;

/** The id of a clinic (tenant); the only thing that opens a tenant transaction. */
public record ClinicId(UUID value) {

    public ClinicId {
        Objects.requireNonNull(value, "clinic id");
    }

    public static ClinicId of(UUID value) {
        return new ClinicId(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
