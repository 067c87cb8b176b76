package dev.dossier.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @ParameterizedTest
    @CsvSource({
        "'138 1234 5678', +8613812345678",
        "'138-1234-5678', +8613812345678",
        "'+86 138 1234 5678', +8613812345678",
        "'(0571) 8765 4321', +8657187654321",
        "'010-6552 1234', +861065521234",
        "'+852 2123 4567', +85221234567",
        "'+44 20 7946 0958', +442079460958",
        "'１３８１２３４５６７８', +8613812345678"
    })
    void readsWhatPeopleTypeAndStoresE164(String typed, String e164) {
        assertThat(PhoneNumber.parse(typed, "CN").e164()).isEqualTo(e164);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "12345",
                "abc",
                "138 1234 567",
                "+86 000 0000 0000",
                "1381234567812345678901234567890123456789012"
            })
    void refusesWhatIsNotAPhoneNumber(String typed) {
        assertThatThrownBy(() -> PhoneNumber.parse(typed, "CN"))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code())
                .isEqualTo("phone.invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void refusesNothing(String typed) {
        assertThatThrownBy(() -> PhoneNumber.parse(typed, "CN")).hasMessageContaining("No phone");
    }

    @ParameterizedTest
    @CsvSource({
        "+8613812345678, CN, 138 1234 5678",
        "+8657187654321, CN, 0571 8765 4321",
        "+85221234567, CN, +852 2123 4567"
    })
    void isShownAsPeopleAtHomeWriteIt(String e164, String region, String shown) {
        assertThat(new PhoneNumber(e164).formatted(region)).isEqualTo(shown);
    }

    @org.junit.jupiter.api.Test
    void knowsItsNationalDigits() {
        var phone = new PhoneNumber("+8657187654321");
        assertThat(phone.nationalDigits()).isEqualTo("57187654321");
        assertThat(phone.nationalFormatted()).isEqualTo("0571 8765 4321");
        assertThat(phone.digits()).isEqualTo("8657187654321");
    }

    /**
     * Reading the E.164 digits directly gives what libphonenumber's parser gives, for every region's example numbers
     * of every type, the non-geographic ones, and numbers with leading zeros after the calling code.
     */
    @org.junit.jupiter.api.Test
    void readingTheDigitsDirectlyMatchesTheParser() throws Exception {
        var util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
        var numbers = new java.util.ArrayList<com.google.i18n.phonenumbers.Phonenumber.PhoneNumber>();
        for (var region : util.getSupportedRegions()) {
            for (var type : com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType.values()) {
                var example = util.getExampleNumberForType(region, type);
                if (example != null) {
                    numbers.add(example);
                }
            }
        }
        for (int code : util.getSupportedGlobalNetworkCallingCodes()) {
            var example = util.getExampleNumberForNonGeoEntity(code);
            if (example != null) {
                numbers.add(example);
            }
        }
        int compared = 0;
        var e164s = new java.util.ArrayList<String>();
        for (var n : numbers) {
            e164s.add(util.format(n, com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat.E164));
        }
        e164s.addAll(
                java.util.List.of("+390612345678", "+3900123456", "+225012345678", "+8613812345678", "+85221234567"));
        for (var e164 : e164s) {
            if (!e164.matches("\\+[1-9][0-9]{6,14}")) {
                continue;
            }
            var number = new PhoneNumber(e164);
            assertThat(number.parsed()).as(e164).isEqualTo(util.parse(e164, "ZZ"));
            assertThat(number.formatted("CN"))
                    .as(e164)
                    .isEqualTo(util.format(
                            util.parse(e164, "ZZ"),
                            "CN".equals(util.getRegionCodeForNumber(util.parse(e164, "ZZ")))
                                    ? com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat.NATIONAL
                                    : com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL));
            compared++;
        }
        assertThat(compared).isGreaterThan(1_000);
    }
}
