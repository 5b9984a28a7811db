package io.santkrupa.web;

import io.github.bucket4j.TimeMeter;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.audit.AuditPages;
import io.santkrupa.clinic.ClinicDirectory;
import io.santkrupa.clinic.ClinicSettingsPages;
import io.santkrupa.clinic.ClinicZones;
import io.santkrupa.clinic.DashboardPage;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.lab.LabTestApi;
import io.santkrupa.lab.LabTestCatalog;
import io.santkrupa.lab.LabTestPages;
import io.santkrupa.patient.PatientApi;
import io.santkrupa.web.api.ApiDocs;
import io.santkrupa.patient.PatientDocuments;
import io.santkrupa.patient.PatientRecordApi;
import io.santkrupa.web.api.Idempotency;
import io.santkrupa.web.api.OpenApiDocument;
import io.santkrupa.patient.PatientPages;
import io.santkrupa.patient.PatientRecords;
import io.santkrupa.prescription.MedicineApi;
import io.santkrupa.prescription.MedicineCatalog;
import io.santkrupa.prescription.MedicinePages;
import io.santkrupa.staff.DoctorApi;
import io.santkrupa.staff.StaffAccounts;
import io.santkrupa.staff.StaffPages;
import io.santkrupa.prescription.PrescriptionPages;
import io.santkrupa.visit.ConsultationPages;
import io.santkrupa.patient.PatientRegistry;
import io.santkrupa.visit.CheckInPages;
import io.santkrupa.visit.ConsultationApi;
import io.santkrupa.visit.QueuePages;
import io.santkrupa.visit.VisitApi;
import io.santkrupa.visit.VisitQueue;
import io.santkrupa.web.auth.AccessTokens;
import io.santkrupa.web.auth.ApiAuth;
import io.santkrupa.web.auth.Authenticator;
import io.santkrupa.web.auth.LoginPages;
import io.santkrupa.web.auth.LoginThrottle;
import io.santkrupa.web.auth.MeApi;
import io.santkrupa.web.auth.PasswordHasher;
import io.santkrupa.web.auth.RefreshTokens;
import io.santkrupa.web.session.Sessions;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.platform.ClinicConsolePages;
import io.santkrupa.platform.ClinicOnboarding;
import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.platform.PlatformAuditPage;
import io.santkrupa.platform.PlatformFilter;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.platform.PlatformSessions;
import io.santkrupa.platform.PlatformSignIn;
import io.santkrupa.platform.RecoveryCodes;
import io.santkrupa.platform.SecondFactor;
import io.santkrupa.platform.SecondFactorSignIn;
import io.santkrupa.platform.TotpCodes;
import io.santkrupa.platform.TotpSecrets;

import java.time.Clock;

/**
 * Everything the web tier needs, built once from its dependencies (no static state), so tests
 * build the same application around their own database and clock.
 */
public final class WebServices {

    final WebSettings settings;
    final TenantTransactions tenants;
    final Pages pages;
    final Errors errors;
    final TenantFilter tenantFilter;
    final LoginPages loginPages;
    final io.santkrupa.web.session.DraftPages draftPages;
    final DashboardPage dashboard;
    final PatientPages patientPages;
    final PatientApi patientApi;
    final PatientRecordApi patientRecordApi;
    final io.santkrupa.patient.PatientExport patientExport;
    final io.santkrupa.patient.PatientErasurePages erasurePages;
    final CheckInPages checkInPages;
    final QueuePages queuePages;
    final VisitApi visitApi;
    final ConsultationApi consultationApi;
    final DoctorApi doctorApi;
    final AuditPages auditPages;
    final MeApi meApi;
    final io.santkrupa.lab.LabPages labPages;
    final io.santkrupa.lab.LabReportPages labReportPages;
    final io.santkrupa.clinic.AnalyticsPage analytics;
    final ApiAuth apiAuth;
    // the API's shared pieces
    final Idempotency idempotency;
    final OpenApiDocument openApi;
    final ApiDocs apiDocs;
    // the clinic admin's pages
    final StaffPages staffPages;
    final CatalogPages<io.santkrupa.prescription.MedicineCatalog.Medicine,
            io.santkrupa.prescription.MedicineCatalog.MedicineFields> medicinePages;
    final CatalogPages<io.santkrupa.lab.LabTestCatalog.LabTest, LabTestPages.Fields> labTestPages;
    final MedicineApi medicineApi;
    final LabTestApi labTestApi;
    final ClinicSettingsPages clinicSettings;
    final io.santkrupa.staff.SetPasswordPages setPasswordPages;
    // patients' portal access (the desk and the admin) and documents on the record pages
    final io.santkrupa.patient.PatientPortalPages portalPages;
    final io.santkrupa.patient.PatientDocumentPages documentPages;
    // the platform console: its own role, its own sessions, no clinic's records
    final PlatformFilter platformFilter;
    final ClinicConsolePages clinicConsole;
    final PlatformAuditPage platformAudit;
    final io.santkrupa.platform.PlatformLoginPages platformLogin;
    final io.santkrupa.platform.PlatformAccountPages platformAccount;
    final ConsultationPages consultationPages;
    final PrescriptionPages prescriptionPages;
    // prescriptions and test orders over the API
    final io.santkrupa.prescription.PrescriptionApi prescriptionApi;
    final io.santkrupa.lab.TestOrderApi testOrderApi;

