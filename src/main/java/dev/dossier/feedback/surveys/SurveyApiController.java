package dev.dossier.feedback.surveys;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Surveys over REST: {@code /api/v1/surveys} lists and creates NPS surveys and reads their results and CSAT. */
@RestController
@Tag(name = "Surveys", description = "Satisfaction surveys (NPS) and their results")
@SecurityRequirement(name = "bearer")
class SurveyApiController {

    /**
     * Survey results.
     *
     * @param csat CSAT of the period
     * @param surveys NPS surveys, newest first
     */
    record Overview(SurveyManagement.CsatSummary csat, List<SurveyManagement.Survey> surveys) {}

    private final SurveyManagement surveys;
    private final Clock clock;

    SurveyApiController(SurveyManagement surveys, Clock clock) {
        this.surveys = surveys;
        this.clock = clock;
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/surveys")
    @Operation(
            summary = "CSAT of a period and the NPS surveys with their results",
            description = "days: the CSAT period, counted back from now (default 90). Each NPS survey gives "
                    + "invited, answered, promoters (9–10), passives (7–8), detractors (0–6) and the NPS.")
    Overview list(@RequestParam(defaultValue = "90") int days) {
        var from = OffsetDateTime.now(clock).minusDays(Math.clamp(days, 1, 3660));
        return new Overview(surveys.csat(from), surveys.surveys());
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/surveys/{id}")
    @Operation(summary = "An NPS survey with its results")
    SurveyManagement.Survey get(@PathVariable UUID id) {
        return surveys.survey(id);
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.CREATE)
    @PostMapping("/api/v1/surveys")
    @Operation(
            summary = "Send an NPS survey to a segment",
            description = "Every customer the caller reaches in "
                    + "the segment (grades, stages, types as codes, tag by name; empty filters match all) with an email "
                    + "address gets a one-time link, valid 14 days, to answer 0–10 and a comment.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<SurveyManagement.Survey> create(@RequestBody SurveyManagement.NpsDraft payload) {
        var survey = surveys.createNps(payload);
        return ResponseEntity.created(URI.create("/api/v1/surveys/" + survey.id()))
                .body(survey);
    }
}
