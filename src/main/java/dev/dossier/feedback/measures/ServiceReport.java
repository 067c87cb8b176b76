package dev.dossier.feedback.measures;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The service measures over the cases opened in a period, as the page, the CSV downloads and the API show them.
 * Times are elapsed hours from opening (time waiting on the customer included); rates are null where there is
 * nothing to divide by.
 *
 * @param filter the resolved filter
 * @param timeBasis {@code ELAPSED}: response and resolution times are wall-clock hours
 * @param activeCustomers customers in stage customer, at risk or won back that the reader's scope covers (today)
 * @param complaints complaints opened in the period
 * @param complaintRate complaints in the whole period per 100 active customers
 * @param totals every case of the period together
 * @param periods one row per month or week
 * @param byKind one row per kind
 * @param byTeam one row per team with cases, the most cases first ({@code key} empty: no team)
 * @param byPriority one row per priority
 * @param defects defect reports per product (version null: all its versions together), each followed by its
 *     versions
 * @param risingCategories the categories that rose most against the period of equal length before
 * @param nps the net promoter score, or null when no NPS survey results are available
 * @param figuresAsOf when the figures were worked out, when part of them came from the roll-up of the measures;
 *     null when every figure was read from the cases
 */
record ServiceReport(
        ServiceFilter filter,
        String timeBasis,
        long activeCustomers,
        long complaints,
        Double complaintRate,
        BreakdownRow totals,
        List<PeriodRow> periods,
        List<BreakdownRow> byKind,
        List<BreakdownRow> byTeam,
        List<BreakdownRow> byPriority,
        List<DefectRow> defects,
        List<CategoryRow> risingCategories,
        Integer nps,
        OffsetDateTime figuresAsOf) {

    /**
     * One month or week.
     *
     * @param label {@code 2024-03}, or the week's first day
     * @param first first day (clipped to the period)
     * @param last last day (clipped to the period)
     * @param cases cases opened
     * @param byKind cases opened per kind, in the kinds' order
     * @param complaints complaints opened
     * @param complaintRate complaints per 100 active customers
     * @param firstResponseCompliance percent of first responses in time
     * @param resolutionCompliance percent of resolved cases resolved in time
     */
    record PeriodRow(
            String label,
            LocalDate first,
            LocalDate last,
            long cases,
            Map<String, Long> byKind,
            long complaints,
            Double complaintRate,
            Double firstResponseCompliance,
            Double resolutionCompliance) {}

    /**
     * The figures of one kind, team or priority, or of all cases.
     *
     * @param dimension KIND, TEAM, PRIORITY or ALL
     * @param key the kind, priority or team id ({@code ""}: no team)
     * @param cases cases opened
     * @param responded cases with a first response
     * @param firstResponseMedianHours median hours to the first response
     * @param firstResponseP90Hours 90th percentile of the hours to the first response
     * @param resolved cases resolved
     * @param resolutionMedianHours median hours to resolution
     * @param resolutionP90Hours 90th percentile of the hours to resolution
     * @param firstResponseDue cases whose first response was due: answered, or unanswered past the due time
     * @param firstResponseCompliance percent of those answered in time
     * @param resolutionDue resolved cases that had a resolution due time
     * @param resolutionCompliance percent of those resolved in time
     * @param everResolved cases resolved at least once
     * @param reopened cases reopened at least once
     * @param reopenRate reopened of ever resolved, percent
     * @param csatAverage average satisfaction answer (1–5)
     * @param csatResponses satisfaction answers
     */
    record BreakdownRow(
            String dimension,
            String key,
            long cases,
            long responded,
            Double firstResponseMedianHours,
            Double firstResponseP90Hours,
            long resolved,
            Double resolutionMedianHours,
            Double resolutionP90Hours,
            long firstResponseDue,
            Double firstResponseCompliance,
            long resolutionDue,
            Double resolutionCompliance,
            long everResolved,
            long reopened,
            Double reopenRate,
            Double csatAverage,
            long csatResponses) {}

    /**
     * Defect reports about one version of a product, or about the product as a whole (all versions, and reports
     * that name no version).
     *
     * @param productId product
     * @param product its name
     * @param versionId version, or null
     * @param version its name, or null
     * @param defects defect reports opened in the period
     * @param unitsSold units sold in the months the period touches, or null when none were entered
     * @param perThousandUnits defects per 1,000 units, or null without units
     */
    record DefectRow(
            UUID productId,
            String product,
            UUID versionId,
            String version,
            long defects,
            Long unitsSold,
            Double perThousandUnits) {}

    /**
     * A category whose reports rose.
     *
     * @param category category
     * @param current reports in the period
     * @param previous reports in the period of equal length before
     * @param increase current − previous
     * @param growthPercent increase in percent of previous, or null when there were none before
     */
    record CategoryRow(String category, long current, long previous, long increase, Double growthPercent) {}
}
