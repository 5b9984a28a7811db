package io.santkrupa.web.session;

import com.fasterxml.jackson.core.type.TypeReference;
import io.santkrupa.db.ClinicId;
import io.santkrupa.web.Form;
import io.santkrupa.web.Json;
import org.jooq.DSLContext;
import org.jooq.JSONB;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.FORM_DRAFT;

/**
 * What a person typed into a form and has not saved yet, kept for them alone (V050). A draft
 * is named by the page it is on and the form's name there ({@link Key}); its fields are the
 * form's text fields as typed. Never passwords, files or the CSRF token: only the fields the
 * form itself marks as worth keeping reach here ({@link #fieldsOf}).
 */
public final class FormDrafts {

    /** How long an unsaved draft is kept. */
    public static final Duration KEPT_FOR = Duration.ofHours(24);
    static final int MAX_FIELDS = 60;
    static final int MAX_VALUE = 10_000;
    static final int MAX_TOTAL = 64 * 1024;
    /** The form field that names a form's draft: {@code <page path>#<form>}. */
    public static final String FIELD = "_draft";

    private static final Pattern PAGE = Pattern.compile("^/clinic/[a-z0-9-]+/[A-Za-z0-9/_-]*$");
    private static final Pattern FORM = Pattern.compile("^[a-z][a-z0-9-]{0,39}$");
    private static final Pattern FIELD_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_.-]{0,63}$");

    /** A form of a page: {@code /clinic/{slug}/visits/{id}#note}. */
    public record Key(String page, String form) {
        /** The key a form names in its {@code _draft} field, if it is one of {@code slug}'s pages. */
        public static Optional<Key> parse(String value, String slug) {
            if (value == null || value.length() > 300) {
                return Optional.empty();
            }
            int hash = value.indexOf('#');
            if (hash < 0) {
                return Optional.empty();
            }
            String page = value.substring(0, hash);
            String form = value.substring(hash + 1);
            if (!PAGE.matcher(page).matches() || !FORM.matcher(form).matches() || !page.startsWith("/clinic/" + slug + "/")
                    || page.contains("//")) {
                return Optional.empty();
            }
            return Optional.of(new Key(page, form));
        }
    }

    /** A kept draft: the fields as typed and when. */
    public record Draft(String form, Map<String, String> fields, OffsetDateTime savedAt) {
    }

    private final Clock clock;

    public FormDrafts(Clock clock) {
        this.clock = clock;
    }

    /**
     * The fields of a posted form worth keeping, or empty when there are none or they are more
     * than a draft takes: names as forms write them, at most {@value #MAX_FIELDS} fields of
     * {@value #MAX_VALUE} characters, {@value #MAX_TOTAL} in all, each passing the input rule.
     * The form's own machinery (its CSRF token, its draft name, a password) is never kept.
     */
    public static Optional<Map<String, String>> fieldsOf(Map<String, List<String>> posted) {
        Map<String, String> fields = new LinkedHashMap<>();
        int total = 0;
        for (var entry : posted.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith("_") || name.toLowerCase(java.util.Locale.ROOT).contains("password")) {
                continue;
            }
            if (!FIELD_NAME.matcher(name).matches() || entry.getValue().size() != 1) {
                return Optional.empty();
            }
            String value = entry.getValue().getFirst();
            total += name.length() + value.length();
            if (value.length() > MAX_VALUE || !Form.storableText(value) || fields.size() >= MAX_FIELDS || total > MAX_TOTAL) {
                return Optional.empty();
            }
            fields.put(name, value);
        }
        return fields.isEmpty() ? Optional.empty() : Optional.of(fields);
    }

    /** Keeps (or replaces) the user's draft of {@code key}; drops their drafts that have expired. */
    public void keep(DSLContext tx, ClinicId clinic, UUID userId, Key key, Map<String, String> fields) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.deleteFrom(FORM_DRAFT).where(FORM_DRAFT.CLINIC_ID.eq(clinic.value()), FORM_DRAFT.USER_ID.eq(userId),
                FORM_DRAFT.EXPIRES_AT.le(now)).execute();
        JSONB json = JSONB.valueOf(Json.write(fields));
        tx.insertInto(FORM_DRAFT)
                .set(FORM_DRAFT.CLINIC_ID, clinic.value()).set(FORM_DRAFT.ID, io.santkrupa.db.Ids.newId())
                .set(FORM_DRAFT.USER_ID, userId)
                .set(FORM_DRAFT.PAGE, key.page()).set(FORM_DRAFT.FORM, key.form())
                .set(FORM_DRAFT.FIELDS, json).set(FORM_DRAFT.SAVED_AT, now).set(FORM_DRAFT.EXPIRES_AT, now.plus(KEPT_FOR))
                .onConflict(FORM_DRAFT.CLINIC_ID, FORM_DRAFT.USER_ID, FORM_DRAFT.PAGE, FORM_DRAFT.FORM)
                .doUpdate().set(FORM_DRAFT.FIELDS, json).set(FORM_DRAFT.SAVED_AT, now)
                .set(FORM_DRAFT.EXPIRES_AT, now.plus(KEPT_FOR))
                .execute();
    }

    /** The user's unexpired drafts of the forms of {@code page}. */
    public List<Draft> ofPage(DSLContext tx, ClinicId clinic, UUID userId, String page) {
        return tx.select(FORM_DRAFT.FORM, FORM_DRAFT.FIELDS, FORM_DRAFT.SAVED_AT).from(FORM_DRAFT)
                .where(FORM_DRAFT.CLINIC_ID.eq(clinic.value()), FORM_DRAFT.USER_ID.eq(userId), FORM_DRAFT.PAGE.eq(page),
                        FORM_DRAFT.EXPIRES_AT.gt(OffsetDateTime.now(clock)))
                .orderBy(FORM_DRAFT.FORM)
                .fetch(r -> new Draft(r.value1(), fieldsFrom(r.value2()), r.value3()));
    }

    private static Map<String, String> fieldsFrom(JSONB json) {
        try {
            return Json.MAPPER.readValue(json.data(), new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored draft is not an object of texts", e);
        }
    }

    /** Forgets the user's draft of {@code key} (its form was saved, or they discarded it). */
    public void discard(DSLContext tx, ClinicId clinic, UUID userId, Key key) {
        tx.deleteFrom(FORM_DRAFT)
                .where(FORM_DRAFT.CLINIC_ID.eq(clinic.value()), FORM_DRAFT.USER_ID.eq(userId),
                        FORM_DRAFT.PAGE.eq(key.page()), FORM_DRAFT.FORM.eq(key.form()))
                .execute();
    }
}
