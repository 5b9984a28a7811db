package io.santkrupa.staff;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.clinic.ClinicCapacity;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Form;
import io.santkrupa.web.Pages;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.auth.PasswordHasher;
import io.santkrupa.web.session.Sessions;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The clinic admin's staff pages: the list, a new account, and one account's page (details,
 * a doctor's profile, password reset, deactivation). Forms post back here and redirect on
 * success; a refused form comes back with its messages and what was typed.
 */
public final class StaffPages {

    private static final int PAGE_SIZE = 25;
    private static final String[] NEW_FIELDS = {"username", "full_name", "role", "email", "phone",
            "license_number", "specialization", "qualification", "consultation_fee"};
    private static final String[] DETAIL_FIELDS = {"full_name", "email", "phone", "version"};
    private static final String[] DOCTOR_FIELDS = {"license_number", "specialization", "qualification",
            "consultation_fee", "version"};

    /** Confirmations after a redirect, by the {@code done} parameter: a fixed text, never the parameter. */
    private static final Map<String, String> DONE = Map.of(
            "created", "The account was created. Its user can sign in now with the password you set.",
            "saved", "The details were saved.",
            "doctor", "The doctor's profile was saved.",
            "password", "The password was changed. The user was signed out everywhere.",
            "deactivated", "The account was deactivated and its sessions ended.",
            "reactivated", "The account was reactivated.");

    private final TenantTransactions tenants;
    private final StaffAccounts accounts;
    private final PasswordHasher hasher;
    private final Pages pages;

    public StaffPages(TenantTransactions tenants, StaffAccounts accounts, PasswordHasher hasher, Pages pages) {
        this.tenants = tenants;
        this.accounts = accounts;
        this.hasher = hasher;
        this.pages = pages;
    }

    /** GET /clinic/{slug}/staff?role=&status=&after= */
    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String roleParam = param(ctx, "role");
        Role role = StaffAccounts.STAFF_ROLES.stream().filter(r -> r.dbValue().equals(roleParam)).findFirst().orElse(null);
        String status = switch (param(ctx, "status")) {
            case "inactive" -> "inactive";
            case "all" -> "all";
            default -> "active";
        };
        Boolean active = status.equals("all") ? null : status.equals("active");
        String after = param(ctx, "after");
        String cursor = StaffAccounts.USERNAME.matcher(after).matches() ? after : null;

        record Page(List<StaffQueries.StaffRow> rows, ClinicCapacity.Usage usage) {
        }
        Page page = tenants.readInClinic(clinic.id(), tx -> new Page(
                StaffQueries.list(tx, clinic.id(), role, active, cursor, PAGE_SIZE + 1),
                ClinicCapacity.usage(tx, clinic.id())));
        List<StaffQueries.StaffRow> rows = page.rows().stream().limit(PAGE_SIZE).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("usage", page.usage());
        model.put("filters", Map.of("role", role == null ? "" : role.dbValue(), "status", status));
        model.put("roles", roleOptions());
        model.put("next", page.rows().size() > PAGE_SIZE ? rows.getLast().username() : "");
        model.put("title", "Staff - Santkrupa");
        pages.render(ctx, "staff/list", model);
    }

    /** GET /clinic/{slug}/staff/new */
    public void newForm(Context ctx) {
        renderNew(ctx, Form.empty(), 200);
    }

    /** POST /clinic/{slug}/staff */
    public void create(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Form form = Form.from(ctx, NEW_FIELDS);
        StaffAccounts.NewAccount account = StaffAccounts.validateNew(form);
        String password = newPassword(ctx, form, account.username());
        if (form.hasErrors()) {
            renderNew(ctx, form, Form.INVALID);
            return;
        }
        // hashed outside the transaction: Argon2 holds no connection while it works
        String hash = hasher.hash(password);
        try {
            UUID id = accounts.create(clinic.id(), RequestContext.audit(ctx), account.withPasswordHash(hash));
            ctx.redirect(userPath(clinic, id) + "?done=created", HttpStatus.SEE_OTHER);
        } catch (Form.Refused refused) {
            renderNew(ctx, refused.applyTo(form), Form.CONFLICT);
        }
    }

    /** GET /clinic/{slug}/staff/{userId} */
    public void show(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        StaffQueries.StaffMember member = find(clinic, PathIds.of(ctx, "userId"));
        String done = DONE.getOrDefault(param(ctx, "done"), "");
        renderMember(ctx, member, Map.of(), 200, done);
    }

    /** POST /clinic/{slug}/staff/{userId}: name and contact details. */
    public void updateDetails(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID userId = PathIds.of(ctx, "userId");
        Form form = Form.from(ctx, DETAIL_FIELDS);
        String fullName = form.required("full_name", "Full name", 200);
        String email = form.email("email", "Email");
        String phone = form.phone("phone", "Phone");
        int version = form.version();
        submit(ctx, clinic, userId, "details", form, "saved",
                () -> accounts.updateDetails(clinic.id(), RequestContext.audit(ctx), userId, version, fullName, email, phone));
    }

    /** POST /clinic/{slug}/staff/{userId}/doctor-profile */
    public void updateDoctor(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID userId = PathIds.of(ctx, "userId");
        Form form = Form.from(ctx, DOCTOR_FIELDS);
        StaffAccounts.DoctorFields fields = StaffAccounts.validateDoctor(form);
        int version = form.value("version").isEmpty() ? 0 : form.version();
        submit(ctx, clinic, userId, "doctor", form, "doctor", () -> {
            if (accounts.updateDoctor(clinic.id(), RequestContext.audit(ctx), userId, version, fields)
                    == StaffAccounts.Edit.STALE) {
                throw StaffAccounts.stale("doctor's profile");
            }
        });
    }

    /** POST /clinic/{slug}/staff/{userId}/password */
    public void resetPassword(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID userId = PathIds.of(ctx, "userId");
        StaffQueries.StaffMember member = find(clinic, userId);
        Form form = Form.empty();
        String password = newPassword(ctx, form, member.username());
        if (form.hasErrors()) {
            renderMember(ctx, member, Map.of("password", form), Form.INVALID, "");
            return;
        }
        String hash = hasher.hash(password);
        UUID currentSession = RequestContext.session(ctx).map(Sessions.Active::id).orElse(null);
        submit(ctx, clinic, userId, "password", form, "password",
                () -> accounts.resetPassword(clinic.id(), RequestContext.audit(ctx), userId, hash, currentSession));
    }

    /** POST /clinic/{slug}/staff/{userId}/deactivate */
    public void deactivate(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID userId = PathIds.of(ctx, "userId");
        Form form = Form.from(ctx, "version");
        int version = form.version();
        submit(ctx, clinic, userId, "access", form, "deactivated",
                () -> accounts.deactivate(clinic.id(), RequestContext.audit(ctx), userId, version));
    }

    /** POST /clinic/{slug}/staff/{userId}/reactivate */
    public void reactivate(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID userId = PathIds.of(ctx, "userId");
        Form form = Form.from(ctx, "version");
        int version = form.version();
        submit(ctx, clinic, userId, "access", form, "reactivated",
                () -> accounts.reactivate(clinic.id(), RequestContext.audit(ctx), userId, version));
    }

    /** Runs a change of one account unless its form is invalid; redirects, or shows the page again with the form's messages. */
    private void submit(Context ctx, CurrentClinic clinic, UUID userId, String formName, Form form, String done,
                        Runnable change) {
        if (!form.hasErrors()) {
            try {
                change.run();
                ctx.redirect(userPath(clinic, userId) + "?done=" + done, HttpStatus.SEE_OTHER);
                return;
            } catch (Form.Refused refused) {
                refused.applyTo(form);
                renderMember(ctx, find(clinic, userId), Map.of(formName, form), Form.CONFLICT, "");
                return;
            }
        }
        renderMember(ctx, find(clinic, userId), Map.of(formName, form), Form.INVALID, "");
    }

    private StaffQueries.StaffMember find(CurrentClinic clinic, UUID userId) {
        return tenants.readInClinic(clinic.id(), tx -> StaffQueries.find(tx, clinic.id(), userId))
                .orElseThrow(NotFoundResponse::new);
    }

    /** A new password typed twice, as typed (never stripped); its messages on {@code form}. */
    private static String newPassword(Context ctx, Form form, String username) {
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String confirm = Optional.ofNullable(ctx.formParam("password_confirm")).orElse("");
        StaffAccounts.checkNewPassword(form, password, confirm, username);
        return password;
    }

    private void renderNew(Context ctx, Form form, int status) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        ClinicCapacity.Usage usage = tenants.readInClinic(clinic.id(), tx -> ClinicCapacity.usage(tx, clinic.id()));
        ctx.status(status);
        pages.render(ctx, "staff/new", Map.of("form", form, "roles", roleOptions(), "usage", usage,
                "title", "New staff account - Santkrupa"));
    }

    private void renderMember(Context ctx, StaffQueries.StaffMember member, Map<String, Form> submitted, int status,
                              String done) {
        Map<String, Form> forms = new HashMap<>();
        forms.put("details", Form.of(Map.of("full_name", member.fullName(), "email", member.email(),
                "phone", member.phone(), "version", member.version())));
        StaffQueries.DoctorProfile doctor = member.doctor();
        forms.put("doctor", doctor == null ? Form.empty() : Form.of(Map.of("license_number", doctor.licenseNumber(),
                "specialization", doctor.specialization(), "qualification", doctor.qualification(),
                "consultation_fee", doctor.consultationFee() == null ? "" : doctor.consultationFee().toPlainString(),
                "version", doctor.version())));
        forms.put("password", Form.empty());
        forms.put("access", Form.of(Map.of("version", member.version())));
        forms.putAll(submitted);
        boolean self = RequestContext.requirePrincipal(ctx).userId().equals(member.id());
        ctx.status(status);
        Map<String, Object> model = new HashMap<>();
        model.put("member", member);
        model.put("forms", forms);
        model.put("self", self);
        model.put("done", done);
        model.put("title", (member.isPatientLogin() ? "Patient sign-in" : member.fullName()) + " - Santkrupa");
        pages.render(ctx, "staff/member", model);
    }

    private static Map<String, String> roleOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        StaffAccounts.STAFF_ROLES.forEach(r -> options.put(r.dbValue(), r.label()));
        return options;
    }

    private static String userPath(CurrentClinic clinic, UUID userId) {
        return "/clinic/" + clinic.slug() + "/staff/" + userId;
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }
}
