package io.santkrupa.patient;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Json;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.SecurityHeaders;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.TemporalAccessor;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION_ITEM;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER_CORRECTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;

/**
 * A patient's own data on request (the DPDP Act's right to a copy): one zip, streamed as it is
 * read -- {@code patient.json} with the patient's row and every row about them, and the bytes of
 * their stored files under {@code files/}. Read in one transaction with its audit event
 * ({@code patient.export}, ids only); rows come through cursors and files one at a time, so
 * memory does not grow with the record.
 */
public final class PatientExport {

    /** What identifies the export's layout, for whoever reads it later. */
    static final String FORMAT = "santkrupa-patient-export";
    static final int FORMAT_VERSION = 1;
    /** Columns never exported: secrets, and the search keys computed from the name and phone. */
    private static final Set<String> LEFT_OUT = Set.of("password_hash", "failed_logins", "locked_until",
            "last_name_key", "first_name_key", "phone_key", "phone_suffix_key", "content");
    private static final int FETCH_SIZE = 200;

    private final TenantTransactions tenants;
    private final AuditLog audit;
    private final Clock clock;

    public PatientExport(TenantTransactions tenants, AuditLog audit, Clock clock) {
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
    }

    /** GET /patients/{patientId}/export (a page) and /api/v1/patients/{patientId}/export: the zip. */
    public void download(Context ctx) {
        send(ctx, PathIds.of(ctx, "patientId"));
    }

    /** GET /my-record/export (and the API's): the signed-in patient's own, the id the session's or token's. */
    public void downloadOwn(Context ctx) {
        send(ctx, RequestContext.ownPatientId(ctx));
    }

