package io.santkrupa.adversarial;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * One change jqwik makes to a valid request: what to attack, which of the request's fields or
 * parameters ({@code slot}, taken modulo their number), the hostile value, and {@code variant}
 * choosing among an attack's forms (which content type, which framing lie, which upload lie).
 */
record Mutation(Attack attack, int slot, Hostile value, int variant) {

    enum Attack {
        /** a field (a JSON member, nested ones too; a form field) gets the hostile value */
        FIELD_VALUE,
        /** a field the request does not have: a hostile name, or a hostile value */
        EXTRA_FIELD,
        /** a field twice, once hostile */
        DUPLICATE_FIELD,
        /** a field left out */
        DROP_FIELD,
        /** arrays in arrays, deeper than any parser should follow */
        DEEP_NESTING,
        /** an array of thousands of hostile values */
        HUGE_ARRAY,
        /** the body as a whole: empty, not an object, cut short, with a BOM, in UTF-16, padded past the limit */
        WHOLE_BODY,
        /** percent-escapes that decode to nothing valid */
        BAD_ESCAPES,
        /** thousands of fields */
        MANY_FIELDS,
        /** a content type that does not match the body */
        CONTENT_TYPE,
        /** a query parameter (documented or not) gets the hostile value */
        QUERY,
        /** an id in the path gets the hostile value */
        PATH,
        /** If-Match, Idempotency-Key or another header gets the hostile value, raw bytes included */
        HEADER,
        /** a file that lies about its type, name or size */
        UPLOAD,
        /** the HTTP framing lies: chunk sizes, Content-Length, both at once */
        TRANSPORT
    }

    static Arbitrary<Mutation> any() {
        @SuppressWarnings("unchecked")
        Arbitrary<Attack> attack = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(Attack.FIELD_VALUE)),
                Tuple.of(2, Arbitraries.just(Attack.EXTRA_FIELD)),
                Tuple.of(2, Arbitraries.just(Attack.DUPLICATE_FIELD)),
                Tuple.of(1, Arbitraries.just(Attack.DROP_FIELD)),
                Tuple.of(1, Arbitraries.just(Attack.DEEP_NESTING)),
                Tuple.of(1, Arbitraries.just(Attack.HUGE_ARRAY)),
                Tuple.of(2, Arbitraries.just(Attack.WHOLE_BODY)),
                Tuple.of(1, Arbitraries.just(Attack.BAD_ESCAPES)),
                Tuple.of(1, Arbitraries.just(Attack.MANY_FIELDS)),
                Tuple.of(2, Arbitraries.just(Attack.CONTENT_TYPE)),
                Tuple.of(3, Arbitraries.just(Attack.QUERY)),
                Tuple.of(3, Arbitraries.just(Attack.PATH)),
                Tuple.of(2, Arbitraries.just(Attack.HEADER)),
                Tuple.of(3, Arbitraries.just(Attack.UPLOAD)),
                Tuple.of(1, Arbitraries.just(Attack.TRANSPORT)));
        return Combinators.combine(attack, Arbitraries.integers().between(0, 1_000), Hostile.any(),
                Arbitraries.integers().between(0, 1_000)).as(Mutation::new);
    }

    @Override
    public String toString() {
        return attack + "[slot " + slot + ", variant " + variant + "] " + value;
    }
}
