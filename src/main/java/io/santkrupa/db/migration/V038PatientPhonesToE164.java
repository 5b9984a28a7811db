package io.santkrupa.db.migration;

import io.santkrupa.phone.PhoneNumbers;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Migration 038, in Java because SQL cannot read a phone number: every patient's phone and
 * emergency contact phone as typed before (V004: digits, spaces, + in front) becomes E.164, read by
 * libphonenumber with the clinic's default country (V036) exactly as the registration form reads
 * a new one. A value that is no valid number is kept as it was typed -- nothing is lost, the
 * trailing-digit search still finds it, and the edit form asks for a valid number when the
 * patient's details are next saved.
 *
 * <p>The owner runs migrations and RLS is forced on it too; it has no policy to update
 * patients. The table's RLS is therefore un-forced for this one transaction: ALTER TABLE holds
 * the table's exclusive lock until the commit, so no other session ever sees it un-forced, and
 * a failure rolls the whole change back, FORCE included.
 */
public final class V038PatientPhonesToE164 implements JavaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(V038PatientPhonesToE164.class);
    private static final int BATCH = 1_000;

    /** How many patients got a rewritten number, and how many values stayed as typed. */
    public record Outcome(int patientsRewritten, int valuesKeptAsTyped) {
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("038");
    }

    @Override
    public String getDescription() {
        return "patient phones to E.164";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Outcome outcome = normalise(context.getConnection());
        // counts only: never a number or a patient
        LOG.info("Patient phone numbers now in E.164: {} patients rewritten, {} values kept as typed (not a valid number)",
                outcome.patientsRewritten(), outcome.valuesKeptAsTyped());
    }

    /** The migration's work on {@code connection} (the owner's, in a transaction the caller ends). */
    public static Outcome normalise(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE santkrupa.patient NO FORCE ROW LEVEL SECURITY");
        }
        Map<String, PhoneNumbers> countries = new HashMap<>();
        int rewritten = 0;
        int kept = 0;
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT p.clinic_id, p.id, p.phone, p.emergency_contact_phone, c.default_phone_country"
                        + " FROM santkrupa.patient AS p JOIN santkrupa.clinic AS c ON c.id = p.clinic_id"
                        + " WHERE p.phone <> '' OR p.emergency_contact_phone <> ''");
             PreparedStatement write = connection.prepareStatement(
                     "UPDATE santkrupa.patient SET phone = ?, emergency_contact_phone = ? WHERE clinic_id = ? AND id = ?")) {
            read.setFetchSize(BATCH); // a cursor, not every patient in memory at once
            int pending = 0;
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    PhoneNumbers numbers = countries.computeIfAbsent(rows.getString(5), PhoneNumbers::of);
                    String phone = rows.getString(3);
                    String contact = rows.getString(4);
                    String newPhone = e164OrAsTyped(numbers, phone);
                    String newContact = e164OrAsTyped(numbers, contact);
                    kept += keptAsTyped(numbers, phone) + keptAsTyped(numbers, contact);
                    if (newPhone.equals(phone) && newContact.equals(contact)) {
                        continue;
                    }
                    write.setString(1, newPhone);
                    write.setString(2, newContact);
                    write.setObject(3, rows.getObject(1, UUID.class));
                    write.setObject(4, rows.getObject(2, UUID.class));
                    write.addBatch();
                    rewritten++;
                    if (++pending == BATCH) {
                        write.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                write.executeBatch();
            }
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE santkrupa.patient FORCE ROW LEVEL SECURITY");
        }
        return new Outcome(rewritten, kept);
    }

    private static String e164OrAsTyped(PhoneNumbers numbers, String stored) {
        return stored.isEmpty() ? stored : numbers.e164(stored).orElse(stored);
    }

    /** 1 for a value that is no valid number, so stays as it was typed. */
    private static int keptAsTyped(PhoneNumbers numbers, String stored) {
        return !stored.isEmpty() && numbers.e164(stored).isEmpty() ? 1 : 0;
    }
}
