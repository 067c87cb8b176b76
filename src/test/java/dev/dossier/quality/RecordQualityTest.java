package dev.dossier.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.customers.CustomerFacts.Facts;
import dev.dossier.quality.RecordQuality.Check;
import dev.dossier.quality.RecordQuality.Issue;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordQualityTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    private static Facts company(String grade, boolean decisionMaker, String region, String province) {
        return new Facts(
                UUID.randomUUID(),
                "COMPANY",
                grade,
                "CUSTOMER",
                false,
                null,
                true,
                region,
                province,
                true,
                true,
                "CN",
                "310000",
                1,
                1,
                0,
                0,
                null,
                2,
                decisionMaker,
                null,
                null,
                OffsetDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void aCompleteCurrentRecordScoresOneHundred() {
        var assessment = RecordQuality.assess(company("VIP", true, "EAST_CHINA", "浙江省"), TODAY);
        assertThat(assessment.issues()).isEmpty();
        assertThat(assessment.score()).isEqualTo(100);
    }

    @Test
    void whatAVipLacksAndWhatDisagreesIsListedAndLowersTheScore() {
        var assessment = RecordQuality.assess(company("VIP", false, "NORTH_CHINA", "浙江省"), TODAY);
        assertThat(assessment.issues())
                .extracting(Issue::check)
                .containsExactlyInAnyOrder(Check.DECISION_MAKER, Check.REGION_AGREES);
        assertThat(assessment.issues().stream()
                        .filter(i -> i.check() == Check.REGION_AGREES)
                        .findFirst()
                        .orElseThrow()
                        .args())
                .containsExactly("EAST_CHINA");
        assertThat(assessment.score()).isBetween(60, 99);
        // An ordinary company needs no decision maker.
        assertThat(RecordQuality.assess(company("ORDINARY", false, "EAST_CHINA", "浙江省"), TODAY)
                        .issues())
                .isEmpty();
    }

    @Test
    void invalidValuesAndStaleRecordsAreFlagged() {
        var stale = new Facts(
                UUID.randomUUID(),
                "INDIVIDUAL",
                "IMPORTANT",
                "CUSTOMER",
                true,
                LocalDate.of(2030, 1, 1),
                false,
                "EAST_CHINA",
                "上海市",
                true,
                false,
                "CN",
                "20003",
                2,
                1,
                1,
                1,
                false,
                0,
                false,
                null,
                null,
                OffsetDateTime.of(2025, 1, 1, 9, 0, 0, 0, ZoneOffset.UTC));
        var assessment = RecordQuality.assess(stale, TODAY);
        assertThat(assessment.issues())
                .extracting(Issue::check)
                .containsExactlyInAnyOrder(
                        Check.ADDRESS,
                        Check.PHONE_VALID,
                        Check.EMAIL_VALID,
                        Check.ID_DOCUMENT_VALID,
                        Check.BIRTH_DATE_VALID,
                        Check.POSTAL_CODE_VALID,
                        Check.FRESH);
        assertThat(assessment.score()).isLessThan(40);
    }
}