    public WebServices(TenantTransactions tenants, PlatformTransactions platform, WebSettings settings,
                       AccessTokens accessTokens, RefreshTokens refreshTokens, PasswordHasher hasher, LoginThrottle throttle,
                       LoginThrottle platformThrottle, ApiRateLimits apiRateLimits, Archives archives, Clock clock) {
        this.settings = settings;
        this.tenants = tenants;
        ClinicZones zones = new ClinicZones(tenants);
        this.pages = new Pages(clock, zones::header);
        this.errors = new Errors(pages);
        AuditLog audit = new AuditLog();
        ClinicDirectory directory = new ClinicDirectory(tenants, zones);
        Sessions sessions = new Sessions(clock, settings.sessionIdleTimeout(), settings.sessionAbsoluteTimeout());
        Authenticator authenticator = new Authenticator(tenants, hasher, throttle, audit, clock);
        this.apiAuth = new ApiAuth(accessTokens, refreshTokens, authenticator, tenants, audit);
        this.tenantFilter = new TenantFilter(directory, tenants, sessions, this.apiAuth::verify, audit, settings,
                apiRateLimits, clock);
        io.santkrupa.web.session.FormDrafts formDrafts = new io.santkrupa.web.session.FormDrafts(clock);
        this.loginPages = new LoginPages(directory, authenticator, hasher, tenants, sessions, pages, settings, formDrafts);
        this.draftPages = new io.santkrupa.web.session.DraftPages(tenants, formDrafts);
        this.dashboard = new DashboardPage(tenants, audit, pages, clock);
        PatientRecords records = new PatientRecords(tenants, audit);
        PatientRegistry patientRegistry = new PatientRegistry(tenants, audit, clock);
        io.santkrupa.staff.AccountInvitations invitations = new io.santkrupa.staff.AccountInvitations(tenants, audit,
                clock, accessTokens.derivedKey("santkrupa invitation code"));
        io.santkrupa.patient.PatientPortal portal = new io.santkrupa.patient.PatientPortal(tenants, invitations,
                sessions, refreshTokens, audit, clock);
        this.patientPages = new PatientPages(tenants, records, patientRegistry, audit, pages, portal);
        this.portalPages = new io.santkrupa.patient.PatientPortalPages(portal, pages, settings);
        this.erasurePages = new io.santkrupa.patient.PatientErasurePages(
                new io.santkrupa.patient.PatientErasure(tenants, portal, audit, clock), pages);
        VisitQueue queue = new VisitQueue(tenants, audit, clock);
        this.checkInPages = new CheckInPages(tenants, queue, audit, pages);
        this.queuePages = new QueuePages(tenants, queue, pages);
        this.visitApi = new VisitApi(tenants, queue);
        this.patientApi = new PatientApi(tenants, records, patientRegistry, audit);
        io.santkrupa.lab.ReportFiles reportFiles = new io.santkrupa.lab.ReportFiles();
        PatientDocuments documents = new PatientDocuments(tenants, reportFiles, audit, clock);
        this.patientRecordApi = new PatientRecordApi(records, documents);
        this.patientExport = new io.santkrupa.patient.PatientExport(tenants, audit, clock);
        this.documentPages = new io.santkrupa.patient.PatientDocumentPages(documents, patientPages);
        this.idempotency = new Idempotency(tenants, audit, accessTokens.derivedKey("santkrupa api idempotency fingerprint"));
        this.openApi = OpenApiDocument.load();
        this.apiDocs = new ApiDocs(pages);
        this.auditPages = new AuditPages(tenants, audit, pages);
        this.meApi = new MeApi();
        this.analytics = new io.santkrupa.clinic.AnalyticsPage(tenants, pages, clock);
        io.santkrupa.lab.LabWork labWork = new io.santkrupa.lab.LabWork(tenants, reportFiles, audit, clock);
        this.labPages = new io.santkrupa.lab.LabPages(tenants, labWork, pages);
        this.labReportPages = new io.santkrupa.lab.LabReportPages(
                new io.santkrupa.lab.LabReports(tenants, reportFiles, audit), pages);
        StaffAccounts staffAccounts = new StaffAccounts(tenants, audit, sessions, refreshTokens);
        this.staffPages = new StaffPages(tenants, staffAccounts, hasher, pages);
        this.setPasswordPages = new io.santkrupa.staff.SetPasswordPages(invitations, hasher, throttle, pages, settings);
        this.doctorApi = new DoctorApi(tenants, staffAccounts, hasher);
        MedicineCatalog medicines = new MedicineCatalog(tenants, audit);
        this.medicinePages = new CatalogPages<>(tenants, new MedicinePages(medicines), pages);
        this.medicineApi = new MedicineApi(tenants, medicines);
        LabTestCatalog labTests = new LabTestCatalog(tenants, audit);
        this.labTestPages = new CatalogPages<>(tenants, new LabTestPages(labTests), pages);
        this.labTestApi = new LabTestApi(tenants, labTests);
        this.clinicSettings = new ClinicSettingsPages(tenants, audit, zones,
                new io.santkrupa.clinic.ClinicLogo(tenants, reportFiles, audit), pages);
        io.santkrupa.visit.ConsultationWork consultationWork = new io.santkrupa.visit.ConsultationWork(tenants, audit, clock,
                io.santkrupa.prescription.AllergyClasses.load());
        this.consultationApi = new ConsultationApi(tenants, consultationWork, audit);
        this.consultationPages = new ConsultationPages(tenants, consultationWork, audit, pages);
        io.santkrupa.prescription.PrescriptionRecords prescriptionRecords = new io.santkrupa.prescription.PrescriptionRecords(tenants, audit);
        this.prescriptionPages = new PrescriptionPages(prescriptionRecords, pages);
        this.prescriptionApi = new io.santkrupa.prescription.PrescriptionApi(tenants, consultationWork, prescriptionRecords);
        this.testOrderApi = new io.santkrupa.lab.TestOrderApi(tenants, consultationWork, labWork);

        PlatformSessions platformSessions = new PlatformSessions(clock, settings.sessionIdleTimeout(),
                settings.sessionAbsoluteTimeout());
        this.platformFilter = new PlatformFilter(platform, platformSessions, settings);
        PlatformAudit platformAuditLog = new PlatformAudit();
        this.platformAudit = new PlatformAuditPage(platform, pages);
        this.clinicConsole = new ClinicConsolePages(new ClinicRegistry(platform, platformAuditLog, clock),
                new io.santkrupa.clinicarchive.ConsoleArchives(tenants, archives.schemaVersion(), archives.maintenance(), clock),
                new ClinicOnboarding(platform, platformAuditLog, clock), platformAudit, pages, settings);
        TotpSecrets totpSecrets = new TotpSecrets(accessTokens);
        TotpCodes totpCodes = new TotpCodes();
        RecoveryCodes recoveryCodes = new RecoveryCodes(accessTokens, clock);
        SecondFactor secondFactor = new SecondFactor(totpSecrets, totpCodes, recoveryCodes, clock);
        this.platformLogin = new io.santkrupa.platform.PlatformLoginPages(platform,
                new PlatformSignIn(platform, platformSessions, hasher, platformThrottle, platformAuditLog, clock),
                new SecondFactorSignIn(platform, platformSessions, secondFactor, totpSecrets, totpCodes, recoveryCodes,
                        platformAuditLog, clock),
                platformSessions, platformAuditLog, pages, settings);
        this.platformAccount = new io.santkrupa.platform.PlatformAccountPages(platform, secondFactor, recoveryCodes,
                platformAuditLog, pages);
    }

    /**
     * What the console's clinic archives need beyond the pools: the schema version an export names,
     * and the maintenance login offboarding runs on, when this server was given one.
     */
    public record Archives(String schemaVersion,
                           java.util.Optional<io.santkrupa.clinicarchive.ConsoleArchives.MaintenanceLogin> maintenance) {
    }

    /** The clinics' sign-in throttle: see {@link LoginThrottle} for the rule. */
    public static LoginThrottle defaultThrottle() {
        return new LoginThrottle(LoginThrottle.Limits.clinics(), TimeMeter.SYSTEM_NANOTIME, LoginThrottle.Pause.SCHEDULED);
    }

    /** The platform console's own, for its password step. */
    public static LoginThrottle defaultPlatformThrottle() {
        return new LoginThrottle(LoginThrottle.Limits.platform(), TimeMeter.SYSTEM_NANOTIME, LoginThrottle.Pause.SCHEDULED);
    }
}
