package dev.dossier.interactions;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.Permission;
import dev.dossier.shared.Formats;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The channel report over REST: {@code /api/v1/reports/channels}. */
@RestController
@Tag(name = "Reports", description = "Read-only figures: contacts per channel, service measures")
@SecurityRequirement(name = "bearer")
class ReportApiController {

    /**
     * One channel's figures.
     *
     * @param channel channel
     * @param interactions number of contacts
     * @param averageSatisfaction average of the known satisfactions, or null
     * @param rated how many had a satisfaction
     * @param followUpsSucceeded follow-ups that succeeded
     * @param followUpsFailed follow-ups that did not
     * @param followUpSuccessRate succeeded / (succeeded + failed), or null
     */
    record ChannelFigures(
            Channel channel,
            long interactions,
            Double averageSatisfaction,
            long rated,
            long followUpsSucceeded,
            long followUpsFailed,
            Double followUpSuccessRate) {}

    /** The report: its period and every channel's figures. */
    record ChannelReport(LocalDate from, LocalDate to, UUID teamId, UUID ownerId, List<ChannelFigures> channels) {}

    private final InteractionReports reports;
    private final Formats formats;
    private final Clock clock;

    ReportApiController(InteractionReports reports, Formats formats, Clock clock) {
        this.reports = reports;
        this.formats = formats;
        this.clock = clock;
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.READ)
    @GetMapping("/api/v1/reports/channels")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Channel effectiveness",
            description = "Per channel: contacts, average satisfaction and follow-up success rate in the period, "
                    + "over the interactions the caller's scope covers. The period defaults to this year.")
    ChannelReport channels(
            @Parameter(description = "First day")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate from,
            @Parameter(description = "Last day, inclusive")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate to,
            @RequestParam(required = false) UUID teamId,
            @RequestParam(required = false) UUID ownerId) {
        var p = new ReportPeriod(from == null && to == null ? "year" : "custom", from, to, teamId, ownerId)
                .resolve(LocalDate.now(clock.withZone(formats.zone())));
        return new ChannelReport(
                p.from(),
                p.to(),
                teamId,
                ownerId,
                reports.channels(p).stream()
                        .map(r -> new ChannelFigures(
                                r.channel(),
                                r.interactions(),
                                r.averageSatisfaction(),
                                r.rated(),
                                r.succeeded(),
                                r.failed(),
                                r.successRate()))
                        .toList());
    }
}
