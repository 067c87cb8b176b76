package dev.dossier.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.util.List;
import org.hibernate.validator.constraints.Range;
import org.junit.jupiter.api.Test;

class FieldRulesTest {

    record Draft(
            @NotNull @Size(max = 5) String name,
            @OneOf(DayOfWeek.class) String day,
            List<@OneOf(DayOfWeek.class) String> days,

            @Max(value = 10, message = "{demo.count.too-many}")
            Integer count) {

        Draft {
            name = Inputs.trim(name);
        }
    }

    @Test
    void aValidDraftHasNoProblems() {
        assertThat(FieldRules.check("demo.field", new Draft("  Ann ", "MONDAY", List.of("FRIDAY"), 10)))
                .isEmpty();
        assertThat(FieldRules.check("demo.field", new Draft("Ann", null, null, null)))
                .isEmpty();
    }

    @Test
    void eachBrokenRuleIsReportedWithTheModulesKeyAndItsArguments() {
        var problems = FieldRules.check("demo.field", new Draft("   ", "FUNDAY", List.of("MONDAY", "NODAY"), 11));

        assertThat(problems)
                .extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("count", "demo.count.too-many"),
                        org.assertj.core.groups.Tuple.tuple("day", "demo.field.unknown-option"),
                        org.assertj.core.groups.Tuple.tuple("days[1]", "demo.field.unknown-option"),
                        org.assertj.core.groups.Tuple.tuple("name", "demo.field.required"));
        assertThat(FieldRules.check("demo.field", new Draft("Annabel", null, null, null)))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.code()).isEqualTo("demo.field.too-long");
                    assertThat(p.args()).containsExactly(5);
                });
    }

    @Test
    void requireThrowsWithEveryProblem() {
        assertThatThrownBy(() -> FieldRules.require("demo.field", new Draft(null, "X", null, null)))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).problems()).hasSize(2));
    }

    record Link(
            @WebAddress(message = "{demo.url.invalid}") String url,

            @Range(min = 1, max = 60, message = "{demo.minutes.range}")
            Integer minutes) {}

    @Test
    void aWebAddressIsHttpOrHttpsWithAHostAndNoCredentials() {
        assertThat(FieldRules.check("demo.field", new Link("https://example.com/a?b=1", null)))
                .isEmpty();
        assertThat(FieldRules.check("demo.field", new Link("http://example.com", null)))
                .isEmpty();
        for (var bad : List.of("ftp://example.com", "https://", "example.com", "https://u:p@example.com", "a b")) {
            assertThat(FieldRules.check("demo.field", new Link(bad, null)))
                    .as(bad)
                    .extracting(FieldProblem::field, FieldProblem::code)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("url", "demo.url.invalid"));
        }
    }

    @Test
    void aRangeReportsItsLowestAndHighestValue() {
        assertThat(FieldRules.check("demo.field", new Link(null, 60))).isEmpty();
        assertThat(FieldRules.check("demo.field", new Link(null, 0)))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.code()).isEqualTo("demo.minutes.range");
                    assertThat(p.args()).containsExactly(1L, 60L);
                });
    }

    record Note(
            @NoControlCharacters String title,
            @NoControlCharacters(lines = true) String text) {}

    @Test
    void controlCharactersAreRefusedButLineBreaksWhereLinesAreAllowed() {
        assertThat(FieldRules.check("demo.field", new Note("Call back", "First line\r\n\tsecond line")))
                .isEmpty();
        assertThat(FieldRules.check("demo.field", new Note("Call\nback", "Ring\u0007")))
                .extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("text", "field.control-characters"),
                        org.assertj.core.groups.Tuple.tuple("title", "field.control-characters"));
    }

    @Test
    void aChoiceIsTheConstantOrNothing() {
        assertThat(Inputs.choice(DayOfWeek.class, " MONDAY ")).isEqualTo(DayOfWeek.MONDAY);
        assertThat(Inputs.choice(DayOfWeek.class, "FUNDAY")).isNull();
        assertThat(Inputs.choice(DayOfWeek.class, " ")).isNull();
    }
}
