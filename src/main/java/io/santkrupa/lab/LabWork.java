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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER_CORRECTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;

/**
 * The lab's writes and its audited reads, one transaction each, shared by the lab's pages and
 * the API: collecting the sample, entering results against the range that fits the patient
 * (and completing the order), attaching the report file, correcting a completed order with a
 * reason, reading an order and downloading its file. Every write locks the order first, so two
 * technicians saving the same order queue behind each other.
 */
public final class LabWork {

    static final int MAX_REMARKS = 1000;
    static final int MAX_TEXT_VALUE = 200;
    static final int MAX_REASON = 500;
    /** The field of a message about the report file, and about a correction's reason. */
    public static final String REPORT = "report";
    public static final String REASON = "reason";

    /** A report file sent with a form: its name as the sender gave it, and its bytes. */
    public record Upload(String fileName, byte[] content) {
    }

    /** How saving results (or a correction) ended. */
    public sealed interface ResultsOutcome {
    }

    /** Saved; {@code completed} when the order was completed with them, {@code reportAttached} when a file came too. */
    public record Saved(int values, boolean completed, boolean reportAttached) implements ResultsOutcome {
    }

    /**
     * Nothing saved: a message per parameter id ({@code errors}), ids that are not parameters of
     * the order's test, and messages of the other fields by name ({@link #REPORT}, {@link #REASON}).
     */
    public record Invalid(Map<UUID, String> errors, Set<UUID> unknownParameters, Map<String, String> fields)
            implements ResultsOutcome {
        Invalid(Map<UUID, String> errors, Set<UUID> unknownParameters) {
            this(errors, unknownParameters, Map.of());
        }
    }

    /**
     * Nothing saved: the order's state does not allow it (not collected yet, completed, nothing
     * changed), or it cannot be completed without the values of {@code missing} (parameter ids).
     */
    public record Refused(String problem, Set<UUID> missing) implements ResultsOutcome {
        Refused(String problem) {
            this(problem, Set.of());
        }
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

