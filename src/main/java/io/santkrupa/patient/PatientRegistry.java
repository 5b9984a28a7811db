package io.santkrupa.patient;

import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.phone.PhoneNumbers;
import org.jooq.Field;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;

/**
 * The clinic's register of patients: registering a patient and editing their demographics,
 * each in one transaction with its audit event, so a refused or failed attempt writes nothing.
 */
public final class PatientRegistry {

    /** How many possible duplicates the registration form lists. */
    private static final int DUPLICATES_SHOWN = 5;

    public sealed interface Registration {
    }

    public record Registered(UUID id, String code) implements Registration {
    }

    /** Patients with the same name, phone and date of birth exist: nothing was written; the desk decides. */
    public record PossibleDuplicates(List<PatientQueries.PatientDetail> matches) implements Registration {
    }

    /** The clinic has as many patients as its subscription allows: nothing was written. */
    public record AtCapacity(int limit) implements Registration {
    }

    public sealed interface Edit {
    }

    public record Saved(boolean changed) implements Edit {
    }

    /** Someone saved the patient since the form was opened: nothing was overwritten. */
    public record Stale(PatientQueries.PatientDetail current) implements Edit {
    }

    private final TenantTransactions tenants;
    private final AuditLog audit;
    private final Clock clock;

    public PatientRegistry(TenantTransactions tenants, AuditLog audit, Clock clock) {
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
    }

    /** The clinic's phone numbers: what reads the numbers typed on the form and shows the stored ones. */
    public PhoneNumbers phoneNumbers(ClinicId clinic) {
        return tenants.readInClinic(clinic, tx -> PatientQueries.clinicPhones(tx, clinic));
    }

    /** How many patients the clinic has, against its plan's limit. */
    public record Capacity(int registered, int limit) {
        public boolean full() {
            return registered >= limit;
        }

        public int left() {
            return Math.max(0, limit - registered);
        }
    }

    /**
     * The clinic's patients against its limit, read before the form is filled in: a full clinic
     * says so at once instead of after the whole form (registering still checks under the lock).
     */
    public Capacity capacity(ClinicId clinic) {
        return tenants.readInClinic(clinic, tx -> new Capacity(tx.fetchCount(PATIENT, PATIENT.CLINIC_ID.eq(clinic.value())),
                tx.select(CLINIC.MAX_PATIENTS).from(CLINIC).where(CLINIC.ID.eq(clinic.value())).fetchSingle(CLINIC.MAX_PATIENTS)));
    }

    /** Today at the clinic, in its time zone: a date of birth after it is in the future. */
    public LocalDate today(CurrentClinic clinic) {
        return clinic.today(clock);
    }

    /**
     * Registers a patient with the next code PT-&lt;clinic code&gt;-&lt;year&gt;-&lt;seq&gt;.
     *
     * <p>The clinic's row is locked first ({@code FOR NO KEY UPDATE}): registrations of one
     * clinic take turns, so the count against {@code max_patients} and the duplicate check
     * cannot both pass for two patients at once. The weaker lock does not block the foreign-key
     * checks ({@code FOR KEY SHARE}) of every other insert of the clinic.
     *
     * @param registerAnyway the desk has seen the possible duplicates and registers a new patient
     */
    public Registration register(CurrentClinic current, AuditContext who, PatientForm.Demographics patient,
                                 boolean registerAnyway) {
        ClinicId clinic = current.id();
        int year = today(current).getYear(); // the clinic's year: a code of 1 January says that year
        return tenants.inClinic(clinic, tx -> {
            var registry = tx.select(CLINIC.CODE, CLINIC.MAX_PATIENTS).from(CLINIC)
                    .where(CLINIC.ID.eq(clinic.value()))
                    .forNoKeyUpdate()
                    .fetchSingle();
            if (!registerAnyway) {
                var matches = PatientQueries.possibleDuplicates(tx, clinic, patient, DUPLICATES_SHOWN);
                if (!matches.isEmpty()) {
                    return new PossibleDuplicates(matches);
                }
            }
            int limit = registry.value2();
            if (tx.fetchCount(PATIENT, PATIENT.CLINIC_ID.eq(clinic.value())) >= limit) {
                audit.record(tx, clinic, who, "patient.create", AuditLog.Outcome.DENIED, "patient", null,
                        "patient limit of " + limit + " reached");
                return new AtCapacity(limit);
            }
            String code = PatientCodes.next(tx, clinic, registry.value1(), year);
            UUID id = Ids.newId();
            tx.insertInto(PATIENT)
                    .set(PATIENT.CLINIC_ID, clinic.value())
                    .set(PATIENT.ID, id)
                    .set(PATIENT.CODE, code)
                    .set(demographics(patient))
                    .set(PATIENT.REGISTERED_AT, now())
                    .set(PATIENT.UPDATED_AT, now())
                    .execute();
            audit.record(tx, clinic, who, "patient.create", AuditLog.Outcome.SUCCESS, "patient", id,
                    registerAnyway ? "registered despite a possible duplicate" : "registered");
            return new Registered(id, code);
        });
    }

    /**
     * Saves an edit made on the form opened at {@code version}. A newer version means someone
     * else saved meanwhile: nothing is written and the current details come back.
     *
     * @throws NotFoundResponse when the clinic has no such patient
     */
    public Edit update(ClinicId clinic, AuditContext who, UUID id, int version, PatientForm.Demographics patient) {
        return tenants.inClinic(clinic, tx -> {
            var current = PatientQueries.findForUpdate(tx, clinic, id).orElseThrow(NotFoundResponse::new);
            if (current.version() != version) {
                return new Stale(current);
            }
            List<String> changed = patient.changedFrom(current);
            if (changed.isEmpty()) {
                return new Saved(false);
            }
            tx.update(PATIENT)
                    .set(demographics(patient))
                    .set(PATIENT.UPDATED_AT, now())
                    .set(PATIENT.VERSION, PATIENT.VERSION.plus(1))
                    .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.ID.eq(id), PATIENT.VERSION.eq(version))
                    .execute();
            audit.record(tx, clinic, who, "patient.update", AuditLog.Outcome.SUCCESS, "patient", id,
                    "changed " + String.join(", ", changed));
            return new Saved(true);
        });
    }

    /** The columns the registration and edit forms set. */
    private static Map<Field<?>, Object> demographics(PatientForm.Demographics p) {
        Map<Field<?>, Object> columns = new LinkedHashMap<>();
        columns.put(PATIENT.FIRST_NAME, p.firstName());
        columns.put(PATIENT.LAST_NAME, p.lastName());
        columns.put(PATIENT.DATE_OF_BIRTH, p.dateOfBirth());
        columns.put(PATIENT.DATE_OF_BIRTH_APPROXIMATE, p.dateOfBirthApproximate());
        columns.put(PATIENT.GENDER, p.gender());
        columns.put(PATIENT.PHONE, p.phone());
        columns.put(PATIENT.EMAIL, p.email());
        columns.put(PATIENT.ADDRESS, p.address());
        columns.put(PATIENT.EMERGENCY_CONTACT_NAME, p.emergencyContactName());
        columns.put(PATIENT.EMERGENCY_CONTACT_PHONE, p.emergencyContactPhone());
        columns.put(PATIENT.BLOOD_GROUP, p.bloodGroup());
        columns.put(PATIENT.ALLERGIES, p.allergies());
        return columns;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
