package io.santkrupa.lab;

import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.audit.AuditLog.Outcome;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.db.TenantTransactions;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;

/**
 * The lab's writes and its audited file read, one transaction each, shared by the lab's pages
 * and the API: collecting the sample, entering results against each parameter's normal range
 * (and completing the order), attaching the report file, downloading it. Every write locks the
 * order first, so two technicians saving the same order queue behind each other.
 */
public final class LabWork {

    static final int MAX_REMARKS = 1000;
    static final int MAX_TEXT_VALUE = 200;

    /** How saving results ended. */
    public sealed interface ResultsOutcome {
    }

    /** Saved; {@code completed} when the order was completed with them. */
    public record Saved(int values, boolean completed) implements ResultsOutcome {
    }

    /** Nothing saved: a message per parameter id ({@code errors}), or ids that are not parameters of the order's test. */
    public record Invalid(Map<UUID, String> errors, Set<UUID> unknownParameters) implements ResultsOutcome {
    }

    /** Nothing saved: the order's state does not allow it (not collected yet, completed, incomplete values). */
    public record Refused(String problem) implements ResultsOutcome {
    }

    /** Nothing saved: the order changed since the version the caller read. */
    public record Stale() implements ResultsOutcome {
    }

    /** Why a report file was not attached: the order's state, or the file ({@code file} names what was wrong). */
    public record UploadRefused(String message, ReportFiles.Reason file) {
        public boolean orderState() {
            return file == null;
        }
    }

    private final TenantTransactions tenants;
    private final ReportFiles files;
    private final AuditLog audit;
    private final Clock clock;

    public LabWork(TenantTransactions tenants, ReportFiles files, AuditLog audit, Clock clock) {
        this.tenants = tenants;
        this.files = files;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Sample collected: ordered -> sample collected, audited.
     *
     * @return false (nothing changed) when the order was not waiting for its sample
     * @throws NotFoundResponse when the clinic has no such order
     */
    public boolean collect(ClinicId clinic, UUID orderId, UUID userId, AuditContext who) {
        return tenants.inClinic(clinic, tx -> {
            lock(tx, clinic, orderId);
            OffsetDateTime now = OffsetDateTime.now(clock);
            int rows = tx.update(TEST_ORDER)
                    .set(TEST_ORDER.STATUS, "sample_collected")
                    .set(TEST_ORDER.SAMPLE_COLLECTED_AT, now)
                    .set(TEST_ORDER.SAMPLE_COLLECTED_BY, userId)
                    .set(TEST_ORDER.UPDATED_AT, now)
                    .set(TEST_ORDER.VERSION, TEST_ORDER.VERSION.plus(1))
                    // the status in the WHERE clause: two technicians clicking at once collect it once
                    .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.eq(orderId),
                            TEST_ORDER.STATUS.eq("ordered"))
                    .execute();
            if (rows == 1) {
                audit.record(tx, clinic, who, "test_order.collect", Outcome.SUCCESS, "test_order", orderId, "");
            }
            return rows == 1;
        });
    }

