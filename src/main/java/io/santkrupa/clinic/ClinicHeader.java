package io.santkrupa.clinic;

import java.util.UUID;

/**
 * What the page header shows of the clinic to its signed-in users: its name, and its logo when
 * the clinic admin has uploaded one (its file's id is in the logo's address, so a new logo is a
 * new address and browsers may keep each one for good).
 */
public record ClinicHeader(String name, UUID logoFileId) {

    /** The logo's address, or null when the clinic has none. */
    public String logoPath(String slug) {
        return logoFileId == null ? null : "/clinic/" + slug + "/logo/" + logoFileId;
    }
}
