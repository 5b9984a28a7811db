package io.santkrupa.audit;

import io.santkrupa.db.ClinicId;
import io.santkrupa.staff.Role;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record9;
import org.jooq.Select;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;

/**
 * What the audit log's records are, for a person: a staff member or catalog entry by its name,
 * anything of a patient by the patient's name and code, each linked where the reader's role may
 * open it and otherwise to the log's own list of the record's events. All the records of a page
 * are named by one query, whatever their number and kinds.
 *
 * <p>A patient's name is patient data: the log shows it only to its reader (the clinic admin,
 * AUDIT_VIEW), and the page writes a {@code patient.read} event for each patient it names
 * ({@link #patientsNamed}), as every other read of a patient does.
 */
public final class AuditRecords {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    /**
     * A record as the log shows it: its kind, its name, where to open it (its own page when the
     * reader may open it, else the log's events about it) and whether that is its own page.
     */
    public record Shown(String kind, String name, String href, boolean ownPage, String id) {
    }

    /** The records of a page as shown, and the patients whose names that shows. */
    public record Page(Map<UUID, Shown> records, Set<UUID> patientsNamed) {
        public static final Page NONE = new Page(Map.of(), Set.of());
    }

    /**
     * A record named by the query: a label (staff, catalog, clinic), the patient it belongs to
     * (id, code, name), a day, what to link and an account's role.
     */
    private record Named(String type, UUID id, String label, UUID patientId, String patientCode, String patientName,
                         LocalDate day, UUID linkId, String role) {
        /** "Asha Patil (PT-SUN-2026-001)" */
        String patient() {
            return patientName + " (" + patientCode + ")";
        }
    }

    private AuditRecords() {
    }

    /** The records of {@code events} (type and id each), shown to a reader of role {@code reader}. */
    public static Page show(DSLContext tx, ClinicId clinic, String slug, Role reader,
                            Collection<Map.Entry<String, UUID>> events) {
        Map<String, Set<UUID>> idsByType = new LinkedHashMap<>();
        for (Map.Entry<String, UUID> event : events) {
            if (event.getValue() != null && !event.getKey().isEmpty()) {
                idsByType.computeIfAbsent(event.getKey(), k -> new LinkedHashSet<>()).add(event.getValue());
            }
        }
        Map<UUID, Named> named = new HashMap<>();
        List<Select<Record9<String, UUID, String, UUID, String, String, LocalDate, UUID, String>>> branches =
                new ArrayList<>();
        idsByType.forEach((type, ids) -> branch(tx, clinic, type, ids).ifPresent(branches::add));
        if (!branches.isEmpty()) {
            branches.stream().reduce(Select::unionAll).orElseThrow()
                    .fetch()
                    .forEach(r -> named.put(r.value2(), new Named(r.value1(), r.value2(), r.value3(), r.value4(),
                            r.value5(), r.value6(), r.value7(), r.value8(), r.value9())));
        }
        Map<UUID, Shown> shown = new HashMap<>();
        idsByType.forEach((type, ids) -> ids.forEach(id -> shown.put(id, shown(slug, reader, type, id, named.get(id)))));
        Set<UUID> patients = new LinkedHashSet<>();
        named.values().stream().filter(n -> n.patientId() != null).forEach(n -> patients.add(n.patientId()));
        return new Page(shown, patients);
    }

