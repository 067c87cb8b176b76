package dev.dossier.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Dates and times as old systems and spreadsheets write them. */
class ImportDatesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static String at(String text) {
        var moment = ImportDates.parseDateTime(text, SHANGHAI);
        return moment == null
                ? null
                : moment.atZoneSameInstant(SHANGHAI).toLocalDateTime().toString();
    }

    @Test
    void datesInTheirUsualForms() {
        assertThat(ImportDates.parse("2024/3/5")).isEqualTo(LocalDate.of(2024, 3, 5));
        assertThat(ImportDates.parse("2024年3月5日")).isEqualTo(LocalDate.of(2024, 3, 5));
        assertThat(ImportDates.parse("20240305")).isEqualTo(LocalDate.of(2024, 3, 5));
        assertThat(ImportDates.parse("45356")).isEqualTo(LocalDate.of(2024, 3, 5));
        assertThat(ImportDates.parse("05/03/2024")).isNull();
        assertThat(ImportDates.parse("2024-02-30")).isNull();
    }

    @Test
    void timesInTheOrganisationsZoneUnlessTheTextGivesAnOffset() {
        assertThat(at("2024-03-05 14:30")).isEqualTo("2024-03-05T14:30");
        assertThat(at("2024/3/5 9:05:07")).isEqualTo("2024-03-05T09:05:07");
        assertThat(at("2024-03-05T14:30:00")).isEqualTo("2024-03-05T14:30");
        assertThat(at("２０２４年３月５日 下午2:30")).isEqualTo("2024-03-05T14:30");
        assertThat(at("2024年3月5日 14时30分")).isEqualTo("2024-03-05T14:30");
        assertThat(at("2024-03-05 2:30 PM")).isEqualTo("2024-03-05T14:30");
        assertThat(at("2024-03-05 12:10 AM")).isEqualTo("2024-03-05T00:10");
        assertThat(at("2024-03-05")).isEqualTo("2024-03-05T00:00");
        assertThat(at("45356.5")).isEqualTo("2024-03-05T12:00");
        assertThat(ImportDates.parseDateTime("2024-03-05T06:30:00Z", SHANGHAI))
                .isEqualTo(OffsetDateTime.parse("2024-03-05T06:30:00Z"));
        assertThat(at("2024-03-05 25:00")).isNull();
        assertThat(at("yesterday")).isNull();
        assertThat(at("")).isNull();
    }
}
