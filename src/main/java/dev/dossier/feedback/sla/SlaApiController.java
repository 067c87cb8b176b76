package dev.dossier.feedback.sla;

import dev.dossier.customers.Grade;
import dev.dossier.feedback.CaseKind;
import dev.dossier.feedback.CasePriority;
import dev.dossier.feedback.sla.SlaPolicies.PolicyDraft;
import dev.dossier.feedback.sla.SlaPolicies.SlaPolicy;
import dev.dossier.feedback.sla.WorkCalendars.Calendar;
import dev.dossier.feedback.sla.WorkCalendars.CalendarDraft;
import dev.dossier.feedback.sla.WorkCalendars.SpecialDay;
import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ETags;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.ValidationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** SLA policies ({@code /api/v1/sla-policies}) and work calendars ({@code /api/v1/work-calendars}) over REST. */
@RestController
@Tag(name = "Service levels", description = "SLA policies and the work calendars their clocks run on")
@SecurityRequirement(name = "bearer")
class SlaApiController {

    /**
     * A policy to create or change.
     *
     * @param version the version as read (changes; or send If-Match)
     * @param name name, at most 200 characters
     * @param kind DEFECT, COMPLAINT, EXPERIENCE, SERVICE_QUALITY, SUGGESTION, INQUIRY, or null / ANY
     * @param grade POTENTIAL, ORDINARY, IMPORTANT, VIP, or null / ANY
     * @param priority LOW, NORMAL, HIGH, URGENT, or null / ANY
     * @param firstResponseMinutes business minutes to the first response
     * @param resolutionMinutes business minutes to the resolution, at least the first response
     * @param warnBeforeMinutes business minutes before a due time that the assignee is warned (default 60)
     * @param calendarId work calendar, or null for the default one
     * @param notifyManager on a breach, notify the assignee's manager or the team (default true)
     * @param raisePriority on a breach, raise the priority one step (default false)
     * @param escalateToUserId on a breach, reassign to this user
     * @param escalateToTeamId on a breach, reassign to this team
     * @param active applies to new cases (default true)
     */
    @Schema(requiredProperties = {"name"})
    record PolicyPayload(
            Integer version,
            String name,
            @Schema(implementation = CaseKind.class) String kind,
            @Schema(implementation = Grade.class) String grade,
            @Schema(implementation = CasePriority.class) String priority,
            Integer firstResponseMinutes,
            Integer resolutionMinutes,
            Integer warnBeforeMinutes,
            UUID calendarId,
            Boolean notifyManager,
            Boolean raisePriority,
            UUID escalateToUserId,
            UUID escalateToTeamId,
            Boolean active) {

        PolicyDraft draft() {
            return new PolicyDraft(
                    name,
                    kind,
                    grade,
                    priority,
                    firstResponseMinutes,
                    resolutionMinutes,
                    warnBeforeMinutes,
                    calendarId,
                    notifyManager,
                    raisePriority,
                    escalateToUserId,
                    escalateToTeamId,
                    active);
        }
    }

    /**
     * A calendar to create or change.
     *
     * @param version the version as read (changes; or send If-Match)
     * @param name name, at most 100 characters
     * @param zone time zone, e.g. Asia/Shanghai
     * @param weekHours e.g. {@code MON-FRI 09:00-12:00,13:30-18:00;SAT 10:00-14:00}
     * @param isDefault make it the default calendar
     * @param days holidays (kind HOLIDAY) and make-up working days (kind WORKDAY, optional hours); on a change the
     *     whole list, or null to keep it
     */
    record CalendarPayload(
            Integer version, String name, String zone, String weekHours, Boolean isDefault, List<SpecialDay> days) {

        CalendarDraft draft() {
            return new CalendarDraft(name, zone, weekHours, isDefault, days);
        }
    }

    /**
     * What a case would be promised.
     *
     * @param policy the policy that applies, or null for no SLA
     * @param firstResponseDue when its first response would be due
     * @param resolutionDue when its resolution would be due
     */
    record PlanResource(SlaPolicy policy, Instant firstResponseDue, Instant resolutionDue) {}

    /**
     * A moment some business time after another on a calendar.
     *
     * @param from the start
     * @param minutes business minutes
     * @param due the moment
     */
    record DueResource(Instant from, int minutes, Instant due) {}

    private final SlaPolicies policies;
    private final WorkCalendars calendars;
    private final SlaPlanner planner;
    private final MessageSource messages;
    private final Clock clock;

