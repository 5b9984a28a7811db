package io.santkrupa.staff;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.visit.VisitQueue;
import io.santkrupa.web.Form;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.api.ApiJson;
import io.santkrupa.web.api.ApiPaging;
import io.santkrupa.web.api.ApiProblem;
import io.santkrupa.web.api.ApiVersions;
import io.santkrupa.web.api.JsonFields;
import io.santkrupa.web.auth.PasswordHasher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The clinic's doctors over the API: the active ones whom a patient can be checked in for (as
 * the check-in page offers them), one doctor's profile, and the clinic admin adding a doctor and
 * editing the profile -- through {@link StaffAccounts}, with the staff pages' checks, password
 * policy, refusals and audit events. The account's name, contact details, password and
 * deactivation stay on the staff pages, as does reading them: a doctor here is what every member
 * of staff may see (what a prescription prints, and the fee).
 */
public final class DoctorApi {

    /** The body's field for each field of the staff pages' forms (and their refusals). */
    private static final Map<String, String> FIELDS = fields();
    private static final Set<String> PROFILE_FIELDS = Set.of("licenseNumber", "specialization", "qualification",
            "consultationFee");
    private static final Set<String> CREATE_FIELDS = Set.of("username", "name", "email", "phone", "password",
            "licenseNumber", "specialization", "qualification", "consultationFee");

    private final TenantTransactions tenants;
    private final StaffAccounts accounts;
    private final PasswordHasher hasher;

    public DoctorApi(TenantTransactions tenants, StaffAccounts accounts, PasswordHasher hasher) {
        this.tenants = tenants;
        this.accounts = accounts;
        this.hasher = hasher;
    }

