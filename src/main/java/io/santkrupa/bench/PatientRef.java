package io.santkrupa.bench;

import java.util.UUID;

/** A patient the API listed: what a request about them asks and what its answer must show. */
record PatientRef(String clinic, UUID id, String firstName, String lastName, String phone) {

    /** The phone's digits (E.164 without its +). */
    String phoneDigits() {
        return phone == null ? "" : phone.replaceAll("[^0-9]", "");
    }
}
