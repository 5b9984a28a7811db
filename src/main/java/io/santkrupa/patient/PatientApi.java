package io.santkrupa.patient;

import io.javalin.http.Context;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.api.ApiJson;
import io.santkrupa.web.api.ApiPaging;
import io.santkrupa.web.api.ApiProblem;
import io.santkrupa.web.api.ApiVersions;
import io.santkrupa.web.api.JsonFields;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The register of patients over the API: search, register, read and edit. The same search,
 * validation ({@link PatientForm}), duplicate check, capacity limit, permission and audit as
 * the reception's pages -- only the representation differs.
 */
public final class PatientApi {

    private static final Set<String> UPDATE_FIELDS = Set.copyOf(PatientForm.FIELDS);
    private static final Set<String> CREATE_FIELDS = with(UPDATE_FIELDS, "registerAnyway");

    private final TenantTransactions tenants;
    private final PatientRecords records;
    private final PatientRegistry registry;
    private final AuditLog audit;

    public PatientApi(TenantTransactions tenants, PatientRecords records, PatientRegistry registry, AuditLog audit) {
        this.audit = audit;
        this.tenants = tenants;
        this.records = records;
        this.registry = registry;
    }

    /**
     * GET /patients?q=&limit=&cursor= -- q is a code, a name, a whole phone number or its last
     * digits, as on the search page.
     */
    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String q = ctx.queryParam("q");
        int limit = ApiPaging.limit(ctx);
        UUID after = ApiPaging.cursor(ctx, PathIds::parse).orElse(null);
        var found = tenants.readInClinic(clinic.id(), tx -> {
            PatientSearch.Criteria criteria = PatientSearch.parse(q, PatientQueries.clinicPhones(tx, clinic.id()));
            var patients = PatientSearch.run(tx, clinic.id(), criteria, after, limit + 1);
            PatientSearch.audit(audit, tx, clinic.id(), RequestContext.audit(ctx), criteria,
                    patients.stream().limit(limit).toList());
            return patients;
        });
        ApiJson.ok(ctx, ApiPaging.page(found, limit, PatientApi::summary, p -> p.id().toString()));
    }

    /**
     * GET /patients/{patientId} -- the details only (the history has endpoints of its own), audited
     * as a read of the patient's demographics.
     */
    public void show(Context ctx) {
        show(ctx, ctx.pathParam("patientId"));
    }

    /** GET /my-record -- the signed-in patient's own details, read and audited as {@link #show(Context)}. */
    public void showOwn(Context ctx) {
        show(ctx, RequestContext.ownPatientId(ctx).toString());
    }

    private void show(Context ctx, String patientId) {
        var patient = records.details(RequestContext.clinic(ctx).id(), patientId, RequestContext.audit(ctx));
        ApiVersions.etag(ctx, patient.version());
        ApiJson.ok(ctx, detail(patient));
    }

    /** POST /patients -- 409 with the possible duplicates unless registerAnyway is true. */
    public void create(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        JsonFields body = JsonFields.read(ctx, CREATE_FIELDS);
        boolean anyway = body.bool("registerAnyway", false);
        PatientForm.Demographics patient = validated(body, clinic);
        switch (registry.register(clinic, RequestContext.audit(ctx), patient, anyway)) {
            case PatientRegistry.Registered registered -> {
                var created = tenants.readInClinic(clinic.id(),
                        tx -> PatientQueries.find(tx, clinic.id(), registered.id()).orElseThrow());
                ApiVersions.etag(ctx, created.version());
                ApiJson.created(ctx, "/clinic/" + clinic.slug() + "/api/v1/patients/" + created.id(), detail(created));
            }
            case PatientRegistry.PossibleDuplicates duplicates -> throw new ApiProblem(409,
                    ApiProblem.POSSIBLE_DUPLICATE, "Possible duplicate",
                    "Patients with the same name, phone and date of birth are registered already. If this is a "
                            + "different person, send the request again with registerAnyway: true.", List.of())
                    .with("duplicates", duplicates.matches().stream().map(PatientApi::summaryOf).toList());
            case PatientRegistry.AtCapacity full -> throw ApiProblem.conflict("This clinic has reached its limit of "
                    + full.limit() + " patients; the clinic administrator can ask for a larger plan.");
        }
    }

    /**
     * PUT /patients/{patientId} with If-Match -- replaces the demographics (an absent optional
     * field becomes empty). 412 if someone saved the patient since the client read it.
     */
    public void update(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID id = PathIds.of(ctx, "patientId");
        int version = ApiVersions.ifMatch(ctx);
        PatientForm.Demographics patient = validated(JsonFields.read(ctx, UPDATE_FIELDS), clinic);
        switch (registry.update(clinic.id(), RequestContext.audit(ctx), id, version, patient)) {
            case PatientRegistry.Stale stale -> throw ApiVersions.stale();
            case PatientRegistry.Saved saved -> {
                var current = tenants.readInClinic(clinic.id(),
                        tx -> PatientQueries.find(tx, clinic.id(), id).orElseThrow());
                ApiVersions.etag(ctx, current.version());
                ApiJson.ok(ctx, detail(current));
            }
        }
    }

    private PatientForm.Demographics validated(JsonFields body, CurrentClinic clinic) {
        PatientForm form = PatientForm.submitted(field -> field.equals("ageYears") ? body.number(field) : body.text(field));
        var patient = form.validate(registry.today(clinic), registry.phoneNumbers(clinic.id()));
        Map<String, String> errors = new LinkedHashMap<>();
        body.errors().forEach(e -> errors.put(e.field(), e.message()));
        form.errors().forEach(errors::putIfAbsent);
        if (!errors.isEmpty() || patient.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return patient.get();
    }

    static Map<String, Object> summary(PatientQueries.PatientSummary p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", p.id());
        body.put("code", p.code());
        body.put("firstName", p.firstName());
        body.put("lastName", p.lastName());
        body.put("dateOfBirth", p.dateOfBirth());
        body.put("dateOfBirthApproximate", p.dateOfBirthApproximate());
        body.put("gender", p.gender());
        body.put("phone", p.phone());
        return body;
    }

    /** A patient's details as a summary: the possible duplicates of a registration. */
    private static Map<String, Object> summaryOf(PatientQueries.PatientDetail p) {
        return summary(new PatientQueries.PatientSummary(p.id(), p.code(), p.firstName(), p.lastName(),
                p.dateOfBirth(), p.dateOfBirthApproximate(), p.gender(), p.phone()));
    }

    static Map<String, Object> detail(PatientQueries.PatientDetail p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", p.id());
        body.put("code", p.code());
        body.put("firstName", p.firstName());
        body.put("lastName", p.lastName());
        body.put("dateOfBirth", p.dateOfBirth());
        body.put("dateOfBirthApproximate", p.dateOfBirthApproximate());
        body.put("gender", p.gender());
        body.put("phone", p.phone());
        body.put("email", p.email());
        body.put("address", p.address());
        body.put("emergencyContactName", p.emergencyContactName());
        body.put("emergencyContactPhone", p.emergencyContactPhone());
        body.put("bloodGroup", p.bloodGroup());
        body.put("allergies", p.allergies());
        body.put("registeredAt", p.registeredAt());
        body.put("version", p.version());
        return body;
    }

    private static Set<String> with(Set<String> fields, String extra) {
        Set<String> all = new HashSet<>(fields);
        all.add(extra);
        return Set.copyOf(all);
    }
}