    /** GET /doctors?limit=&cursor= */
    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        int limit = ApiPaging.limit(ctx);
        UUID after = ApiPaging.cursor(ctx, PathIds::parse).orElse(null);
        var found = tenants.readInClinic(clinic.id(), tx -> VisitQueue.activeDoctors(tx, clinic.id(), after, limit + 1));
        ApiJson.ok(ctx, ApiPaging.page(found, limit, DoctorApi::doctor, d -> d.id().toString()));
    }

    /** GET /doctors/{doctorId} -- active or not; the ETag is the profile's version. */
    public void show(Context ctx) {
        StaffQueries.StaffMember doctor = find(RequestContext.clinic(ctx), PathIds.of(ctx, "doctorId"));
        ApiVersions.etag(ctx, doctor.doctor().version());
        ApiJson.ok(ctx, profile(doctor));
    }

    /**
     * POST /doctors -- the doctor's account and profile in one transaction, as the staff page
     * creates a doctor: 422 as the page refuses the form (the password sent once, with the
     * page's policy), 409 for a taken username or license number or the clinic's limit of doctors.
     */
    public void create(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        JsonFields body = JsonFields.read(ctx, CREATE_FIELDS);
        Form form = form(body, List.of("username", "full_name", "email", "phone", "license_number", "specialization",
                "qualification"));
        form.put("role", Role.DOCTOR.dbValue());
        StaffAccounts.NewAccount account = StaffAccounts.validateNew(form);
        String password = body.text("password");
        StaffAccounts.checkNewPassword(form, password == null ? "" : password, null, account.username());
        requireValid(body, form);
        // hashed outside the transaction: Argon2 holds no connection while it works
        String hash = hasher.hash(password);
        UUID userId;
        try {
            userId = accounts.create(clinic.id(), RequestContext.audit(ctx), account.withPasswordHash(hash));
        } catch (Form.Refused refused) {
            throw conflict(refused);
        }
        StaffQueries.StaffMember created = tenants.readInClinic(clinic.id(),
                tx -> StaffQueries.find(tx, clinic.id(), userId)).orElseThrow();
        ApiVersions.etag(ctx, created.doctor().version());
        ApiJson.created(ctx, "/clinic/" + clinic.slug() + "/api/v1/doctors/" + created.doctor().id(), profile(created));
    }

    /**
     * PUT /doctors/{doctorId} with If-Match -- replaces the profile, as the page's doctor's-profile
     * form does (an absent optional text becomes empty, an absent fee none). 412 if it was saved
     * since the client read it (deactivation and reactivation count: they change the profile's version).
     */
    public void update(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID doctorId = PathIds.of(ctx, "doctorId");
        int version = ApiVersions.ifMatch(ctx);
        JsonFields body = JsonFields.read(ctx, PROFILE_FIELDS);
        Form form = form(body, List.of("license_number", "specialization", "qualification"));
        StaffAccounts.DoctorFields fields = StaffAccounts.validateDoctor(form);
        requireValid(body, form);
        StaffQueries.StaffMember doctor = find(clinic, doctorId);
        StaffAccounts.Edit edit;
        try {
            edit = accounts.updateDoctor(clinic.id(), RequestContext.audit(ctx), doctor.id(), version, fields);
        } catch (Form.Refused refused) {
            throw conflict(refused);
        }
        if (edit == StaffAccounts.Edit.STALE) {
            throw ApiVersions.stale();
        }
        StaffQueries.StaffMember saved = find(clinic, doctorId);
        ApiVersions.etag(ctx, saved.doctor().version());
        ApiJson.ok(ctx, profile(saved));
    }

    /** The body as the page's form: the given texts, stripped, and the fee as the form's text of it. */
    private static Form form(JsonFields body, List<String> texts) {
        Form form = Form.empty();
        for (String field : texts) {
            String value = body.text(FIELDS.get(field));
            form.put(field, value == null ? "" : value.strip());
        }
        JsonNode fee = body.node("consultationFee");
        if (fee.isNumber()) {
            form.put("consultation_fee", fee.decimalValue().toPlainString());
        } else if (!fee.isMissingNode() && !fee.isNull()) {
            form.error("consultation_fee", "Must be a number or null.");
        }
        return form;
    }

    /** 422 with every invalid field at once (wrong types and the form's messages), by the body's names. */
    private static void requireValid(JsonFields body, Form form) {
        Map<String, String> errors = new LinkedHashMap<>();
        body.errors().forEach(e -> errors.putIfAbsent(e.field(), e.message()));
        form.errors().forEach((field, message) -> errors.putIfAbsent(FIELDS.getOrDefault(field, field), message));
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
    }

    /** A refusal by the records' state (a taken username or license number, the limit): 409, at its field. */
    private static ApiProblem conflict(Form.Refused refused) {
        return ApiProblem.conflict(refused.getMessage(), FIELDS.get(refused.field()));
    }

    /** The doctor with this profile id; 404 alike when unknown or another clinic's. */
    private StaffQueries.StaffMember find(CurrentClinic clinic, UUID doctorId) {
        return tenants.readInClinic(clinic.id(), tx -> StaffQueries.findDoctor(tx, clinic.id(), doctorId))
                .orElseThrow(NotFoundResponse::new);
    }

    static Map<String, Object> doctor(VisitQueue.Doctor d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", d.id());
        body.put("name", d.name());
        body.put("specialization", d.specialization());
        return body;
    }

    static Map<String, Object> profile(StaffQueries.StaffMember m) {
        StaffQueries.DoctorProfile d = m.doctor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", d.id());
        body.put("name", m.fullName());
        body.put("specialization", d.specialization());
        body.put("qualification", d.qualification());
        body.put("licenseNumber", d.licenseNumber());
        body.put("consultationFee", ApiJson.number(d.consultationFee()));
        body.put("active", m.active());
        body.put("version", d.version());
        return body;
    }

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", "username");
        fields.put("full_name", "name");
        fields.put("email", "email");
        fields.put("phone", "phone");
        fields.put("password", "password");
        fields.put("license_number", "licenseNumber");
        fields.put("specialization", "specialization");
        fields.put("qualification", "qualification");
        fields.put("consultation_fee", "consultationFee");
        return Map.copyOf(fields);
    }
}
