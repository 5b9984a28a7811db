package io.santkrupa.patient;

import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.jooq.santkrupa.tables.Patient;
import io.santkrupa.phone.PhoneNumbers;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record10;
import org.jooq.Record8;
import org.jooq.ResultQuery;
import org.jooq.SortField;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;

/**
 * Finding a patient at the desk: by code (exact), by name prefix (first or last name, or "first
 * last"), or by phone -- a whole number however it is typed ("098200 11001", "98200 11001",
 * "+91 98200 11001": the same E.164 number), its last digits ("11001"), or, with + in front, its
 * first digits ("+91 98200"); one keyset page at a time, in one query.
 *
 * <p>Every predicate compares the stored keys of V019 and V037 with plain text comparisons, which
 * are LEAKPROOF: under forced RLS only such predicates become index conditions. A prefix is the
 * range {@code key >= p AND key < p || U+10FFFF} (the keys are COLLATE "C"); never LIKE. The last
 * digits are a prefix of the reversed digits ({@code phone_suffix_key}).
 */
public final class PatientSearch {

    public enum Kind {
        ALL("all patients"), CODE("patient code"), NAME("name"), PHONE("phone number"),
        PHONE_START("start of the phone number"), PHONE_END("end of the phone number");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * What the desk typed, understood: the kind of search and its normalised text (for a phone
     * search, digits: the whole E.164 number's, its first or its last ones).
     */
    public record Criteria(Kind kind, String text) {
    }

    private static final Pattern CODE = Pattern.compile("(?i)^PT-\\S+$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 ()\\-]*$");
    /** The highest code point: every key starting with p sorts below p followed by it. */
    private static final String LAST_CHARACTER = new String(Character.toChars(Character.MAX_CODE_POINT));

    private PatientSearch() {
    }

    /** {@code phones}: the clinic's, which read a number typed without its country code. */
    public static Criteria parse(String query, PhoneNumbers phones) {
        String q = query == null ? "" : query.strip().replaceAll("\\s+", " ");
        if (q.isEmpty()) {
            return new Criteria(Kind.ALL, "");
        }
        if (CODE.matcher(q).matches()) {
            return new Criteria(Kind.CODE, q.toUpperCase(Locale.ROOT));
        }
        if (PHONE.matcher(q).matches()) {
            Optional<String> whole = phones.e164(q);
            if (whole.isPresent()) {
                return new Criteria(Kind.PHONE, PatientForm.digits(whole.get()));
            }
            return new Criteria(q.startsWith("+") ? Kind.PHONE_START : Kind.PHONE_END, PatientForm.digits(q));
        }
        return new Criteria(Kind.NAME, q);
    }

    /**
     * The page's query: at most {@code limit} patients matching {@code criteria}, after the
     * patient {@code after} (the last one of the previous page; null for the first page) in the
     * search's order. Built here and run by {@link #run}; tests EXPLAIN exactly this query.
     */
    public static ResultQuery<Record8<UUID, String, String, String, LocalDate, Boolean, String, String>> query(
            DSLContext tx, ClinicId clinic, Criteria criteria, UUID after, int limit) {
        Patient cursor = PATIENT.as("cursor");
        List<Condition> where = new ArrayList<>();
        where.add(PATIENT.CLINIC_ID.eq(clinic.value()));
        List<SortField<?>> order;
        switch (criteria.kind()) {
            case CODE -> {
                where.add(PATIENT.CODE.eq(criteria.text()));
                order = List.of(PATIENT.ID.asc());
            }
            case PHONE, PHONE_START, PHONE_END -> {
                boolean end = criteria.kind() == Kind.PHONE_END;
                Field<String> key = end ? PATIENT.PHONE_SUFFIX_KEY : PATIENT.PHONE_KEY;
                String digits = end ? new StringBuilder(criteria.text()).reverse().toString() : criteria.text();
                where.add(criteria.kind() == Kind.PHONE ? key.eq(DSL.val(digits))
                        : key.ge(DSL.val(digits)).and(key.lt(DSL.val(digits + LAST_CHARACTER))));
                if (after != null) {
                    Field<String> cursorKey = end ? cursor.PHONE_SUFFIX_KEY : cursor.PHONE_KEY;
                    where.add(DSL.row(key, PATIENT.ID).gt(DSL.select(cursorKey, cursor.ID)
                            .from(cursor).where(cursor.CLINIC_ID.eq(clinic.value()), cursor.ID.eq(after))));
                }
                order = List.of(key.asc(), PATIENT.ID.asc());
            }
            case NAME -> {
                return byName(tx, clinic, criteria.text(), after, limit);
            }
            default -> {
                if (after != null) {
                    where.add(nameAfter(clinic, after));
                }
                order = NAME_ORDER;
            }
        }
        return tx.select(PATIENT.ID, PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME, PATIENT.DATE_OF_BIRTH,
                        PATIENT.DATE_OF_BIRTH_APPROXIMATE, PATIENT.GENDER, PATIENT.PHONE)
                .from(PATIENT)
                .where(where)
                .orderBy(order)
                .limit(limit);
    }

    /** Name searches and the plain list: alphabetical by last name, then first name (keyset on the whole key). */
    private static final List<SortField<?>> NAME_ORDER =
            List.of(PATIENT.LAST_NAME_KEY.asc(), PATIENT.FIRST_NAME_KEY.asc(), PATIENT.ID.asc());

    /**
     * A name search as a union of branches, each one range of a name index read in the page's
     * order and stopped at the page's size, merged: for one word, the patients whose last name
     * starts with it, then those whose first name does (and last name does not); for "a b", last
     * name a* with first name b*, last name "a b"*, first name a* with last name b*. One
     * {@code OR} of the ranges read every match before sorting, or walked the last-name index from
     * "a" filtering: "shah" took about 260 ms in a 100k-patient clinic where the union takes well
     * under one. The order and keyset are the list's, so pages and cursors are unchanged.
     */
    private static ResultQuery<Record8<UUID, String, String, String, LocalDate, Boolean, String, String>> byName(
            DSLContext tx, ClinicId clinic, String text, UUID after, int limit) {
        int space = text.indexOf(' ');
        List<Condition> branches;
        if (space < 0) {
            branches = List.of(startsWith(PATIENT.LAST_NAME_KEY, text), startsWith(PATIENT.FIRST_NAME_KEY, text));
        } else {
            // "last first" and "first last" (each a prefix), or the last name starts with all of it ("de souza")
            String first = text.substring(0, space);
            String rest = text.substring(space + 1);
            branches = List.of(
                    startsWith(PATIENT.LAST_NAME_KEY, first).and(startsWith(PATIENT.FIRST_NAME_KEY, rest)),
                    startsWith(PATIENT.LAST_NAME_KEY, text),
                    startsWith(PATIENT.FIRST_NAME_KEY, first).and(startsWith(PATIENT.LAST_NAME_KEY, rest)));
        }
        Condition page = after == null ? DSL.noCondition() : nameAfter(clinic, after);
        org.jooq.Select<Record10<UUID, String, String, String, LocalDate, Boolean, String, String, String, String>> union = null;
        Condition earlier = null;
        for (Condition branch : branches) {
            // each branch one range of a name index, read in the page's order and stopped at its size;
            // a patient matching two branches is the first one's alone
            var read = tx.select(PATIENT.ID, PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME, PATIENT.DATE_OF_BIRTH,
                            PATIENT.DATE_OF_BIRTH_APPROXIMATE, PATIENT.GENDER, PATIENT.PHONE, PATIENT.LAST_NAME_KEY,
                            PATIENT.FIRST_NAME_KEY)
                    .from(PATIENT)
                    .where(PATIENT.CLINIC_ID.eq(clinic.value()), branch, earlier == null ? DSL.noCondition() : DSL.not(earlier), page)
                    .orderBy(NAME_ORDER)
                    .limit(limit);
            union = union == null ? read : union.unionAll(read);
            earlier = earlier == null ? branch : earlier.or(branch);
        }
        var found = union.asTable("found");
        return tx.select(found.field(PATIENT.ID), found.field(PATIENT.CODE), found.field(PATIENT.FIRST_NAME),
                        found.field(PATIENT.LAST_NAME), found.field(PATIENT.DATE_OF_BIRTH),
                        found.field(PATIENT.DATE_OF_BIRTH_APPROXIMATE), found.field(PATIENT.GENDER), found.field(PATIENT.PHONE))
                .from(found)
                .orderBy(found.field(PATIENT.LAST_NAME_KEY), found.field(PATIENT.FIRST_NAME_KEY), found.field(PATIENT.ID))
                .limit(limit);
    }

    /** After the patient {@code after} in the alphabetical order (the previous page's last one). */
    private static Condition nameAfter(ClinicId clinic, UUID after) {
        Patient cursor = PATIENT.as("cursor");
        return DSL.row(PATIENT.LAST_NAME_KEY, PATIENT.FIRST_NAME_KEY, PATIENT.ID)
                .gt(DSL.select(cursor.LAST_NAME_KEY, cursor.FIRST_NAME_KEY, cursor.ID).from(cursor)
                        .where(cursor.CLINIC_ID.eq(clinic.value()), cursor.ID.eq(after)));
    }

    public static List<PatientQueries.PatientSummary> run(DSLContext tx, ClinicId clinic, Criteria criteria, UUID after,
                                                          int limit) {
        return query(tx, clinic, criteria, after, limit)
                .fetch(r -> new PatientQueries.PatientSummary(r.value1(), r.value2(), r.value3(), r.value4(),
                        r.value5(), r.value6(), r.value7(), r.value8()));
    }

    /**
     * A search's audit event, in the search's transaction: the patients it showed (ids) and how
     * it was read -- by name, code or phone -- never what was typed, which is patient data itself.
     */
    public static void audit(AuditLog audit, DSLContext tx, ClinicId clinic, AuditContext who, Criteria criteria,
                             List<PatientQueries.PatientSummary> shown) {
        audit.recordList(tx, clinic, who, "patient.search", AuditLog.Outcome.SUCCESS,
                shown.stream().map(PatientQueries.PatientSummary::id).toList(),
                AuditLog.patients(shown.size()) + (criteria.kind() == Kind.ALL ? " listed, no search"
                        : " found by " + criteria.kind().label()));
    }

    /** key starts with lower(prefix): lowered by the database, exactly as the key was. */
    private static Condition startsWith(Field<String> key, String prefix) {
        return key.ge(DSL.lower(DSL.val(prefix))).and(key.lt(DSL.lower(DSL.val(prefix + LAST_CHARACTER))));
    }
}
