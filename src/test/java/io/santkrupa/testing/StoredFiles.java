package io.santkrupa.testing;

import java.util.List;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;

/** What a clinic keeps in stored_file, for tests that must leave nothing behind. */
public final class StoredFiles {

    private StoredFiles() {
    }

    /** The clinic's stored files that no order's report, no patient's document and not the clinic's logo refers to. */
    public static List<UUID> unreferenced(TestDatabase db, ClinicFixture.Clinic clinic) {
        UUID c = clinic.id().value();
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(STORED_FILE.ID).from(STORED_FILE)
                .where(STORED_FILE.CLINIC_ID.eq(c),
                        notExists(selectOne().from(TEST_ORDER).where(TEST_ORDER.CLINIC_ID.eq(c),
                                TEST_ORDER.REPORT_FILE_ID.eq(STORED_FILE.ID))),
                        notExists(selectOne().from(MEDICAL_REPORT).where(MEDICAL_REPORT.CLINIC_ID.eq(c),
                                MEDICAL_REPORT.FILE_ID.eq(STORED_FILE.ID))),
                        notExists(selectOne().from(CLINIC).where(CLINIC.ID.eq(c), CLINIC.LOGO_FILE_ID.eq(STORED_FILE.ID))))
                .fetch(STORED_FILE.ID));
    }

    public static int count(TestDatabase db, ClinicFixture.Clinic clinic) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(STORED_FILE,
                STORED_FILE.CLINIC_ID.eq(clinic.id().value())));
    }

    /** The bytes of the report file of {@code order}. */
    public static byte[] reportOf(TestDatabase db, ClinicFixture.Clinic clinic, UUID order) {
        UUID c = clinic.id().value();
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(STORED_FILE.CONTENT).from(TEST_ORDER)
                .join(STORED_FILE).on(STORED_FILE.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID),
                        STORED_FILE.ID.eq(TEST_ORDER.REPORT_FILE_ID))
                .where(TEST_ORDER.CLINIC_ID.eq(c), TEST_ORDER.ID.eq(order))
                .fetchSingle(STORED_FILE.CONTENT));
    }
}