    /** One kind's part of the query: type, id, label, patient (id, code, name), day, id to link to, account role. */
    private static Optional<Select<Record9<String, UUID, String, UUID, String, String, LocalDate, UUID, String>>> branch(
            DSLContext tx, ClinicId clinic, String type, Set<UUID> ids) {
        UUID c = clinic.value();
        Field<String> kind = DSL.inline(type);
        Field<String> noText = DSL.castNull(String.class);
        Field<LocalDate> noDay = DSL.castNull(LocalDate.class);
        Field<UUID> noId = DSL.castNull(UUID.class);
        var patient = PATIENT.as("p");
        var byPatient = patient.CLINIC_ID.eq(c);
        Field<String> patientName = DSL.concat(patient.FIRST_NAME, DSL.inline(" "), patient.LAST_NAME);
        Select<Record9<String, UUID, String, UUID, String, String, LocalDate, UUID, String>> query = switch (type) {
            case "patient" -> tx.select(kind, patient.ID, noText, patient.ID, patient.CODE, patientName, noDay,
                            patient.ID, noText)
                    .from(patient).where(byPatient, patient.ID.in(ids));
            case "app_user" -> tx.select(kind, APP_USER.ID, APP_USER.FULL_NAME, patient.ID, patient.CODE, patientName,
                            noDay, APP_USER.ID, APP_USER.ROLE)
                    .from(APP_USER)
                    .leftJoin(patient).on(byPatient, patient.ID.eq(APP_USER.PATIENT_ID))
                    .where(APP_USER.CLINIC_ID.eq(c), APP_USER.ID.in(ids));
            case "doctor" -> tx.select(kind, DOCTOR.ID, APP_USER.FULL_NAME, noId, noText, noText, noDay, DOCTOR.USER_ID,
                            APP_USER.ROLE)
                    .from(DOCTOR)
                    .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                    .where(DOCTOR.CLINIC_ID.eq(c), DOCTOR.ID.in(ids));
            case "patient_visit" -> tx.select(kind, PATIENT_VISIT.ID, PATIENT_VISIT.TOKEN_NUMBER.cast(String.class),
                            patient.ID, patient.CODE, patientName, PATIENT_VISIT.VISIT_DATE, PATIENT_VISIT.ID, noText)
                    .from(PATIENT_VISIT)
                    .join(patient).on(byPatient, patient.ID.eq(PATIENT_VISIT.PATIENT_ID))
                    .where(PATIENT_VISIT.CLINIC_ID.eq(c), PATIENT_VISIT.ID.in(ids));
            case "doctor_note" -> tx.select(kind, DOCTOR_NOTE.ID, noText, patient.ID, patient.CODE, patientName, noDay,
                            DOCTOR_NOTE.VISIT_ID, noText)
                    .from(DOCTOR_NOTE)
                    .join(patient).on(byPatient, patient.ID.eq(DOCTOR_NOTE.PATIENT_ID))
                    .where(DOCTOR_NOTE.CLINIC_ID.eq(c), DOCTOR_NOTE.ID.in(ids));
            case "prescription" -> tx.select(kind, PRESCRIPTION.ID, noText, patient.ID, patient.CODE, patientName, noDay,
                            PRESCRIPTION.ID, noText)
                    .from(PRESCRIPTION)
                    .join(patient).on(byPatient, patient.ID.eq(PRESCRIPTION.PATIENT_ID))
                    .where(PRESCRIPTION.CLINIC_ID.eq(c), PRESCRIPTION.ID.in(ids));
            case "test_order" -> tx.select(kind, TEST_ORDER.ID, noText, patient.ID, patient.CODE, patientName, noDay,
                            TEST_ORDER.ID, noText)
                    .from(TEST_ORDER)
                    .join(patient).on(byPatient, patient.ID.eq(TEST_ORDER.PATIENT_ID))
                    .where(TEST_ORDER.CLINIC_ID.eq(c), TEST_ORDER.ID.in(ids));
            case "medical_report" -> tx.select(kind, MEDICAL_REPORT.ID, noText, patient.ID, patient.CODE, patientName,
                            noDay, noId, noText)
                    .from(MEDICAL_REPORT)
                    .join(patient).on(byPatient, patient.ID.eq(MEDICAL_REPORT.PATIENT_ID))
                    .where(MEDICAL_REPORT.CLINIC_ID.eq(c), MEDICAL_REPORT.ID.in(ids));
            case "medicine" -> tx.select(kind, MEDICINE.ID, DSL.concat(MEDICINE.NAME, DSL.inline(" "), MEDICINE.STRENGTH),
                            noId, noText, noText, noDay, MEDICINE.ID, noText)
                    .from(MEDICINE).where(MEDICINE.CLINIC_ID.eq(c), MEDICINE.ID.in(ids));
            case "lab_test" -> tx.select(kind, LAB_TEST.ID, DSL.concat(LAB_TEST.NAME, DSL.inline(" ("), LAB_TEST.CODE,
                            DSL.inline(")")), noId, noText, noText, noDay, LAB_TEST.ID, noText)
                    .from(LAB_TEST).where(LAB_TEST.CLINIC_ID.eq(c), LAB_TEST.ID.in(ids));
            case "clinic" -> tx.select(kind, CLINIC.ID, CLINIC.NAME, noId, noText, noText, noDay, CLINIC.ID, noText)
                    .from(CLINIC).where(CLINIC.ID.eq(c), CLINIC.ID.in(ids));
            default -> null; // app requests and anything new: its kind and id, the detail says the rest
        };
        return Optional.ofNullable(query);
    }

