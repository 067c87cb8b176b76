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
}
