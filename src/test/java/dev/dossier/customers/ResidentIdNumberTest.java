package dev.dossier.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The check character of the 18-character resident identity number. */
class ResidentIdNumberTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @Test
    void acceptsNumbersWithTheirCheckCharacter() {
        assertThat(ResidentIdNumber.valid("11010519491231002X", TODAY)).isTrue();
        assertThat(ResidentIdNumber.valid("440524188001010014", TODAY)).isFalse();
        assertThat(ResidentIdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        var base = "32010619900307123";
        assertThat(ResidentIdNumber.valid(base + ResidentIdNumber.checkCharacter(base), TODAY))
                .isTrue();
    }

    @Test
    void rejectsAWrongCheckCharacterLengthOrBirthDate() {
        assertThat(ResidentIdNumber.valid("110105194912310021", TODAY)).isFalse();
        assertThat(ResidentIdNumber.valid("11010519491231002", TODAY)).isFalse();
        assertThat(ResidentIdNumber.valid("11010519491231002x", TODAY))
                .as("upper case is the validator's job")
                .isFalse();
        var badDate = "11010519490231002";
        assertThat(ResidentIdNumber.valid(badDate + ResidentIdNumber.checkCharacter(badDate), TODAY))
                .isFalse();
        var future = "11010520300101002";
        assertThat(ResidentIdNumber.valid(future + ResidentIdNumber.checkCharacter(future), TODAY))
                .isFalse();
    }
}