    /**
     * Saves the values entered, by parameter id (an empty value is "not entered": the saved one,
     * if any, stays), and the remarks ({@code null}: unchanged); with {@code complete}, completes
     * the order, which needs every value or the report file.
     *
     * @param expectedVersion the order's version as the caller read it (the API's If-Match, the
     *                        page's hidden field); any other version is {@link Stale}, never "no check"
     * @throws NotFoundResponse when the clinic has no such order
     */
    public ResultsOutcome saveResults(ClinicId clinic, UUID orderId, UUID userId, AuditContext who,
                                      int expectedVersion, Map<UUID, String> values, String remarks,
                                      boolean complete) {
        return tenants.inClinic(clinic, tx -> {
            int version = lock(tx, clinic, orderId);
            if (expectedVersion != version) {
                return new Stale();
            }
            LabQueries.Order order = requireOrder(tx, clinic, orderId);
            if (!order.acceptingResults()) {
                return new Refused(order.awaitingSample()
                        ? "Collect the sample before entering results."
                        : "This order is " + order.status().replace('_', ' ') + "; its results can no longer change.");
            }
            List<LabQueries.Parameter> parameters = LabQueries.parameters(tx, clinic, order.labTestId());
            Set<UUID> unknown = new LinkedHashSet<>(values.keySet());
            parameters.forEach(p -> unknown.remove(p.id()));
            Map<UUID, String> errors = new LinkedHashMap<>();
            Map<LabQueries.Parameter, LabQueries.Result> entered = new LinkedHashMap<>();
            for (LabQueries.Parameter parameter : parameters) {
                String raw = values.get(parameter.id());
                String value = raw == null ? "" : raw.strip();
                if (value.isEmpty()) {
                    continue;
                }
                String error = enter(parameter, value, entered);
                if (error != null) {
                    errors.put(parameter.id(), error);
                }
            }
            if (!errors.isEmpty() || !unknown.isEmpty()) {
                return new Invalid(errors, unknown);
            }
            if (complete) {
                Map<UUID, LabQueries.Result> existing = LabQueries.results(tx, clinic, orderId);
                boolean allValues = parameters.stream()
                        .allMatch(p -> entered.containsKey(p) || existing.containsKey(p.id()));
                if (!allValues && order.reportFileId() == null) {
                    return new Refused("To complete the order, enter every value or attach the report file.");
                }
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            for (LabQueries.Result result : entered.values()) {
                tx.insertInto(TEST_RESULT)
                        .set(TEST_RESULT.CLINIC_ID, clinic.value())
                        .set(TEST_RESULT.ID, Ids.newId())
                        .set(TEST_RESULT.TEST_ORDER_ID, orderId)
                        .set(TEST_RESULT.LAB_TEST_ID, order.labTestId())
                        .set(TEST_RESULT.PARAMETER_ID, result.parameterId())
                        .set(TEST_RESULT.VALUE_NUMERIC, result.valueNumeric())
                        .set(TEST_RESULT.VALUE_TEXT, result.valueText())
                        .set(TEST_RESULT.IS_ABNORMAL, result.abnormal())
                        .set(TEST_RESULT.ENTERED_BY, userId)
                        .set(TEST_RESULT.ENTERED_AT, now)
                        .onConflict(TEST_RESULT.CLINIC_ID, TEST_RESULT.TEST_ORDER_ID, TEST_RESULT.PARAMETER_ID)
                        .doUpdate()
                        .set(TEST_RESULT.VALUE_NUMERIC, result.valueNumeric())
                        .set(TEST_RESULT.VALUE_TEXT, result.valueText())
                        .set(TEST_RESULT.IS_ABNORMAL, result.abnormal())
                        .set(TEST_RESULT.ENTERED_BY, userId)
                        .set(TEST_RESULT.ENTERED_AT, now)
                        .execute();
            }
            String kept = remarks == null ? order.remarks() : remarks.strip();
            var update = tx.update(TEST_ORDER)
                    .set(TEST_ORDER.REMARKS, kept.length() > MAX_REMARKS ? kept.substring(0, MAX_REMARKS) : kept)
                    .set(TEST_ORDER.UPDATED_AT, now)
                    .set(TEST_ORDER.VERSION, TEST_ORDER.VERSION.plus(1));
            if (complete) {
                update = update.set(TEST_ORDER.STATUS, "completed")
                        .set(TEST_ORDER.COMPLETED_AT, now)
                        .set(TEST_ORDER.COMPLETED_BY, userId);
            }
            update.where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.eq(orderId),
                    TEST_ORDER.STATUS.eq("sample_collected")).execute();
            audit.record(tx, clinic, who, complete ? "test_order.complete" : "test_order.results", Outcome.SUCCESS,
                    "test_order", orderId, entered.size() + " value(s)");
            return new Saved(entered.size(), complete);
        });
    }

