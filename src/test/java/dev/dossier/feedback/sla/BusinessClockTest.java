package dev.dossier.feedback.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Business time on work calendars: nights, weekends, lunch, holidays, make-up days, time zones, pauses. */
class BusinessClockTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    /** Mon–Fri with a lunch break; National Day week 2026 off, with its two make-up days. */
    static final WorkCalendar CHINA = WorkCalendar.of("Asia/Shanghai", "MON-FRI 09:00-12:00,13:30-18:00")
            .withHolidays(dates("2026-10-01", 7))
            .withWorkdays(LocalDate.parse("2026-09-27"), LocalDate.parse("2026-10-10"));

    static final BusinessClock CN = new BusinessClock(CHINA);

    static LocalDate[] dates(String first, int days) {
        var start = LocalDate.parse(first);
        var result = new LocalDate[days];
        for (int i = 0; i < days; i++) {
            result[i] = start.plusDays(i);
        }
        return result;
    }

    static Instant at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    static Instant cn(String localDateTime) {
        return at(localDateTime, SHANGHAI);
    }

    static Duration hours(double h) {
        return Duration.ofSeconds(Math.round(h * 3600));
    }

    @Test
    void withinADayAcrossLunchAndAcrossTheNight() {
        assertThat(CN.plus(cn("2026-11-23T10:00"), hours(1))).isEqualTo(cn("2026-11-23T11:00"));
        assertThat(CN.plus(cn("2026-11-23T11:30"), hours(1)))
                .as("lunch does not count")
                .isEqualTo(cn("2026-11-23T14:00"));
        assertThat(CN.plus(cn("2026-11-23T17:00"), hours(2)))
                .as("the night does not count")
                .isEqualTo(cn("2026-11-24T10:00"));
        assertThat(CN.plus(cn("2026-11-23T17:00"), hours(1)))
                .as("due at the close, not the next morning")
                .isEqualTo(cn("2026-11-23T18:00"));
        assertThat(CN.between(cn("2026-11-23T11:30"), cn("2026-11-23T14:00"))).isEqualTo(hours(1));
        assertThat(CN.between(cn("2026-11-23T17:00"), cn("2026-11-24T10:00"))).isEqualTo(hours(2));
    }

    @Test
    void weekendsDoNotCount() {
        assertThat(CN.plus(cn("2026-11-27T17:00"), hours(2))).isEqualTo(cn("2026-11-30T10:00"));
        assertThat(CN.between(cn("2026-11-27T17:00"), cn("2026-11-30T10:00"))).isEqualTo(hours(2));
        assertThat(CN.plus(cn("2026-11-23T09:00"), hours(7.5 * 5 + 1)))
                .as("a whole week and an hour")
                .isEqualTo(cn("2026-11-30T10:00"));
    }

    @Test
    void aStartOutsideWorkingTimeCountsFromTheNextWorkingMoment() {
        assertThat(CN.plus(cn("2026-11-28T10:00"), Duration.ofMinutes(30)))
                .as("Saturday")
                .isEqualTo(cn("2026-11-30T09:30"));
        assertThat(CN.plus(cn("2026-11-23T07:00"), hours(1)))
                .as("early morning")
                .isEqualTo(cn("2026-11-23T10:00"));
        assertThat(CN.plus(cn("2026-11-23T12:30"), hours(1))).as("at lunch").isEqualTo(cn("2026-11-23T14:30"));
        assertThat(CN.plus(cn("2026-11-23T23:00"), hours(1))).as("at night").isEqualTo(cn("2026-11-24T10:00"));
        assertThat(CN.between(cn("2026-11-28T10:00"), cn("2026-11-29T10:00")))
                .as("a weekend is empty")
                .isZero();
        assertThat(CN.isWorking(cn("2026-11-23T12:30"))).isFalse();
        assertThat(CN.isWorking(cn("2026-11-23T13:30"))).isTrue();
    }

    @Test
    void nationalDayIsOffAndItsMakeUpDaysAreWorked() {
        assertThat(CN.plus(cn("2026-09-30T17:00"), hours(2)))
                .as("the week of holidays is skipped")
                .isEqualTo(cn("2026-10-08T10:00"));
        assertThat(CN.plus(cn("2026-09-25T17:00"), hours(2)))
                .as("Sunday 27 September is worked")
                .isEqualTo(cn("2026-09-27T10:00"));
        assertThat(CN.plus(cn("2026-10-09T17:00"), hours(2)))
                .as("Saturday 10 October is worked")
                .isEqualTo(cn("2026-10-10T10:00"));
        assertThat(CN.between(cn("2026-09-30T09:00"), cn("2026-10-12T09:00")))
                .as("30 September, 8, 9 and 10 October")
                .isEqualTo(hours(4 * 7.5));
        assertThat(CN.between(cn("2026-09-26T00:00"), cn("2026-10-11T00:00")))
                .as("Sun 27, Mon 28 to Wed 30, Thu 8, Fri 9, Sat 10")
                .isEqualTo(hours(7 * 7.5));
    }

    @Test
    void theSameMomentOnCalendarsInDifferentZones() {
        var london = new BusinessClock(WorkCalendar.of("Europe/London", "MON-FRI 09:00-17:30"));
        var mondayMorningInShanghai = Instant.parse("2026-11-23T02:00:00Z");
        assertThat(CN.plus(mondayMorningInShanghai, hours(1))).isEqualTo(Instant.parse("2026-11-23T03:00:00Z"));
        assertThat(london.plus(mondayMorningInShanghai, hours(1)))
                .as("London has not started yet")
                .isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(london.between(Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-24T00:00:00Z")))
                .isEqualTo(hours(8.5));
    }

    @Test
    void londonChangesItsClocks() {
        var london = new BusinessClock(WorkCalendar.of("Europe/London", "MON-FRI 09:00-17:00"));
        assertThat(london.plus(at("2026-03-27T16:00", LONDON), hours(2)))
                .as("across the spring change")
                .isEqualTo(at("2026-03-30T10:00", LONDON))
                .isEqualTo(Instant.parse("2026-03-30T09:00:00Z"));
        assertThat(london.plus(at("2026-10-23T16:00", LONDON), hours(2)))
                .as("across the autumn change")
                .isEqualTo(Instant.parse("2026-10-26T10:00:00Z"));
        var always = new BusinessClock(WorkCalendar.of("Europe/London", "MON-SUN 00:00-24:00"));
        assertThat(always.between(at("2026-03-29T00:00", LONDON), at("2026-03-30T00:00", LONDON)))
                .as("the spring Sunday has 23 hours")
                .isEqualTo(hours(23));
        assertThat(always.between(at("2026-10-25T00:00", LONDON), at("2026-10-26T00:00", LONDON)))
                .as("the autumn Sunday has 25 hours")
                .isEqualTo(hours(25));
        var random = new Random(7);
        var origin = Instant.parse("2025-06-01T00:00:00Z");
        for (int i = 0; i < 500; i++) {
            var a = origin.plusSeconds(random.nextInt(2 * 365 * 86400));
            var b = a.plusSeconds(random.nextInt(400 * 86400));
            assertThat(always.between(a, b))
                    .as("round the clock, business time is real time")
                    .isEqualTo(Duration.between(a, b));
            assertThat(always.plus(a, Duration.between(a, b))).isEqualTo(b);
        }
    }

    @Test
    void aPauseMovesTheDueTimeByTheWorkingTimeSpentWaiting() {
        var opened = cn("2026-11-23T09:00");
        var due = CN.plus(opened, hours(4));
        assertThat(due).isEqualTo(cn("2026-11-23T14:30"));
        var paused = cn("2026-11-23T10:00");
        var resumed = cn("2026-11-24T10:00");
        var moved = CN.plus(due, CN.between(paused, resumed));
        assertThat(moved).isEqualTo(cn("2026-11-24T14:30"));
        assertThat(CN.between(resumed, moved))
                .as("as much time left as when it was paused")
                .isEqualTo(CN.between(paused, due))
                .isEqualTo(hours(3));

        var random = new Random(11);
        var origin = cn("2026-08-01T00:00");
        for (int i = 0; i < 500; i++) {
            var open = origin.plusSeconds(random.nextInt(120 * 86400));
            var target = CN.plus(open, Duration.ofMinutes(1 + random.nextInt(60 * 40)));
            var pause = open.plusSeconds(random.nextInt(10 * 86400));
            var resume = pause.plusSeconds(random.nextInt(20 * 86400));
            if (pause.isAfter(target)) {
                continue;
            }
            var after = CN.plus(target, CN.between(pause, resume));
            assertThat(CN.between(resume, after)).isEqualTo(CN.between(pause, target));
        }
    }

    @Test
    void betweenInvertsPlusOverManyRandomCases() {
        var random = new Random(42);
        var origin = cn("2025-01-01T00:00");
        for (int i = 0; i < 5000; i++) {
            var a = origin.plusSeconds(random.nextInt(3 * 365 * 86400)).plusNanos(random.nextInt(1_000_000_000));
            var d = Duration.ofSeconds(random.nextInt(i % 10 == 0 ? 20_000 * 3600 : 300 * 3600));
            var b = CN.plus(a, d);
            assertThat(CN.between(a, b)).as("from %s plus %s", a, d).isEqualTo(d);
            assertThat(CN.between(b, a)).isEqualTo(d.negated());
        }
    }

    @Test
    void agreesWithCountingDayByDay() {
        var random = new Random(5);
        var origin = cn("2025-06-01T00:00");
        for (int i = 0; i < 300; i++) {
            var a = origin.plusSeconds(random.nextInt(2 * 365 * 86400));
            var b = a.plusSeconds(random.nextInt(2 * 365 * 86400));
            assertThat(CN.between(a, b)).isEqualTo(dayByDay(CHINA, a, b));
        }
    }

    @Test
    void longSpansAreFast() {
        var calendar = CHINA;
        for (int year = 2027; year < 2040; year++) {
            calendar = calendar.withHolidays(
                    LocalDate.of(year, 1, 1), LocalDate.of(year, 5, 1), LocalDate.of(year, 10, 1));
        }
        var clock = new BusinessClock(calendar);
        var start = cn("2026-01-05T09:00");
        long started = System.nanoTime();
        Instant end = null;
        for (int i = 0; i < 1000; i++) {
            end = clock.plus(start, hours(20_000 + i));
        }
        long micros = (System.nanoTime() - started) / 1000 / 1000;
        assertThat(clock.between(start, end)).isEqualTo(hours(20_999));
        assertThat(end).isAfter(cn("2036-01-01T00:00"));
        assertThat(micros).as("microseconds per ten-year plus").isLessThan(2000);
    }

    @Test
    void aCalendarWithoutWorkingTimeSaysSo() {
        var empty = new BusinessClock(WorkCalendar.of("Asia/Shanghai", ""));
        assertThatThrownBy(() -> empty.plus(cn("2026-11-23T09:00"), hours(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no working time");
        assertThat(empty.between(cn("2026-11-23T09:00"), cn("2027-11-23T09:00")))
                .isZero();
        var onlyMakeUp = new BusinessClock(new WorkCalendar(
                SHANGHAI,
                java.util.Map.of(),
                java.util.Set.of(),
                java.util.Map.of(LocalDate.parse("2026-12-05"), DayHours.parse("10:00-12:00"))));
        assertThat(onlyMakeUp.plus(cn("2026-11-23T09:00"), hours(1))).isEqualTo(cn("2026-12-05T11:00"));
        assertThatThrownBy(() -> onlyMakeUp.plus(cn("2026-11-23T09:00"), hours(3)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void weekHoursReadAndWriteTheSameWay() {
        var week =
                WorkCalendar.parseWeek("MON 09:00-12:00,13:30-18:00; TUE-FRI 13:30-18:00,09:00-12:00\nSAT 10:00-14:00");
        assertThat(WorkCalendar.formatWeek(week)).isEqualTo("MON-FRI 09:00-12:00,13:30-18:00;SAT 10:00-14:00");
        assertThat(WorkCalendar.parseWeek("MON-SUN 00:00-24:00").values()).hasSize(7);
        assertThatThrownBy(() -> WorkCalendar.parseWeek("MON 09:00-12:00,11:00-13:00"))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> WorkCalendar.parseWeek("MON 18:00-09:00")).hasMessageContaining("start before");
        assertThatThrownBy(() -> WorkCalendar.parseWeek("XYZ 09:00-10:00")).hasMessageContaining("day of the week");
        assertThatThrownBy(() -> WorkCalendar.parseWeek("MON 9-10")).hasMessageContaining("time of day");
        assertThatThrownBy(() -> WorkCalendar.parseWeek("MON 09:00-10:00;MON-TUE 11:00-12:00"))
                .hasMessageContaining("twice");
    }

    /** The plain way: every day from the first to the last, interval by interval. */
    static Duration dayByDay(WorkCalendar calendar, Instant from, Instant to) {
        var total = Duration.ZERO;
        for (var d = LocalDate.ofInstant(from, calendar.zone());
                !d.isAfter(LocalDate.ofInstant(to, calendar.zone()));
                d = d.plusDays(1)) {
            for (var s : calendar.hoursOn(d).spans()) {
                var start =
                        d.atStartOfDay(calendar.zone()).plusSeconds(s.from()).toInstant();
                var end = d.atStartOfDay(calendar.zone()).plusSeconds(s.to()).toInstant();
                start = start.isBefore(from) ? from : start;
                end = end.isAfter(to) ? to : end;
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }
}