    private static Shown shown(String slug, Role reader, String type, UUID id, Named n) {
        String kind = AuditWords.entityWords(type);
        String base = "/clinic/" + slug;
        String events = base + "/audit?record=" + type + ":" + id;
        if (n == null) {
            // a record since deleted (a replaced logo's file) or of a kind without a name: its id's first block
            return new Shown(kind, shortId(id), events, false, id.toString());
        }
        return switch (type) {
            case "patient" -> link(reader, Permission.PATIENT_DEMOGRAPHICS, kind, n.patient(), base + "/patients/" + id,
                    events, id);
            case "app_user" -> Role.PATIENT.dbValue().equals(n.role())
                    ? new Shown("Patient's account", n.patientCode() == null ? "" : n.patient(), events, false, id.toString())
                    : link(reader, Permission.STAFF_MANAGE, kind, n.label() + " (" + AuditWords.roleWords(n.role()) + ")",
                            base + "/staff/" + n.linkId(), events, id);
            case "doctor" -> link(reader, Permission.STAFF_MANAGE, kind, n.label(), base + "/staff/" + n.linkId(), events, id);
            case "patient_visit" -> link(reader, Permission.CONSULTATION, kind,
                    n.patient() + ", " + DAY.format(n.day()) + ", token " + n.label(), base + "/visits/" + id, events, id);
            case "doctor_note" -> link(reader, Permission.CONSULTATION, kind, "for " + n.patient(),
                    base + "/visits/" + n.linkId(), events, id);
            case "prescription" -> link(reader, Permission.PATIENT_CLINICAL, kind, "for " + n.patient(),
                    base + "/prescriptions/" + id, events, id);
            case "test_order" -> link(reader, Permission.LAB_WORK, kind, "for " + n.patient(), base + "/lab/orders/" + id,
                    events, id);
            case "medical_report" -> new Shown(kind, "of " + n.patient(), events, false, id.toString());
            case "medicine" -> link(reader, Permission.CATALOG_MANAGE, kind, n.label().strip(),
                    base + "/catalog/medicines/" + id, events, id);
            case "lab_test" -> link(reader, Permission.CATALOG_MANAGE, kind, n.label(), base + "/catalog/lab-tests/" + id,
                    events, id);
            case "clinic" -> link(reader, Permission.CLINIC_SETTINGS, kind, n.label(), base + "/settings", events, id);
            default -> new Shown(kind, shortId(id), events, false, id.toString());
        };
    }

    /** Linked to its own page when the reader's role may open it; else to the log's events about it. */
    private static Shown link(Role reader, Permission needed, String kind, String name, String page, String events,
                              UUID id) {
        return PermissionMatrix.allows(reader, needed)
                ? new Shown(kind, name, page, true, id.toString())
                : new Shown(kind, name, events, false, id.toString());
    }

    /** A record that no longer exists (or of a kind without a name): its id's first block, the whole id beside it. */
    private static String shortId(UUID id) {
        return id.toString().substring(0, 8);
    }
}
