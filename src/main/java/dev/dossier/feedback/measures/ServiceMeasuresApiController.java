package dev.dossier.feedback.measures;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.Permission;
import dev.dossier.shared.Formats;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The service measures over REST: {@code GET /api/v1/reports/service}, the same figures as the page. */
@RestController
@Tag(name = "Reports")
@SecurityRequirement(name = "bearer")
class ServiceMeasuresApiController {

    private final ServiceMeasures measures;
    private final Formats formats;
    private final Clock clock;

    ServiceMeasuresApiController(ServiceMeasures measures, Formats formats, Clock clock) {
        this.measures = measures;
        this.formats = formats;
        this.clock = clock;
    }

    @Permission(area = Access.Area.CASES, operation = Operation.READ)
    @GetMapping("/api/v1/reports/service")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Service measures",
            description = "Over the cases opened in the period that the caller's scope covers: complaints per 100 "
                    + "active customers per period, defect reports per 1,000 units sold per product and version, "
                    + "median and 90th percentile of the hours to the first response and to resolution (elapsed "
                    + "hours) by kind, team and priority, SLA compliance, reopen rate, CSAT average and answers, "
                    + "and the categories that rose most against the period of equal length before. The period "
                    + "defaults to the last twelve months, by month.")
    ServiceReport report(
            @Parameter(description = "First day")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate from,
            @Parameter(description = "Last day, inclusive")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate to,
            @Parameter(description = "month (default) or week") @RequestParam(required = false) String granularity,
            @RequestParam(required = false) UUID teamId,
            @Parameter(description = "DEFECT, COMPLAINT, EXPERIENCE, SERVICE_QUALITY, SUGGESTION or INQUIRY")
                    @RequestParam(required = false)
                    String kind,
            @Parameter(description = "LOW, NORMAL, HIGH or URGENT") @RequestParam(required = false) String priority,
            @RequestParam(required = false) UUID productId) {
        var filter = new ServiceFilter(from, to, granularity, teamId, kind, priority, productId)
                .resolve(LocalDate.now(clock.withZone(formats.zone())));
        return measures.report(filter, formats.zone());
    }
}
