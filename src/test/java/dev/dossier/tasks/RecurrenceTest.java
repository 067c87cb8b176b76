package dev.dossier.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dossier.tasks.Recurrence.Frequency;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The repeat rules a task accepts, and the dates they give. */
class RecurrenceTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static ZonedDateTime at(String date) {
        return ZonedDateTime.of(java.time.LocalDate.parse(date).atTime(9, 30), SHANGHAI);
    }

    @Test
    void readsTheSupportedFormsInAnyOrderAndCase() {
        assertThat(Recurrence.parse("FREQ=DAILY;INTERVAL=90")).isEqualTo(new Recurrence(Frequency.DAILY, 90, null));
        assertThat(Recurrence.parse("interval=2;freq=weekly")).isEqualTo(new Recurrence(Frequency.WEEKLY, 2, null));
        assertThat(Recurrence.parse("RRULE:FREQ=MONTHLY;BYMONTHDAY=15"))
                .isEqualTo(new Recurrence(Frequency.MONTHLY, 1, 15));
        assertThat(Recurrence.parse("FREQ=MONTHLY;INTERVAL=6").rule()).isEqualTo("FREQ=MONTHLY;INTERVAL=6");
        assertThat(Recurrence.parse("  ")).isNull();
        assertThat(Recurrence.parse(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "FREQ=DAILY;INTERVAL=90, 2026-11-20, 2027-02-18",
        "FREQ=WEEKLY;INTERVAL=2, 2026-12-28, 2027-01-11",
        "FREQ=MONTHLY;INTERVAL=6, 2026-08-31, 2027-02-28",
        "FREQ=MONTHLY;INTERVAL=1, 2028-01-31, 2028-02-29",
        "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=15, 2026-11-20, 2026-12-15",
        "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=31, 2027-01-31, 2027-02-28",
        "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=31, 2027-02-28, 2027-03-31",
        "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=30, 2028-01-30, 2028-02-29",
        "FREQ=YEARLY;INTERVAL=1, 2028-02-29, 2029-02-28",
        "FREQ=YEARLY;INTERVAL=4, 2028-02-29, 2032-02-29",
        "FREQ=DAILY;INTERVAL=1, 2028-02-28, 2028-02-29"
    })
    void theNextDateCrossesMonthEndsAndLeapYears(String rule, String previous, String next) {
        var result = Recurrence.parse(rule).next(at(previous));
        assertThat(result).isEqualTo(at(next));
        assertThat(result.toLocalTime()).as("the time of day stays").isEqualTo(java.time.LocalTime.of(9, 30));
    }

    @Test
    void aLateCompletionSkipsOccurrencesAlreadyPast() {
        var every2Weeks = Recurrence.parse("FREQ=WEEKLY;INTERVAL=2");
        assertThat(every2Weeks.nextAfter(at("2026-11-02"), at("2026-11-20"))).isEqualTo(at("2026-11-30"));
        assertThat(every2Weeks.nextAfter(at("2026-11-02"), at("2026-11-03"))).isEqualTo(at("2026-11-16"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "FREQ=HOURLY;INTERVAL=1 | task.recurrence.frequency",
                "INTERVAL=3 | task.recurrence.frequency",
                "FREQ=DAILY;INTERVAL=0 | task.recurrence.interval",
                "FREQ=DAILY;INTERVAL=-3 | task.recurrence.interval",
                "FREQ=DAILY;INTERVAL=1001 | task.recurrence.interval",
                "FREQ=DAILY;INTERVAL=two | task.recurrence.interval",
                "FREQ=WEEKLY;BYMONTHDAY=3 | task.recurrence.month-day",
                "FREQ=MONTHLY;BYMONTHDAY=32 | task.recurrence.month-day",
                "FREQ=MONTHLY;BYMONTHDAY=0 | task.recurrence.month-day",
                "FREQ=WEEKLY;BYDAY=MO | task.recurrence.unsupported",
                "every 90 days | task.recurrence.malformed",
                "FREQ=DAILY;; | task.recurrence.malformed",
                "FREQ=DAILY;FREQ=WEEKLY | task.recurrence.malformed"
            })
    void malformedRulesSayWhatIsWrong(String rule, String code) {
        assertThatThrownBy(() -> Recurrence.parse(rule))
                .isInstanceOf(Recurrence.MalformedException.class)
                .satisfies(e ->
                        assertThat(((Recurrence.MalformedException) e).code()).isEqualTo(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FREQ=DAILY;INTERVAL=90", "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=15"})
    void rulesSayThemselvesInWords(String rule) {
        var words = Recurrence.parse(rule).describe();
        assertThat((String) words[0]).startsWith("task.recurrence.every.");
        assertThat(words[1]).isEqualTo(Recurrence.parse(rule).interval());
    }
}
