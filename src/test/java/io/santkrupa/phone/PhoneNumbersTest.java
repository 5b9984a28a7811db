package io.santkrupa.phone;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the desk types, read with the clinic's default country; stored E.164; shown the clinic's way. */
class PhoneNumbersTest {

    private final PhoneNumbers india = PhoneNumbers.of("IN");

    @Test
    void every_way_of_typing_one_indian_mobile_is_the_same_e164() {
        for (String typed : new String[] {"+91 98200 11001", "98200 11001", "9820011001", "098200 11001",
                "+919820011001", "0091 98200 11001", "+91-98200-11001", " (+91) 98200 11001 "}) {
            assertThat(india.read(typed)).as(typed).isEqualTo(new PhoneNumbers.Valid("+919820011001"));
        }
    }

    @Test
    void a_number_without_country_code_belongs_to_the_clinics_country() {
        assertThat(PhoneNumbers.of("GB").e164("07400 123456")).contains("+447400123456");
        assertThat(india.e164("020 2555 0101")).contains("+912025550101");
        // with a country code, wherever the clinic is
        assertThat(india.e164("+33 6 12 34 56 78")).contains("+33612345678");
    }

    @Test
    void what_is_no_valid_number_is_refused_with_a_message_that_shows_how() {
        for (String typed : new String[] {"11001", "+91 22", "12ab", "call me", "98200 1100", "+91 98200 11001 ext 5",
                "9".repeat(31), "+"}) {
            assertThat(india.read(typed)).as(typed).isInstanceOf(PhoneNumbers.Refused.class);
        }
        assertThat(((PhoneNumbers.Refused) india.read("12345")).message())
                .isEqualTo("Not a valid phone number. Type it as it is dialled in India (e.g. 081234 56789), "
                        + "or with + and the country code (e.g. +91 81234 56789).");
        assertThat(((PhoneNumbers.Refused) india.read("9".repeat(31))).message()).isEqualTo("Use at most 30 characters.");
    }

    @Test
    void the_clinics_own_numbers_are_shown_nationally_others_internationally() {
        assertThat(india.shown("+919820011001")).isEqualTo("098200 11001");
        assertThat(india.shown("+33612345678")).isEqualTo("+33 6 12 34 56 78");
        assertThat(PhoneNumbers.of("FR").shown("+33612345678")).isEqualTo("06 12 34 56 78");
        assertThat(PhoneNumbers.of("FR").shown("+919820011001")).isEqualTo("+91 98200 11001");
        // a value kept as typed before numbers were normalised; no number at all
        assertThat(india.shown("12345 678")).isEqualTo("12345 678");
        assertThat(india.shown("")).isEmpty();
    }

    @Test
    void only_countries_with_a_numbering_plan_are_default_countries() {
        assertThat(PhoneNumbers.isCountry("IN")).isTrue();
        assertThat(PhoneNumbers.isCountry("in")).isFalse();
        assertThat(PhoneNumbers.isCountry("XX")).isFalse();
        assertThat(PhoneNumbers.isCountry(null)).isFalse();
        assertThatThrownBy(() -> PhoneNumbers.of("ZZ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(india.countryName()).isEqualTo("India");
    }
}
