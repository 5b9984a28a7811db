package io.santkrupa.patient;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.web.Form;
import io.santkrupa.web.Pages;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.QrCodeSvg;
import io.santkrupa.web.QueryParams;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.WebSettings;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The patient portal, as the desk and the clinic administrator manage it: the clinic's list of
 * patients with a sign-in (found by patient code), one patient's portal page, and the forms that
 * invite (answered with the one-time invitation to print or read out), revoke and disable. The
 * same panel sits on the patient's chart for the desk.
 */
public final class PatientPortalPages {

    private static final int LISTED = 50;
    private static final Map<String, String> DONE = Map.of(
            "revoked", "The invitation was revoked: its link and code no longer work.",
            "disabled", "Portal access is disabled: the patient is signed out and cannot sign in.");

    private final PatientPortal portal;
    private final Pages pages;
    private final WebSettings settings;

    public PatientPortalPages(PatientPortal portal, Pages pages, WebSettings settings) {
        this.portal = portal;
        this.pages = pages;
        this.settings = settings;
    }

    /** GET /portal: the patients with a sign-in, and a patient found by code (?code=PT-...). */
    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Form lookup = Form.from(ctx::queryParam, java.util.List.of("code"));
        if (!lookup.value("code").isEmpty()) {
            var found = portal.patientByCode(clinic.id(), lookup.value("code"));
            if (found.isPresent()) {
                ctx.redirect(portalPath(clinic, found.get()), HttpStatus.SEE_OTHER);
                return;
            }
            lookup.error("code", "No patient of this clinic has the code " + lookup.value("code")
                    + ". Type it as on the patient's card, e.g. PT-" + "ABC-2026-001.");
        }
        Map<String, Object> model = new HashMap<>();
        model.put("lookup", lookup);
        model.put("accounts", portal.accounts(clinic.id(), RequestContext.audit(ctx), LISTED));
        model.put("listed", LISTED);
        model.put("title", "Patient portal - Santkrupa");
        pages.render(ctx, "patient/portal-list", model);
    }

    /** GET /patients/{patientId}/portal */
    public void show(Context ctx) {
        render(ctx, PathIds.of(ctx, "patientId"), Form.empty(), 200);
    }

    /** POST /patients/{patientId}/portal/invitation: the invitation's page, shown once, is the answer. */
    public void invite(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID patientId = PathIds.of(ctx, "patientId");
        Form form = Form.from(ctx, "version", "from");
        int version = form.version();
        if (form.hasErrors()) {
            render(ctx, patientId, form, Form.INVALID);
            return;
        }
        PatientPortal.Invitation invitation;
        try {
            invitation = portal.invite(clinic.id(), RequestContext.audit(ctx), patientId, version);
        } catch (Form.Refused refused) {
            render(ctx, patientId, refused.applyTo(form), Form.CONFLICT);
            return;
        }
        String link = baseUrl(ctx) + "/clinic/" + clinic.slug() + "/welcome/" + invitation.issued().linkToken();
        Map<String, Object> model = new HashMap<>();
        model.put("portal", invitation.patient());
        model.put("issued", invitation.issued());
        model.put("clinicName", invitation.clinicName());
        model.put("link", link);
        model.put("qr", QrCodeSvg.svg(link, "QR code of the invitation link"));
        model.put("codeUrl", baseUrl(ctx) + "/clinic/" + clinic.slug() + "/welcome");
        model.put("back", back(ctx, clinic, patientId, form.value("from")));
        model.put("title", "Portal invitation for " + invitation.patient().patientName() + " - Santkrupa");
        pages.render(ctx, "patient/portal-invitation", model);
    }

    /** POST /patients/{patientId}/portal/revoke */
    public void revoke(Context ctx) {
        change(ctx, "revoked", (clinic, patientId, version) ->
                portal.revoke(clinic.id(), RequestContext.audit(ctx), patientId, version));
    }

    /** POST /patients/{patientId}/portal/disable */
    public void disable(Context ctx) {
        change(ctx, "disabled", (clinic, patientId, version) ->
                portal.disable(clinic.id(), RequestContext.audit(ctx), patientId, version));
    }

    private interface Change {
        void apply(CurrentClinic clinic, UUID patientId, int version);
    }

    private void change(Context ctx, String done, Change change) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID patientId = PathIds.of(ctx, "patientId");
        Form form = Form.from(ctx, "version", "from");
        int version = form.version();
        if (form.hasErrors()) {
            render(ctx, patientId, form, Form.INVALID);
            return;
        }
        try {
            change.apply(clinic, patientId, version);
        } catch (Form.Refused refused) {
            render(ctx, patientId, refused.applyTo(form), Form.CONFLICT);
            return;
        }
        ctx.redirect(back(ctx, clinic, patientId, form.value("from")) + "?portal=" + done + "#portal-access",
                HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, UUID patientId, Form form, int status) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("portal", portal.status(clinic.id(), RequestContext.audit(ctx), patientId));
        model.put("portalForm", form);
        model.put("portalFrom", "portal");
        model.put("portalDone", done(ctx));
        model.put("portalWritable", clinic.status().allowsWrites());
        model.put("canReadChart", PermissionMatrix.allows(RequestContext.requirePrincipal(ctx).role(),
                Permission.PATIENT_DEMOGRAPHICS));
        model.put("title", "Patient portal - Santkrupa");
        ctx.status(status);
        pages.render(ctx, "patient/portal", model);
    }

    /** The message of a change just made (?portal=revoked), for the page it lands on; "" when none. */
    static String done(Context ctx) {
        return DONE.getOrDefault(QueryParams.text(ctx, "portal"), "");
    }

    /** Back where the form was: the chart (for those who read it) or the portal page. */
    private static String back(Context ctx, CurrentClinic clinic, UUID patientId, String from) {
        boolean chart = "chart".equals(from) && PermissionMatrix.allows(RequestContext.requirePrincipal(ctx).role(),
                Permission.PATIENT_DEMOGRAPHICS);
        return chart ? "/clinic/" + clinic.slug() + "/patients/" + patientId : portalPath(clinic, patientId);
    }

    private static String portalPath(CurrentClinic clinic, UUID patientId) {
        return "/clinic/" + clinic.slug() + "/patients/" + patientId + "/portal";
    }

    /** Where the desk reached Santkrupa: the patient opens the link there too. Behind TLS it is https. */
    private String baseUrl(Context ctx) {
        String host = ctx.host();
        return (settings.secureCookies() ? "https" : ctx.scheme()) + "://"
                + (host == null || host.isBlank() ? "127.0.0.1" : host);
    }
}
