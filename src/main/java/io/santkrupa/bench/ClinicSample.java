package io.santkrupa.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the bench asks a clinic about, collected through its own API before anything is measured:
 * patients across the alphabet (a one-letter name search per letter, so a big clinic's sample is
 * not all surnames in A), the clinic's doctors, and visits for the consultation page.
 */
record ClinicSample(String clinic, List<PatientRef> patients, List<UUID> doctors, List<VisitRef> visits) {

    /** A visit whose consultation page is opened, and the patient's last name the page must show. */
    record VisitRef(UUID id, String patientLastName) {
    }

    static ClinicSample collect(Connection connection, ApiToken reception, int perLetter, int visitPatients) {
        StaffLogin login = reception.login();
        String api = login.apiBase();
        Map<UUID, PatientRef> patients = new LinkedHashMap<>();
        for (char letter = 'a'; letter <= 'z'; letter++) {
            JsonNode items = connection.get(api + "/patients?limit=" + perLetter + "&q=" + letter,
                    reception.current(connection)).require("listing patients of " + login.clinic()).json().path("items");
            for (JsonNode item : items) {
                UUID id = UUID.fromString(item.path("id").asText());
                patients.putIfAbsent(id, new PatientRef(login.clinic(), id, item.path("firstName").asText(),
                        item.path("lastName").asText(), item.path("phone").asText()));
            }
        }
        List<UUID> doctors = new ArrayList<>();
        for (JsonNode doctor : connection.get(api + "/doctors?limit=100", reception.current(connection))
                .require("listing doctors of " + login.clinic()).json().path("items")) {
            doctors.add(UUID.fromString(doctor.path("id").asText()));
        }
        List<VisitRef> visits = new ArrayList<>();
        for (PatientRef patient : patients.values().stream().limit(visitPatients).toList()) {
            for (JsonNode visit : connection.get(api + "/patients/" + patient.id() + "/visits?limit=5",
                    reception.current(connection)).require("listing a patient's visits").json().path("items")) {
                visits.add(new VisitRef(UUID.fromString(visit.path("id").asText()), patient.lastName()));
            }
        }
        return new ClinicSample(login.clinic(), List.copyOf(patients.values()), List.copyOf(doctors), List.copyOf(visits));
    }
}