    /** An order with everything its page shows: values, the range each is judged by, corrections. */
    public record Sheet(LabQueries.Order order, List<LabQueries.Parameter> parameters,
                        Map<UUID, LabQueries.Result> results, Map<UUID, ReferenceRanges.Applied> ranges,
                        List<LabQueries.Correction> corrections) {
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
     * An order as its page and the API show it, the read audited (it shows the patient's results).
     *
     * @throws NotFoundResponse when the clinic has no such order
     */
    public Sheet read(ClinicId clinic, UUID orderId, AuditContext who) {
        return sheet(clinic, orderId, who);
    }

    /**
     * The audit event of the lab's list shown (the work list or the completed orders, a page or
     * the API's): the patients whose orders it showed, by id; nothing when it showed none.
     */
    public void auditListed(DSLContext tx, ClinicId clinic, AuditContext who, boolean completed,
                            List<LabQueries.Order> shown) {
        if (!shown.isEmpty()) {
            audit.recordList(tx, clinic, who, "test_order.list", Outcome.SUCCESS,
                    shown.stream().map(LabQueries.Order::patientId).toList(),
                    shown.size() + (shown.size() == 1 ? " order" : " orders") + " of "
                            + AuditLog.patients((int) shown.stream().map(LabQueries.Order::patientId).distinct().count())
                            + (completed ? ", completed" : ", to do"));
        }
    }

    /** The order as it is after a write of the caller's (audited itself): the same read, not audited again. */
    public Sheet afterWrite(ClinicId clinic, UUID orderId) {
        return sheet(clinic, orderId, null);
    }

    private Sheet sheet(ClinicId clinic, UUID orderId, AuditContext who) {
        return tenants.readInClinic(clinic, tx -> {
            LabQueries.Order order = requireOrder(tx, clinic, orderId);
            List<LabQueries.Parameter> parameters = LabQueries.parameters(tx, clinic, order.labTestId());
            Sheet sheet = new Sheet(order, parameters, LabQueries.results(tx, clinic, orderId),
                    LabQueries.applicableRanges(tx, clinic, order, parameters, OffsetDateTime.now(clock)),
                    LabQueries.corrections(tx, clinic, orderId));
            if (who != null) {
                audit.record(tx, clinic, who, "test_order.read", Outcome.SUCCESS, "test_order", orderId, "");
            }
            return sheet;
        });
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

    /** {@link #saveResults(ClinicId, UUID, UUID, AuditContext, int, Map, String, boolean, Upload)} without a file. */
    public ResultsOutcome saveResults(ClinicId clinic, UUID orderId, UUID userId, AuditContext who,
                                      int expectedVersion, Map<UUID, String> values, String remarks,
                                      boolean complete) {
        return saveResults(clinic, orderId, userId, who, expectedVersion, values, remarks, complete, null);
    }

    /**
     * Saves the values entered, by parameter id (an empty value is "not entered": the saved one,
     * if any, stays), the remarks ({@code null}: unchanged) and the report file ({@code upload},
     * null: none sent; it replaces an earlier one); with {@code complete}, completes the order,
     * which needs every value or a report file. All of it or nothing.
     *
     * @param expectedVersion the order's version as the caller read it (the API's If-Match, the
     *                        page's hidden field); any other version is {@link Stale}, never "no check"
     * @throws NotFoundResponse when the clinic has no such order
     */
    public ResultsOutcome saveResults(ClinicId clinic, UUID orderId, UUID userId, AuditContext who,
                                      int expectedVersion, Map<UUID, String> values, String remarks,
                                      boolean complete, Upload upload) {
        return tenants.inClinic(clinic, tx -> {
            int version = lock(tx, clinic, orderId);
            if (expectedVersion != version) {
                return new Stale();
            }
            LabQueries.Order order = requireOrder(tx, clinic, orderId);
            if (!order.acceptingResults()) {
                return new Refused(order.awaitingSample()
                        ? "Collect the sample before entering results."
                        : "This order is " + order.statusLabel().toLowerCase() + "; its results can only be "
                        + "changed by a correction, with its reason.");
            }
            List<LabQueries.Parameter> parameters = LabQueries.parameters(tx, clinic, order.labTestId());
            Map<UUID, ReferenceRanges.Applied> ranges = LabQueries.applicableRanges(tx, clinic, order, parameters,
                    OffsetDateTime.now(clock));
            Map<UUID, String> errors = new LinkedHashMap<>();
            Set<UUID> unknown = unknown(values, parameters);
            Map<LabQueries.Parameter, LabQueries.Result> entered = judge(parameters, ranges, values, errors);
            Map<String, String> fields = new LinkedHashMap<>();
            checkUpload(upload, fields);
            if (!errors.isEmpty() || !unknown.isEmpty() || !fields.isEmpty()) {
                return new Invalid(errors, unknown, fields);
            }
            Map<UUID, LabQueries.Result> existing = LabQueries.results(tx, clinic, orderId);
            if (complete) {
                Set<UUID> missing = parameters.stream()
                        .filter(p -> !entered.containsKey(p) && !existing.containsKey(p.id()))
                        .map(LabQueries.Parameter::id)
                        .collect(Collectors.toCollection(LinkedHashSet::new));
                if (!missing.isEmpty() && order.reportFileId() == null && upload == null) {
                    String names = parameters.stream().filter(p -> missing.contains(p.id()))
                            .map(LabQueries.Parameter::name).collect(Collectors.joining(", "));
                    return new Refused("Not completed: " + names + (missing.size() == 1 ? " has" : " have")
                            + " no value. Enter every value, or attach the report file, to complete the order.",
                            missing);
                }
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            write(tx, clinic, order, userId, now, entered.values());
            boolean attached = upload != null && attach(tx, clinic, order, userId, upload);
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
                    "test_order", orderId, entered.size() + " value(s)" + (attached ? ", report file" : ""));
            return new Saved(entered.size(), complete, attached);
        });
    }

    /**
     * Corrects a completed order: the values given (an empty one keeps the stored value), the
     * remarks ({@code null}: unchanged) and the report file ({@code upload}, null: kept), with
     * the reason, which the doctor and the patient see with the corrected results. The values it
     * replaces are kept with the correction. Refused when nothing would change.
     *
     * @throws NotFoundResponse when the clinic has no such order
     */
    public ResultsOutcome correct(ClinicId clinic, UUID orderId, UUID userId, AuditContext who, int expectedVersion,
                                  Map<UUID, String> values, String remarks, String reason, Upload upload) {
        return tenants.inClinic(clinic, tx -> {
            int version = lock(tx, clinic, orderId);
            if (expectedVersion != version) {
                return new Stale();
            }
            LabQueries.Order order = requireOrder(tx, clinic, orderId);
            if (!order.completed()) {
                return new Refused("Only a completed order is corrected; this one is "
                        + order.statusLabel().toLowerCase() + ".");
            }
            List<LabQueries.Parameter> parameters = LabQueries.parameters(tx, clinic, order.labTestId());
            Map<UUID, ReferenceRanges.Applied> ranges = LabQueries.applicableRanges(tx, clinic, order, parameters,
                    OffsetDateTime.now(clock));
            Map<UUID, String> errors = new LinkedHashMap<>();
            Set<UUID> unknown = unknown(values, parameters);
            Map<LabQueries.Parameter, LabQueries.Result> entered = judge(parameters, ranges, values, errors);
            Map<String, String> fields = new LinkedHashMap<>();
            String why = reason == null ? "" : reason.strip();
            if (why.isEmpty()) {
                fields.put(REASON, "Say why the results are corrected, e.g. \"Haemoglobin was typed as 11.2, the analyser read 12.1\".");
            } else if (why.length() > MAX_REASON) {
                fields.put(REASON, "At most " + MAX_REASON + " characters.");
            }
            checkUpload(upload, fields);
            if (!errors.isEmpty() || !unknown.isEmpty() || !fields.isEmpty()) {
                return new Invalid(errors, unknown, fields);
            }
            Map<UUID, LabQueries.Result> existing = LabQueries.results(tx, clinic, orderId);
            List<LabQueries.Result> changed = new ArrayList<>();
            List<LabQueries.Change> changes = new ArrayList<>();
            entered.forEach((parameter, result) -> {
                LabQueries.Result before = existing.get(parameter.id());
                if (before == null || !before.display().equals(result.display())) {
                    changed.add(result);
                    changes.add(new LabQueries.Change(parameter.name(), parameter.unit(),
                            before == null ? "" : before.display(), before == null ? "" : before.flag().dbValue(),
                            result.display(), result.flag().dbValue()));
                }
            });
            String newRemarks = remarks == null ? order.remarks() : remarks.strip();
            if (newRemarks.length() > MAX_REMARKS) {
                newRemarks = newRemarks.substring(0, MAX_REMARKS);
            }
            boolean remarksChanged = !newRemarks.equals(order.remarks());
            if (changed.isEmpty() && !remarksChanged && upload == null) {
                return new Refused("Nothing was corrected: the values and remarks are the ones already reported. "
                        + "Change what was wrong, or go back to the order.");
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            write(tx, clinic, order, userId, now, changed);
            if (upload != null) {
                attach(tx, clinic, order, userId, upload);
            }
            UUID correction = Ids.newId();
            tx.insertInto(TEST_ORDER_CORRECTION)
                    .set(TEST_ORDER_CORRECTION.CLINIC_ID, clinic.value())
                    .set(TEST_ORDER_CORRECTION.ID, correction)
                    .set(TEST_ORDER_CORRECTION.TEST_ORDER_ID, orderId)
                    .set(TEST_ORDER_CORRECTION.CORRECTED_BY, userId)
                    .set(TEST_ORDER_CORRECTION.CORRECTED_AT, now)
                    .set(TEST_ORDER_CORRECTION.REASON, why)
                    .set(TEST_ORDER_CORRECTION.CHANGES, LabQueries.changesJson(changes))
                    .set(TEST_ORDER_CORRECTION.REMARKS_BEFORE, remarksChanged ? order.remarks() : null)
                    .set(TEST_ORDER_CORRECTION.REPORT_REPLACED, upload != null)
                    .execute();
            tx.update(TEST_ORDER)
                    .set(TEST_ORDER.REMARKS, newRemarks)
                    .set(TEST_ORDER.UPDATED_AT, now)
                    .set(TEST_ORDER.VERSION, TEST_ORDER.VERSION.plus(1))
                    .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.eq(orderId))
                    .execute();
            // the reason is the clinic's record (test_order_correction), not the audit trail's: it may name the patient
            audit.record(tx, clinic, who, "test_order.correct", Outcome.SUCCESS, "test_order", orderId,
                    "correction " + correction + ": " + changed.size() + " value(s)" + (remarksChanged ? ", remarks" : "")
                            + (upload != null ? ", report file" : ""));
            return new Saved(changed.size(), false, upload != null);
        });
    }

    private static Set<UUID> unknown(Map<UUID, String> values, List<LabQueries.Parameter> parameters) {
        Set<UUID> unknown = new LinkedHashSet<>(values.keySet());
        parameters.forEach(p -> unknown.remove(p.id()));
        return unknown;
    }

    /** Each non-empty value checked and judged against its range; a message per invalid one in {@code errors}. */
    private static Map<LabQueries.Parameter, LabQueries.Result> judge(List<LabQueries.Parameter> parameters,
                                                                   Map<UUID, ReferenceRanges.Applied> ranges,
                                                                   Map<UUID, String> values, Map<UUID, String> errors) {
        Map<LabQueries.Parameter, LabQueries.Result> entered = new LinkedHashMap<>();
        for (LabQueries.Parameter parameter : parameters) {
            String raw = values.get(parameter.id());
            String value = raw == null ? "" : raw.strip();
            if (value.isEmpty()) {
                continue;
            }
            String error = enter(parameter, ranges.getOrDefault(parameter.id(), ReferenceRanges.Applied.NONE), value,
                    entered);
            if (error != null) {
                errors.put(parameter.id(), error);
            }
        }
        return entered;
    }

    /** Checks one value against its parameter and adds its result, flagged by {@code range}; the message when invalid. */
    private static String enter(LabQueries.Parameter parameter, ReferenceRanges.Applied range, String value,
                                Map<LabQueries.Parameter, LabQueries.Result> entered) {
        if (parameter.numeric()) {
            try {
                BigDecimal number = new BigDecimal(value.replace(',', '.'));
                if (number.abs().compareTo(new BigDecimal("1e10")) >= 0 || number.scale() > 4) {
                    return "Enter a number with at most 4 decimals.";
                }
                entered.put(parameter, new LabQueries.Result(parameter.id(), number, "", range.flag(number),
                        range.low(), range.high(), range.note()));
                return null;
            } catch (NumberFormatException e) {
                return "Enter a number, e.g. 13.5" + (parameter.unit().isEmpty() ? "" : " (" + parameter.unit() + ")") + ".";
            }
        }
        if (value.length() > MAX_TEXT_VALUE) {
            return "At most " + MAX_TEXT_VALUE + " characters.";
        }
        entered.put(parameter, new LabQueries.Result(parameter.id(), null, value,
                ReferenceRanges.textFlag(parameter.referenceText(), value), null, null, ""));
        return null;
    }

    private static void checkUpload(Upload upload, Map<String, String> fields) {
        if (upload == null) {
            return;
        }
        try {
            ReportFiles.check(upload.content());
        } catch (ReportFiles.Rejected rejected) {
            fields.put(REPORT, rejected.getMessage());
        }
    }

    private static void write(DSLContext tx, ClinicId clinic, LabQueries.Order order, UUID userId, OffsetDateTime now,
                              java.util.Collection<LabQueries.Result> results) {
        for (LabQueries.Result result : results) {
            tx.insertInto(TEST_RESULT)
                    .set(TEST_RESULT.CLINIC_ID, clinic.value())
                    .set(TEST_RESULT.ID, Ids.newId())
                    .set(TEST_RESULT.TEST_ORDER_ID, order.id())
                    .set(TEST_RESULT.LAB_TEST_ID, order.labTestId())
                    .set(TEST_RESULT.PARAMETER_ID, result.parameterId())
                    .set(TEST_RESULT.VALUE_NUMERIC, result.valueNumeric())
                    .set(TEST_RESULT.VALUE_TEXT, result.valueText())
                    .set(TEST_RESULT.IS_ABNORMAL, result.abnormal())
                    .set(TEST_RESULT.FLAG, result.flag().dbValue())
                    .set(TEST_RESULT.REFERENCE_LOW, result.referenceLow())
                    .set(TEST_RESULT.REFERENCE_HIGH, result.referenceHigh())
                    .set(TEST_RESULT.REFERENCE_NOTE, result.referenceNote())
                    .set(TEST_RESULT.ENTERED_BY, userId)
                    .set(TEST_RESULT.ENTERED_AT, now)
                    .onConflict(TEST_RESULT.CLINIC_ID, TEST_RESULT.TEST_ORDER_ID, TEST_RESULT.PARAMETER_ID)
                    .doUpdate()
                    .set(TEST_RESULT.VALUE_NUMERIC, result.valueNumeric())
                    .set(TEST_RESULT.VALUE_TEXT, result.valueText())
                    .set(TEST_RESULT.IS_ABNORMAL, result.abnormal())
                    .set(TEST_RESULT.FLAG, result.flag().dbValue())
                    .set(TEST_RESULT.REFERENCE_LOW, result.referenceLow())
                    .set(TEST_RESULT.REFERENCE_HIGH, result.referenceHigh())
                    .set(TEST_RESULT.REFERENCE_NOTE, result.referenceNote())
                    .set(TEST_RESULT.ENTERED_BY, userId)
                    .set(TEST_RESULT.ENTERED_AT, now)
                    .execute();
        }
    }

    /** Stores a checked upload as the order's report file, deleting the one it replaces; always true. */
    private boolean attach(DSLContext tx, ClinicId clinic, LabQueries.Order order, UUID userId, Upload upload) {
        UUID fileId;
        try {
            fileId = files.store(tx, clinic, userId, upload.fileName(), upload.content());
        } catch (ReportFiles.Rejected rejected) {
            throw new IllegalStateException("a checked upload was refused", rejected);
        }
        tx.update(TEST_ORDER)
                .set(TEST_ORDER.REPORT_FILE_ID, fileId)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.eq(order.id()))
                .execute();
        if (order.reportFileId() != null) {
            // the order was the earlier file's only reference: kept, it would be up to 10 MB nobody can reach
            files.delete(tx, clinic, order.reportFileId());
        }
        return true;
    }

    /**
     * Stores {@code content} (checked by {@link ReportFiles}: type by content, size) as the order's
     * report file; an earlier one is replaced and deleted in the same transaction (an order has one
     * report; the audit log keeps that there was another). Audited.
     *
     * @return empty when attached, else why nothing was changed
     * @throws NotFoundResponse when the clinic has no such order
     */
    public Optional<UploadRefused> attachReport(ClinicId clinic, UUID orderId, UUID userId, AuditContext who,
                                                String fileName, byte[] content) {
        return tenants.inClinic(clinic, tx -> {
            lock(tx, clinic, orderId);
            LabQueries.Order order = requireOrder(tx, clinic, orderId);
            if (!order.acceptingResults()) {
                return Optional.of(new UploadRefused(order.awaitingSample()
                        ? "Collect the sample before attaching a report."
                        : "This order is " + order.statusLabel().toLowerCase() + "; its report can only be "
                        + "replaced by a correction, with its reason.",
                        null));
            }
            try {
                ReportFiles.check(content);
            } catch (ReportFiles.Rejected rejected) {
                return Optional.of(new UploadRefused(rejected.getMessage(), rejected.reason()));
            }
            attach(tx, clinic, order, userId, new Upload(fileName, content));
            tx.update(TEST_ORDER)
                    .set(TEST_ORDER.UPDATED_AT, OffsetDateTime.now(clock))
                    .set(TEST_ORDER.VERSION, TEST_ORDER.VERSION.plus(1))
                    .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.eq(orderId))
                    .execute();
            audit.record(tx, clinic, who, "test_order.report_upload", Outcome.SUCCESS, "test_order", orderId,
                    content.length + " bytes" + (order.reportFileId() == null ? "" : ", replacing the earlier file"));
            return Optional.empty();
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
