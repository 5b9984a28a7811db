package io.santkrupa.platform;

import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.ClinicContact;
import io.santkrupa.clinic.ClinicSlug;
import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.clinic.TimeZones;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.ConstraintViolations;
import io.santkrupa.db.Ids;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.db.jooq.santkrupa_platform.Routines;
import io.santkrupa.phone.PhoneNumbers;
import io.santkrupa.staff.StaffAccounts;
import io.santkrupa.web.Form;
import io.santkrupa.web.auth.SecretToken;
import org.jooq.exception.DataAccessException;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Onboarding a clinic: the registry row and its first administrator, in one call of
 * {@code provision_clinic} (V034, V036) -- the only way the platform role can create either. The
 * administrator gets no password from the platform: a one-time link (valid
 * {@link #LINK_VALIDITY}) with which they choose their own. The platform's audit event is
 * written in the same transaction; the function writes the clinic's own.
 */
public final class ClinicOnboarding {

    public static final Duration LINK_VALIDITY = Duration.ofDays(3);
    /** The onboarding form's fields (the console's page and the command line's options alike). */
    public static final String[] FIELDS = {"slug", "code", "name", "address", "city", "state", "postal_code", "phone",
            "email", "website", "registration_number", "time_zone", "phone_country", "subscription_status", "subscription_ends_on",
            "max_doctors", "max_patients", "max_receptionists", "admin_username", "admin_full_name", "admin_email",
            "note"};
    /** The subscription a clinic may start with; expired and suspended are for later. */
    public static final Set<String> STARTING_STATUSES = Set.of("trial", "active");

    static final int MAX_STAFF_LIMIT = 10_000;
    static final int MAX_PATIENT_LIMIT = 100_000_000;
    private static final Pattern CODE = Pattern.compile("^[A-Z0-9]{2,12}$");
    private static final Map<String, String> FIELD_OF_CONSTRAINT = Map.of(
            "clinic_pk", "slug",
            "clinic_slug_uk", "slug",
            "clinic_code_uk", "code",
            "clinic_registration_number_uk", "registration_number");

    /** Where most clinics are: the default of the default phone country. */
    public static final String DEFAULT_PHONE_COUNTRY = "IN";

    /** A clinic as typed and checked; {@code phoneCountry}: the country of numbers typed without a country code. */
    public record NewClinic(String slug, String code, ClinicContact contact, String registrationNumber, String timeZone,
                            String phoneCountry, SubscriptionStatus status, LocalDate subscriptionEndsOn, Limits limits,
                            String adminUsername, String adminFullName, String adminEmail, String note) {
    }

    /** What the platform tells the person onboarding: where the first administrator sets a password. */
    public record Onboarded(ClinicId clinic, String slug, String adminUsername, String setPasswordPath,
                            OffsetDateTime linkExpiresAt) {
        /** The link's secret: the last segment of its path. */
        public String linkToken() {
            return setPasswordPath.substring(setPasswordPath.lastIndexOf('/') + 1);
        }
    }

    private final PlatformTransactions platform;
    private final PlatformAudit audit;
    private final Clock clock;

    public ClinicOnboarding(PlatformTransactions platform, PlatformAudit audit, Clock clock) {
        this.platform = platform;
        this.audit = audit;
        this.clock = clock;
    }

    /** Checks every field of {@code form}; the clinic when all are valid, else empty with a message per field. */
    public static Optional<NewClinic> read(Form form) {
        String slug = ClinicSlug.check(form, "slug");
        String code = form.value("code").toUpperCase(Locale.ROOT);
        form.put("code", code);
        if (code.isEmpty()) {
            form.error("code", "Clinic code is required, e.g. SUNPUN.");
        } else if (!CODE.matcher(code).matches()) {
            form.error("code", "Use 2 to 12 capital letters or digits, e.g. SUNPUN: it appears in patient codes (PT-SUNPUN-2026-001).");
        }
        ClinicContact contact = ClinicContact.read(form);
        String registration = form.required("registration_number", "Registration number", 100);
        String zone = form.value("time_zone");
        if (!TimeZones.isChoice(zone)) {
            form.error("time_zone", zone.isEmpty() ? "Choose the clinic's time zone." : "Choose one of the listed time zones, e.g. Asia/Kolkata.");
        }
        String phoneCountry = form.value("phone_country").toUpperCase(Locale.ROOT);
        form.put("phone_country", phoneCountry);
        if (!PhoneNumbers.isCountry(phoneCountry)) {
            form.error("phone_country", phoneCountry.isEmpty() ? "Choose the country of the clinic's phone numbers."
                    : "Choose one of the listed countries by its two-letter code, e.g. IN for India.");
        }
        String status = form.oneOf("subscription_status", "Subscription", STARTING_STATUSES);
        LocalDate endsOn = form.date("subscription_ends_on", "Subscription ends on").orElse(null);
        Limits limits = Limits.read(form);
        String adminUsername = StaffAccounts.checkUsername(form, "admin_username");
        String adminName = form.required("admin_full_name", "Administrator's full name", 200);
        String adminEmail = form.email("admin_email", "Administrator's email");
        String note = form.optional("note", "Note", 500);
        if (form.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new NewClinic(slug, code, contact, registration, zone, phoneCountry,
                SubscriptionStatus.fromDbValue(status),
                endsOn, limits, adminUsername, adminName, adminEmail, note.isEmpty() ? "Onboarded" : note));
    }

    /**
     * Creates the clinic and its first administrator.
     *
     * @throws Form.Refused at the field whose value another clinic has already (slug, code, registration number)
     */
    public Onboarded onboard(NewClinic clinic, PlatformActor who) {
        ClinicId id = ClinicId.of(Ids.newId());
        SecretToken link = SecretToken.generate();
        OffsetDateTime expires = OffsetDateTime.now(clock).plus(LINK_VALIDITY);
        ClinicContact c = clinic.contact();
        try {
            platform.run(tx -> {
                Routines.provisionClinic(tx.configuration(), id.value(), clinic.slug(), clinic.code(), c.name(),
                        c.address(), c.city(), c.state(), c.postalCode(), c.phone(), c.email(), c.website(),
                        clinic.registrationNumber(), clinic.timeZone(), clinic.phoneCountry(), clinic.status().dbValue(),
                        clinic.subscriptionEndsOn(), clinic.limits().doctors(), clinic.limits().patients(),
                        clinic.limits().receptionists(), Ids.newId(), clinic.adminUsername(), clinic.adminFullName(),
                        clinic.adminEmail(), Ids.newId(), link.hash(), expires, Ids.newId(), Ids.newId(),
                        clinic.note(), who.requestId() == null ? "" : who.requestId());
                audit.record(tx, who, "clinic.onboard", AuditLog.Outcome.SUCCESS, id.value(),
                        "slug " + clinic.slug() + ", " + clinic.status().dbValue() + ", limits " + clinic.limits()
                                + "; first administrator " + clinic.adminUsername() + " invited");
                return null;
            });
        } catch (DataAccessException e) {
            String field = ConstraintViolations.uniqueConstraintOf(e).map(FIELD_OF_CONSTRAINT::get).orElseThrow(() -> e);
            throw new Form.Refused(field, switch (field) {
                case "code" -> "Another clinic has the code " + clinic.code() + ". Choose another.";
                case "registration_number" -> "Another clinic has this registration number.";
                default -> "The web address " + clinic.slug() + " is taken. Choose another.";
            });
        }
        return new Onboarded(id, clinic.slug(), clinic.adminUsername(), setPasswordPath(clinic.slug(), link), expires);
    }

    /** Where a one-time link points: the clinic's own set-password page. */
    static String setPasswordPath(String slug, SecretToken link) {
        return "/clinic/" + slug + "/welcome/" + link.value();
    }
}
