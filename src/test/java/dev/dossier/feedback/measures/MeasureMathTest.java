package dev.dossier.feedback.measures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The arithmetic behind the service measures: percentiles from bucketed durations, NPS, the periods. */
class MeasureMathTest {

    private static Durations of(double... minutes) {
        var d = new Durations();
        Arrays.stream(minutes).forEach(d::add);
        return d;
    }

    @Test
    void shortDurationsGiveTheExactMedianAndP90AsPercentileContWould() {
        // 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 minutes: median between 50 and 60, p90 at 9 × 0.9 = 8.1.
        var d = of(100, 10, 90, 20, 80, 30, 70, 40, 60, 50);
        assertThat(d.count()).isEqualTo(10);
        assertThat(d.quantile(0.5)).isEqualTo(55.0);
        assertThat(d.quantile(0.9)).isCloseTo(91.0, within(1e-9));
        assertThat(of(5, 1, 3).quantile(0.5)).isEqualTo(3.0);
        assertThat(of(42).quantile(0.9)).isEqualTo(42.0);
    }

    @Test
    void longDurationsAreExactWhenAloneInTheirBucketAndOtherwiseWithinTwoPercent() {
        // 2, 5, 8, 24, 48 hours: median 8 h, p90 at 4 × 0.9 = 3.6 → 24 + 0.6 × 24 = 38.4 h.
        var d = of(120, 300, 480, 1440, 2880);
        assertThat(d.quantile(0.5)).isCloseTo(480.0, within(1e-9));
        assertThat(d.medianHours()).isEqualTo(8.0);
        assertThat(d.p90Hours()).isEqualTo(38.4);
        // 1,000 durations spread evenly from 2 to 50 hours.
        var spread = new Durations();
        for (int i = 0; i < 1000; i++) {
            spread.add(120 + i * 2.88);
        }
        assertThat(spread.quantile(0.5)).isCloseTo(120 + 499.5 * 2.88, within((120 + 499.5 * 2.88) * 0.02));
        assertThat(spread.quantile(0.9)).isCloseTo(120 + 899.1 * 2.88, within((120 + 899.1 * 2.88) * 0.02));
        for (double m = 1; m < 500_000; m *= 1.013) {
            assertThat(Durations.minutes(Durations.bucket(m))).isCloseTo(m, within(m * 0.01));
        }
    }

    @Test
    void histogramsOfSeveralGroupsAddUp() {
        var all = new Durations().addAll(of(10, 20)).addAll(of(30));
        assertThat(all.count()).isEqualTo(3);
        assertThat(all.quantile(0.5)).isEqualTo(20.0);
        assertThat(new Durations().quantile(0.5)).isNull();
        assertThat(new Durations().medianHours()).isNull();
    }

    @Test
    void npsIsPromotersMinusDetractorsInPoints() {
        assertThat(Nps.score(5, 3, 2)).isEqualTo(30);
        assertThat(Nps.score(0, 0, 4)).isEqualTo(-100);
        assertThat(Nps.score(0, 0, 0)).isNull();
        assertThat(Nps.group(10)).isEqualTo("PROMOTER");
        assertThat(Nps.group(7)).isEqualTo("PASSIVE");
        assertThat(Nps.group(6)).isEqualTo("DETRACTOR");
    }

    @Test
    void periodsDefaultToTheLastTwelveMonthsSplitIntoMonthsOrWeeks() {
        var today = LocalDate.of(2025, 5, 14);
        var f = new ServiceFilter(null, null, null, null, "NOPE", null, null).resolve(today);
        assertThat(f.from()).isEqualTo(LocalDate.of(2024, 5, 15));
        assertThat(f.to()).isEqualTo(today);
        assertThat(f.kind()).isNull();
        assertThat(f.slots()).hasSize(13);
        assertThat(f.slots().getFirst())
                .isEqualTo(new ServiceFilter.Slot(LocalDate.of(2024, 5, 15), LocalDate.of(2024, 5, 31)));
        assertThat(f.slots().getLast().label(false)).isEqualTo("2025-05");
        var weeks = new ServiceFilter(
                        LocalDate.of(2025, 3, 5), LocalDate.of(2025, 3, 20), "week", null, null, null, null)
                .resolve(today);
        assertThat(weeks.slots())
                .extracting(s -> s.label(true))
                .containsExactly("2025-03-05", "2025-03-10", "2025-03-17");
        assertThat(weeks.previous().from()).isEqualTo(LocalDate.of(2025, 2, 17));
        assertThat(weeks.previous().to()).isEqualTo(LocalDate.of(2025, 3, 4));
    }
}