    SlaApiController(
            SlaPolicies policies, WorkCalendars calendars, SlaPlanner planner, MessageSource messages, Clock clock) {
        this.policies = policies;
        this.calendars = calendars;
        this.planner = planner;
        this.messages = messages;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ policies

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/sla-policies")
    @Operation(summary = "SLA policies", description = "Active ones first, most specific first; deleted ones left out.")
    List<SlaPolicy> listPolicies() {
        return policies.list();
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/sla-policies/{id}")
    @Operation(summary = "An SLA policy", description = "With its version as ETag.")
    ResponseEntity<SlaPolicy> getPolicy(@PathVariable UUID id) {
        var p = policies.get(id);
        return ResponseEntity.ok().eTag(ETags.of(p.version())).body(p);
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/sla-policies/match")
    @Operation(
            summary = "The policy and due times a case would get",
            description = "The most specific active "
                    + "policy for the kind, customer grade and priority wins; openedAt defaults to now. Without a match, "
                    + "policy and due times are null: the case has no SLA.")
    PlanResource match(
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String grade,
            @RequestParam(required = false) String priority,
            @RequestParam(required = false) OffsetDateTime openedAt) {
        var at = openedAt == null ? Instant.now(clock) : openedAt.toInstant();
        var policy = policies.match(kind, grade, priority);
        var plan = planner.plan(kind, grade, priority, at);
        return new PlanResource(
                policy.orElse(null),
                plan.map(SlaPlanner.SlaPlan::firstResponseDue).orElse(null),
                plan.map(SlaPlanner.SlaPlan::resolutionDue).orElse(null));
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/sla-policies")
    @Operation(
            summary = "Create an SLA policy",
            description = "Two active policies cannot name the same kind, " + "grade and priority.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<SlaPolicy> createPolicy(@RequestBody PolicyPayload payload) {
        var p = policies.create(payload.draft());
        return ResponseEntity.created(URI.create("/api/v1/sla-policies/" + p.id()))
                .eTag(ETags.of(p.version()))
                .body(p);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/sla-policies/recommended")
    @Operation(
            summary = "Add the recommended policies",
            description = "A standard promise and faster ones for "
                    + "urgent and high priority, complaints, defects, important and VIP customers; those whose combination "
                    + "already has an active policy are left out. Answers how many were added.")
    Map<String, Integer> addRecommended() {
        var locale = LocaleContextHolder.getLocale();
        int added = policies.addRecommended(code -> messages.getMessage("sla.recommended." + code, null, code, locale));
        return Map.of("added", added);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/sla-policies/{id}")
    @Operation(
            summary = "Change an SLA policy",
            description = "Needs If-Match or the version as read. Cases "
                    + "already planned keep their due times; active=false retires the policy.")
    ResponseEntity<SlaPolicy> updatePolicy(
            @PathVariable UUID id,
            @RequestBody PolicyPayload payload,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = policies.get(id);
        int version = ETags.expectedVersion(ifMatch, payload.version(), current.version());
        var p = policies.update(id, version, payload.draft());
        return ResponseEntity.ok().eTag(ETags.of(p.version())).body(p);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @DeleteMapping("/api/v1/sla-policies/{id}")
    @Operation(
            summary = "Delete an SLA policy",
            description = "Cases already planned keep their due times; " + "If-Match optional.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> deletePolicy(
            @PathVariable UUID id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = policies.get(id);
        Integer version = ifMatch == null ? null : ETags.expectedVersion(ifMatch, null, current.version());
        policies.delete(id, version);
        return ResponseEntity.noContent().build();
    }

    // ------------------------------------------------------------------ calendars

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/work-calendars")
    @Operation(
            summary = "Work calendars",
            description = "The default first; the standard calendar (Monday to "
                    + "Friday 09:00-18:00, Asia/Shanghai) is created on first use.")
    List<Calendar> listCalendars() {
        return calendars.list();
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/work-calendars/{id}")
    @Operation(summary = "A work calendar", description = "With its holidays and make-up days; version as ETag.")
    ResponseEntity<Calendar> getCalendar(@PathVariable UUID id) {
        var c = calendars.get(id);
        return ResponseEntity.ok().eTag(ETags.of(c.version())).body(c);
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/work-calendars/{id}/due")
    @Operation(
            summary = "When business time runs out",
            description = "The moment the given business minutes "
                    + "after from (default now) on this calendar: what a case opened then would be due at.")
    DueResource due(
            @PathVariable UUID id, @RequestParam int minutes, @RequestParam(required = false) OffsetDateTime from) {
        if (minutes < 1 || minutes > SlaPolicies.MAX_MINUTES) {
            throw new ValidationException(
                    List.of(new FieldProblem("minutes", "sla.policy.minutes.range", 1, SlaPolicies.MAX_MINUTES)));
        }
        var start = from == null ? Instant.now(clock) : from.toInstant();
        var calendar = calendars.get(id);
        return new DueResource(
                start, minutes, new BusinessClock(calendar.toWorkCalendar()).plus(start, Duration.ofMinutes(minutes)));
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/work-calendars")
    @Operation(summary = "Create a work calendar")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Calendar> createCalendar(@RequestBody CalendarPayload payload) {
        var c = calendars.create(payload.draft());
        return ResponseEntity.created(URI.create("/api/v1/work-calendars/" + c.id()))
                .eTag(ETags.of(c.version()))
                .body(c);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/work-calendars/{id}")
    @Operation(
            summary = "Change a work calendar",
            description = "Needs If-Match or the version as read; days, when "
                    + "given, replace the holidays and make-up days. Cases already planned keep their due times.")
    ResponseEntity<Calendar> updateCalendar(
            @PathVariable UUID id,
            @RequestBody CalendarPayload payload,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = calendars.get(id);
        int version = ETags.expectedVersion(ifMatch, payload.version(), current.version());
        var c = calendars.update(id, version, payload.draft());
        return ResponseEntity.ok().eTag(ETags.of(c.version())).body(c);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @DeleteMapping("/api/v1/work-calendars/{id}")
    @Operation(
            summary = "Delete a work calendar",
            description = "Not the default one, nor one a policy counts on " + "(422). If-Match optional.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> deleteCalendar(
            @PathVariable UUID id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = calendars.get(id);
        Integer version = ifMatch == null ? null : ETags.expectedVersion(ifMatch, null, current.version());
        calendars.delete(id, version);
        return ResponseEntity.noContent().build();
    }
}
