package io.santkrupa.patient;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.web.Form;
import io.santkrupa.web.Pages;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The clinic administrator's erasure pages: a patient found by the code on their card, then only
 * that code and the counts of what is kept and removed (never the person's details), and the form
 * that erases with the code typed again and a reason.
 */
public final class PatientErasurePages {

    private final PatientErasure erasure;
    private final Pages pages;

    public PatientErasurePages(PatientErasure erasure, Pages pages) {
        this.erasure = erasure;
        this.pages = pages;
    }

    /** GET /erasure?code=PT-...: the lookup; a patient found opens their erasure page. */
    public void lookup(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Form lookup = Form.from(ctx::queryParam, List.of("code"));
        if (!lookup.value("code").isEmpty()) {
            var found = erasure.byCode(clinic.id(), lookup.value("code"));
            if (found.isPresent()) {
                ctx.redirect(path(clinic, found.get()), HttpStatus.SEE_OTHER);
                return;
            }
            lookup.error("code", "No patient of this clinic has the code " + lookup.value("code")
                    + ". Type it as on the patient's card, e.g. PT-ABC-2026-001.");
        }
        Map<String, Object> model = new HashMap<>();
        model.put("lookup", lookup);
        model.put("notice", "");
        model.put("title", "Erase a patient's data - Santkrupa");
        pages.render(ctx, "patient/erasure-lookup", model);
    }

    /** GET /patients/{patientId}/erase */
    public void show(Context ctx) {
        render(ctx, PathIds.of(ctx, "patientId"), Form.empty(), 200);
    }

    /** POST /patients/{patientId}/erase: confirmCode and reason. */
    public void erase(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID patientId = PathIds.of(ctx, "patientId");
        Form form = Form.from(ctx, "confirmCode", "reason");
        try {
            erasure.erase(clinic.id(), RequestContext.audit(ctx), patientId, form.value("confirmCode"),
                    form.value("reason"));
        } catch (Form.Refused refused) {
            render(ctx, patientId, refused.applyTo(form), Form.INVALID);
            return;
        }
        ctx.redirect(path(clinic, patientId) + "?erased", HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, UUID patientId, Form form, int status) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        var summary = erasure.summary(clinic.id(), RequestContext.audit(ctx), patientId);
        Map<String, Object> model = new HashMap<>();
        model.put("summary", summary);
        model.put("form", form);
        model.put("notice", ctx.queryParam("erased") != null
                ? "Erased. The record is kept as \"Erased patient\" with its clinical history." : "");
        model.put("title", "Erase " + summary.code() + " - Santkrupa");
        ctx.status(status);
        pages.render(ctx, "patient/erasure", model);
    }

    private static String path(CurrentClinic clinic, UUID patientId) {
        return "/clinic/" + clinic.slug() + "/patients/" + patientId + "/erase";
    }
}