    private void send(Context ctx, UUID patientId) {
        ClinicId clinic = RequestContext.clinic(ctx).id();
        AuditContext who = RequestContext.audit(ctx);
        tenants.readInClinic(clinic, tx -> {
            String code = tx.select(PATIENT.CODE).from(PATIENT)
                    .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.ID.eq(patientId))
                    .fetchOptional(PATIENT.CODE).orElseThrow(NotFoundResponse::new);
            audit.record(tx, clinic, who, "patient.export", AuditLog.Outcome.SUCCESS, "patient", patientId, "");
            // the headers go before the first byte: nothing after the handler can add them any more
            SecurityHeaders.apply(ctx);
            ctx.disableCompression();
            ctx.contentType("application/zip");
            ctx.header(Header.CONTENT_DISPOSITION, "attachment; filename=\"" + code.toLowerCase() + "-data.zip\"");
            try {
                write(tx, clinic, patientId, ctx.outputStream());
            } catch (IOException | UncheckedIOException e) {
                // the client went away mid-download: what was sent was read, so the audit event commits
                return null;
            } catch (RuntimeException failure) {
                cutOff(ctx, failure);
                throw failure;
            }
            return null;
        });
    }

    /**
     * A failure half-way (the database): before anything was sent, the headers are taken back for
     * the usual error page; after, the connection is closed without the last chunk, so the client
     * sees a broken download rather than saving a truncated zip (or an error page appended to one)
     * as whole.
     */
    private static void cutOff(Context ctx, RuntimeException failure) {
        if (!ctx.res().isCommitted()) {
            ctx.res().reset();
            return;
        }
        org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                .getConnection().getEndPoint().close(failure);
    }

    /** The whole export into {@code out} (closed at the end). */
    void write(DSLContext tx, ClinicId clinic, UUID patientId, OutputStream out) throws IOException {
        UUID c = clinic.value();
        Condition ordersOfPatient = TEST_ORDER.CLINIC_ID.eq(c).and(TEST_ORDER.PATIENT_ID.eq(patientId));
        Set<UUID> fileIds = new LinkedHashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("patient.json"));
            try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(new Unclosed(zip))) {
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                json.writeStringField("format", FORMAT);
                json.writeNumberField("formatVersion", FORMAT_VERSION);
                json.writeStringField("exportedAt", clock.instant().toString());
                json.writeStringField("clinicId", c.toString());
                json.writeFieldName("patient");
                rows(json, tx, PATIENT, PATIENT.CLINIC_ID.eq(c).and(PATIENT.ID.eq(patientId)), PATIENT.ID, true);
                json.writeFieldName("portalAccount");
                rows(json, tx, APP_USER, APP_USER.CLINIC_ID.eq(c).and(APP_USER.PATIENT_ID.eq(patientId)), APP_USER.ID,
                        true);
                json.writeFieldName("visits");
                rows(json, tx, PATIENT_VISIT, PATIENT_VISIT.CLINIC_ID.eq(c).and(PATIENT_VISIT.PATIENT_ID.eq(patientId)),
                        PATIENT_VISIT.ID, false);
                json.writeFieldName("notes");
                rows(json, tx, DOCTOR_NOTE, DOCTOR_NOTE.CLINIC_ID.eq(c).and(DOCTOR_NOTE.PATIENT_ID.eq(patientId)),
                        DOCTOR_NOTE.ID, false);
                json.writeFieldName("prescriptions");
                rows(json, tx, PRESCRIPTION, PRESCRIPTION.CLINIC_ID.eq(c).and(PRESCRIPTION.PATIENT_ID.eq(patientId)),
                        PRESCRIPTION.ID, false);
                json.writeFieldName("prescriptionItems");
                rows(json, tx, PRESCRIPTION_ITEM, PRESCRIPTION_ITEM.CLINIC_ID.eq(c).and(PRESCRIPTION_ITEM.PRESCRIPTION_ID
                        .in(tx.select(PRESCRIPTION.ID).from(PRESCRIPTION)
                                .where(PRESCRIPTION.CLINIC_ID.eq(c), PRESCRIPTION.PATIENT_ID.eq(patientId)))),
                        PRESCRIPTION_ITEM.ID, false);
                json.writeFieldName("testOrders");
                rows(json, tx, TEST_ORDER, ordersOfPatient, TEST_ORDER.ID, false);
                json.writeFieldName("testResults");
                rows(json, tx, TEST_RESULT, TEST_RESULT.CLINIC_ID.eq(c).and(TEST_RESULT.TEST_ORDER_ID
                        .in(tx.select(TEST_ORDER.ID).from(TEST_ORDER).where(ordersOfPatient))), TEST_RESULT.ID, false);
                json.writeFieldName("testOrderCorrections");
                rows(json, tx, TEST_ORDER_CORRECTION, TEST_ORDER_CORRECTION.CLINIC_ID.eq(c).and(TEST_ORDER_CORRECTION
                        .TEST_ORDER_ID.in(tx.select(TEST_ORDER.ID).from(TEST_ORDER).where(ordersOfPatient))),
                        TEST_ORDER_CORRECTION.ID, false);
                json.writeFieldName("documents");
                rows(json, tx, MEDICAL_REPORT, MEDICAL_REPORT.CLINIC_ID.eq(c).and(MEDICAL_REPORT.PATIENT_ID.eq(patientId)),
                        MEDICAL_REPORT.ID, false);
                fileIds.addAll(tx.select(MEDICAL_REPORT.FILE_ID).from(MEDICAL_REPORT)
                        .where(MEDICAL_REPORT.CLINIC_ID.eq(c), MEDICAL_REPORT.PATIENT_ID.eq(patientId))
                        .orderBy(MEDICAL_REPORT.ID).fetch(MEDICAL_REPORT.FILE_ID));
                fileIds.addAll(tx.select(TEST_ORDER.REPORT_FILE_ID).from(TEST_ORDER)
                        .where(ordersOfPatient, TEST_ORDER.REPORT_FILE_ID.isNotNull())
                        .orderBy(TEST_ORDER.ID).fetch(TEST_ORDER.REPORT_FILE_ID));
                // each file's row (not its bytes), with the path of its bytes in this zip
                json.writeArrayFieldStart("files");
                for (UUID fileId : fileIds) {
                    Record file = tx.select(STORED_FILE.ID, STORED_FILE.FILE_NAME, STORED_FILE.CONTENT_TYPE,
                                    STORED_FILE.SIZE_BYTES, STORED_FILE.SHA256, STORED_FILE.UPLOADED_AT)
                            .from(STORED_FILE).where(STORED_FILE.CLINIC_ID.eq(c), STORED_FILE.ID.eq(fileId))
                            .fetchOne();
                    if (file != null) {
                        json.writeStartObject();
                        json.writeStringField("path", path(fileId, file.get(STORED_FILE.CONTENT_TYPE)));
                        fields(json, file);
                        json.writeEndObject();
                    }
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            zip.closeEntry();
            for (UUID fileId : fileIds) {
                // one file's bytes in memory at a time (at most 10 MB)
                Record file = tx.select(STORED_FILE.CONTENT_TYPE, STORED_FILE.CONTENT).from(STORED_FILE)
                        .where(STORED_FILE.CLINIC_ID.eq(c), STORED_FILE.ID.eq(fileId)).fetchOne();
                if (file != null) {
                    zip.putNextEntry(new ZipEntry(path(fileId, file.get(STORED_FILE.CONTENT_TYPE))));
                    zip.write(file.get(STORED_FILE.CONTENT));
                    zip.closeEntry();
                }
            }
        }
    }

    /** The rows of {@code table} matching {@code where}, in id order: an array, or (single) one object or null. */
    private static void rows(JsonGenerator json, DSLContext tx, Table<?> table, Condition where, Field<UUID> id,
                             boolean single) throws IOException {
        if (!single) {
            json.writeStartArray();
        }
        boolean any = false;
        try (var cursor = tx.selectFrom(table).where(where).orderBy(id).fetchSize(FETCH_SIZE).fetchLazy()) {
            for (Record row : cursor) {
                json.writeStartObject();
                fields(json, row);
                json.writeEndObject();
                any = true;
            }
        }
        if (single && !any) {
            json.writeNull();
        }
        if (!single) {
            json.writeEndArray();
        }
    }

    /** Each column by its name, with its value in JSON: texts, numbers, booleans, ISO times, jsonb as JSON, bytes in hex. */
    private static void fields(JsonGenerator json, Record row) throws IOException {
        for (Field<?> field : row.fields()) {
            String name = field.getName();
            if (LEFT_OUT.contains(name)) {
                continue;
            }
            Object value = row.get(field);
            json.writeFieldName(name);
            switch (value) {
                case null -> json.writeNull();
                case String s -> json.writeString(s);
                case Boolean b -> json.writeBoolean(b);
                case Integer i -> json.writeNumber(i);
                case Short s -> json.writeNumber(s);
                case Long l -> json.writeNumber(l);
                case java.math.BigDecimal d -> json.writeNumber(d);
                case JSONB j -> json.writeRawValue(j.data());
                case byte[] bytes -> json.writeString(HexFormat.of().formatHex(bytes));
                case TemporalAccessor t -> json.writeString(t.toString());
                default -> json.writeString(value.toString());
            }
        }
    }

    private static String path(UUID fileId, String contentType) {
        return "files/" + fileId + EXTENSIONS.getOrDefault(contentType, "");
    }

    private static final Map<String, String> EXTENSIONS = Map.of("application/pdf", ".pdf", "image/png", ".png",
            "image/jpeg", ".jpg", "image/webp", ".webp");

    /** The zip stays open when the JSON is done: its entry is closed, not the stream. */
    private static final class Unclosed extends FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
