package dev.dossier.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void keepsTheLocalPartAndLowersTheDomain() {
        assertThat(EmailAddress.of("  Wang.Qiang@YunQi.Example.COM ").value())
                .isEqualTo("Wang.Qiang@yunqi.example.com");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "a@b",
                "@example.com",
                "a@.example.com",
                "a..b@example.com",
                "a b@example.com",
                "a@example..com",
                "a.@example.com",
                "<script>@example.com"
            })
    void refusesWhatIsNotAnAddress(String text) {
        assertThatThrownBy(() -> EmailAddress.of(text)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void refusesOverLongAddresses() {
        assertThatThrownBy(() -> EmailAddress.of("a".repeat(250) + "@example.com"))
                .isInstanceOf(InvalidValueException.class);
    }
}
