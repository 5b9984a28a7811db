package io.santkrupa.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** (1) {@code GET /patients/{id}} through the API, the patients of every clinic mixed. */
final class PatientLookupScenario implements Scenario {

    private final List<PatientRef> patients;
    private final Map<String, ApiToken> tokens;

    PatientLookupScenario(List<PatientRef> patients, Map<String, ApiToken> tokens) {
        if (patients.isEmpty()) {
            throw new BenchFailure("no patients to fetch: the clinics' patient lists were empty");
        }
        this.patients = patients;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "api-get-patient";
    }

    @Override
    public String description() {
        return "GET /clinic/{slug}/api/v1/patients/{id} with a bearer token, " + patients.size()
                + " patients of " + tokens.size() + " clinic(s) mixed";
    }

    @Override
    public Worker worker(int index, Connection connection) {
        SplittableRandom random = new SplittableRandom(index);
        return new Worker() {
            PatientRef patient;
            String token;

            @Override
            public void prepare() {
                patient = patients.get(random.nextInt(patients.size()));
                token = tokens.get(patient.clinic()).current(connection);
            }

            @Override
            public Outcome request() {
                HttpAnswer answer = connection.get("/clinic/" + patient.clinic() + "/api/v1/patients/" + patient.id(), token);
                if (!answer.ok()) {
                    return Outcome.wrong(answer.status(), null);
                }
                JsonNode json = answer.json();
                if (!patient.id().toString().equals(json.path("id").asText())
                        || !patient.lastName().equals(json.path("lastName").asText())) {
                    return Outcome.wrong(answer.status(), "asked for patient " + patient.id() + ", got " + json.path("id"));
                }
                return Outcome.ok(answer.status());
            }
        };
    }
}