    /** Checks one value against its parameter and adds its result (with the out-of-range flag); the message when invalid. */
    private static String enter(LabQueries.Parameter parameter, String value,
                                Map<LabQueries.Parameter, LabQueries.Result> entered) {
        if (parameter.numeric()) {
            try {
                BigDecimal number = new BigDecimal(value.replace(',', '.'));
                if (number.abs().compareTo(new BigDecimal("1e10")) >= 0 || number.scale() > 4) {
                    return "Enter a number with at most 4 decimals.";
                }
                boolean abnormal = (parameter.normalLow() != null && number.compareTo(parameter.normalLow()) < 0)
                        || (parameter.normalHigh() != null && number.compareTo(parameter.normalHigh()) > 0);
                entered.put(parameter, new LabQueries.Result(parameter.id(), number, "", abnormal));
                return null;
            } catch (NumberFormatException e) {
                return "Enter a number, e.g. 13.5" + (parameter.unit().isEmpty() ? "" : " (" + parameter.unit() + ")") + ".";
            }
        }
        if (value.length() > MAX_TEXT_VALUE) {
            return "At most " + MAX_TEXT_VALUE + " characters.";
        }
        boolean abnormal = !parameter.referenceText().isBlank()
                && !parameter.referenceText().strip().equalsIgnoreCase(value);
        entered.put(parameter, new LabQueries.Result(parameter.id(), null, value, abnormal));
        return null;
    }

    /**
     * Stores {@code content} (checked by {@link ReportFiles}: type by content, size) as the order's
     * report file; an earlier one is replaced and deleted in the same transaction (an order has one
     * report; the audit log keeps that there was another). Audited.
     *
     * @return empty when attached, else why nothing was changed
     * @throws NotFoundResponse when the clinic has no such order
     */
    public java.util.Optional<UploadRefused> attachReport(ClinicId clinic, UUID orderId, UUID userId, AuditContext who,
                                                          String fileName, byte[] content) {
        return tenants.inClinic(clinic, tx -> {
            lock(tx, clinic, orderId);
            LabQueries.Order order = requireOrder(tx, clinic, orderId);
            if (!order.acceptingResults()) {
                return java.util.Optional.of(new UploadRefused(order.awaitingSample()
                        ? "Collect the sample before attaching a report."
                        : "This order is " + order.status().replace('_', ' ') + "; its report can no longer change.",
                        null));
            }
            UUID fileId;
            try {
                fileId = files.store(tx, clinic, userId, fileName, content);
            } catch (ReportFiles.Rejected rejected) {
                return java.util.Optional.of(new UploadRefused(rejected.getMessage(), rejected.reason()));
            }
            tx.update(TEST_ORDER)
                    .set(TEST_ORDER.REPORT_FILE_ID, fileId)
                    .set(TEST_ORDER.UPDATED_AT, OffsetDateTime.now(clock))
                    .set(TEST_ORDER.VERSION, TEST_ORDER.VERSION.plus(1))
                    .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.eq(orderId))
                    .execute();
            UUID replaced = order.reportFileId();
            if (replaced != null) {
                // the order was the earlier file's only reference: kept, it would be up to 10 MB nobody can reach
                files.delete(tx, clinic, replaced);
            }
            audit.record(tx, clinic, who, "test_order.report_upload", Outcome.SUCCESS, "test_order", orderId,
                    content.length + " bytes" + (replaced == null ? "" : ", replacing the earlier file"));
            return java.util.Optional.empty();
        });
    }

    /**
     * The order's report file, its download audited. With {@code onlyForPatient}, only that
     * patient's completed order's report.
     *
     * @throws NotFoundResponse when there is no such order, no report, or it is not the patient's
     */
    public ReportFiles.Download report(ClinicId clinic, UUID orderId, UUID onlyForPatient, AuditContext who) {
        return tenants.readInClinic(clinic, tx -> {
            LabQueries.Order order = requireOrder(tx, clinic, orderId);
            if (order.reportFileId() == null
                    || (onlyForPatient != null && !onlyForPatient.equals(order.patientId()))
                    || (onlyForPatient != null && !order.status().equals("completed"))) {
                throw new NotFoundResponse();
            }
            ReportFiles.Download file = files.load(tx, clinic, order.reportFileId()).orElseThrow(NotFoundResponse::new);
            audit.record(tx, clinic, who, "test_order.report_download", Outcome.SUCCESS, "test_order", orderId, "");
            return file;
        });
    }

    private static int lock(DSLContext tx, ClinicId clinic, UUID orderId) {
        return LabQueries.lock(tx, clinic, orderId).orElseThrow(NotFoundResponse::new);
    }

    private static LabQueries.Order requireOrder(DSLContext tx, ClinicId clinic, UUID orderId) {
        return LabQueries.order(tx, clinic, orderId).orElseThrow(NotFoundResponse::new);
    }
}
