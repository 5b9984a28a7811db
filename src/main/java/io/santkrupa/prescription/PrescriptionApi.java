package io.santkrupa.prescription;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.visit.ConsultationWork;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.api.ApiJson;
import io.santkrupa.web.api.ApiProblem;
import io.santkrupa.web.api.FieldError;
import io.santkrupa.web.auth.Principal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prescriptions over the API: written at a consultation by the visit's own doctor with the
 * same validation ({@link PrescriptionForm}), checks and audit as the consultation page, and
 * read with their items like the printable page (audited alike).
 *
 * <p>Ids inside the body that the clinic does not have -- an unknown visit, another clinic's,
 * a medicine not in the active catalog -- are a 422 naming the field, never a 404: the URL
 * names no record. A visit of another doctor is a 422 on {@code visitId} too; a visit whose
 * consultation has not started, or that is closed, is a 409.
 */
public final class PrescriptionApi {

    /** The form's field of item row n and the request's field of item n-1. */
    private static final Pattern ROW_FIELD = Pattern.compile("^(medicine|dose|frequency|duration|instructions)_(\\d+)$");
    private static final Map<String, String> ITEM_FIELDS = Map.of("medicine", "medicineId", "dose", "dose",
            "frequency", "frequency", "duration", "durationDays", "instructions", "instructions");

    /** POST /prescriptions: one prescription for a visit, with its items. */
    record CreateRequest(UUID visitId, List<ItemRequest> items, String advice, Boolean allergyOverride) {
    }

    /** {@code durationDays} is read as it came, so 2.5 days is refused rather than cut to 2. */
    record ItemRequest(String medicineId, String dose, String frequency, JsonNode durationDays, String instructions) {
    }

    private final TenantTransactions tenants;
    private final ConsultationWork consultations;
    private final PrescriptionRecords records;

    public PrescriptionApi(TenantTransactions tenants, ConsultationWork consultations, PrescriptionRecords records) {
        this.tenants = tenants;
        this.consultations = consultations;
        this.records = records;
    }

    /** POST /prescriptions -- 201 with the prescription and its Location. */
    public void create(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        CreateRequest request = ApiJson.read(ctx, CreateRequest.class);
        List<FieldError> errors = new ArrayList<>();
        if (request.visitId() == null) {
            errors.add(new FieldError("visitId", "Give the visit this prescription is written in."));
        }
        List<PrescriptionForm.Row> rows = new ArrayList<>();
        List<ItemRequest> items = request.items() == null ? List.of() : request.items();
        for (int i = 0; i < items.size(); i++) {
            ItemRequest item = items.get(i);
            if (item == null) {
                errors.add(new FieldError("items[" + i + "]", "Must be an object."));
                continue;
            }
            rows.add(new PrescriptionForm.Row(i + 1, item.medicineId(), item.dose(), item.frequency(),
                    days(item.durationDays(), "items[" + i + "].durationDays", errors), item.instructions()));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        PrescriptionForm form = PrescriptionForm.of(rows, request.advice());
        var outcome = consultations.prescribe(clinic.id(), request.visitId(), principal.userId(),
                RequestContext.audit(ctx), form, Boolean.TRUE.equals(request.allergyOverride()));
        UUID id = switch (outcome) {
            case ConsultationWork.Written<UUID> written -> written.value();
            case ConsultationWork.Invalid<UUID> invalid -> throw ApiProblem.validation(fieldErrors(form.errors()));
            case ConsultationWork.Refused<UUID> refused -> throw refused.refusal().asApiProblem();
            case ConsultationWork.AllergyWarning<UUID> warning -> throw new ApiProblem(409, ApiProblem.ALLERGY_CONFLICT,
                    "Allergy warning", "The patient is recorded as allergic to a class of a medicine prescribed: "
                    + warning.conflicts().stream().map(AllergyClasses.Conflict::message)
                            .collect(java.util.stream.Collectors.joining(" ")) + " Nothing was written; send "
                    + "\"allergyOverride\": true to prescribe it anyway (the override is audited).", List.of())
                    .with("conflicts", warning.conflicts().stream().map(conflict -> Map.of(
                            "medicineId", conflict.medicineId().toString(), "medicine", conflict.medicine(),
                            "allergyClass", conflict.allergyClass(), "patientAllergyClass", conflict.patientClass(),
                            "crossReactive", conflict.crossReactive())).toList());
        };
        var created = tenants.readInClinic(clinic.id(), tx -> Prescriptions.printable(tx, clinic.id(), id, null).orElseThrow());
        ApiJson.created(ctx, "/clinic/" + clinic.slug() + "/api/v1/prescriptions/" + id, body(created));
    }

    /** GET /prescriptions/{prescriptionId} -- audited as a read, like the printable page. */
    public void show(Context ctx) {
        show(ctx, null);
    }

    /**
     * GET /my-record/prescriptions/{prescriptionId} -- the signed-in patient's own only, like the
     * patient's printable page: another patient's is the 404 of an unknown id.
     */
    public void showOwn(Context ctx) {
        show(ctx, RequestContext.ownPatientId(ctx));
    }

    private void show(Context ctx, UUID onlyPatient) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID id = PathIds.of(ctx, "prescriptionId");
        ApiJson.ok(ctx, body(records.open(clinic.id(), id, onlyPatient, RequestContext.audit(ctx))));
    }


    /** The form's messages under the request's field names: dose_2 -> items[1].dose. */
    private static List<FieldError> fieldErrors(Map<String, String> formErrors) {
        List<FieldError> errors = new ArrayList<>();
        formErrors.forEach((field, message) -> {
            Matcher m = ROW_FIELD.matcher(field);
            String name = m.matches()
                    ? "items[" + (Integer.parseInt(m.group(2)) - 1) + "]." + ITEM_FIELDS.get(m.group(1))
                    : field;
            errors.add(new FieldError(name, message));
        });
        return errors;
    }

    /** The number of days as the form takes it (text); a type error unless a whole number or absent. */
    private static String days(JsonNode value, String field, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isIntegralNumber()) {
            errors.add(new FieldError(field, "Must be a whole number of days."));
            return "";
        }
        return value.bigIntegerValue().toString();
    }

    static Map<String, Object> body(Prescriptions.Printable p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", p.id());
        body.put("visitId", p.visitId());
        body.put("prescribedAt", p.prescribedAt());
        Map<String, Object> patient = new LinkedHashMap<>();
        patient.put("id", p.patientId());
        patient.put("code", p.patientCode());
        patient.put("name", p.patientName());
        patient.put("dateOfBirth", p.dateOfBirth());
        patient.put("dateOfBirthApproximate", p.dateOfBirthApproximate());
        patient.put("gender", p.gender());
        body.put("patient", patient);
        Map<String, Object> doctor = new LinkedHashMap<>();
        doctor.put("name", p.doctorName());
        doctor.put("qualification", p.qualification());
        doctor.put("specialization", p.specialization());
        doctor.put("licenseNumber", p.licenseNumber());
        body.put("doctor", doctor);
        body.put("items", p.items().stream().map(PrescriptionApi::item).toList());
        body.put("advice", p.advice());
        return body;
    }

    private static Map<String, Object> item(Prescriptions.ItemView i) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("position", i.position());
        item.put("medicineId", i.medicineId());
        item.put("medicine", i.medicine());
        item.put("dose", i.dose());
        item.put("frequency", i.frequency());
        item.put("durationDays", i.durationDays());
        item.put("instructions", i.instructions());
        return item;
    }
}
