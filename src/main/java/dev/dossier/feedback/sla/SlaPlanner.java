package dev.dossier.feedback.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Plans a case's service level: finds the policy for its kind, customer grade and priority and counts its targets in
 * business time on the policy's work calendar; moves due times on when a paused case resumes.
 */
@Component
class SlaPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(SlaPlanner.class);

    /**
     * What a case is promised.
     *
     * @param policyId the policy that applies
     * @param firstResponseDue when the first response is due
     * @param resolutionDue when the resolution is due
     * @param warnBefore how long before a due time the assignee is warned (business time)
     */
    public record SlaPlan(UUID policyId, Instant firstResponseDue, Instant resolutionDue, Duration warnBefore) {}

    private final SlaPolicies policies;
    private final WorkCalendars calendars;

    SlaPlanner(SlaPolicies policies, WorkCalendars calendars) {
        this.policies = policies;
        this.calendars = calendars;
    }

    /** The plan for a case opened at {@code openedAt}, or empty when no active policy matches it. */
    @Transactional
    public Optional<SlaPlan> plan(String kind, String grade, String priority, Instant openedAt) {
        return policies.match(kind, grade, priority).flatMap(p -> {
            try {
                var clock = calendars.clock(p.calendarId());
                return Optional.of(new SlaPlan(
                        p.id(),
                        clock.plus(openedAt, minutes(p.firstResponseMinutes())),
                        clock.plus(openedAt, minutes(p.resolutionMinutes())),
                        minutes(p.warnBeforeMinutes())));
            } catch (IllegalStateException e) {
                LOG.warn("SLA policy {} cannot be planned: {}", p.id(), e.getMessage());
                return Optional.empty();
            }
        });
    }

    /**
     * The due time moved later by the business time between {@code pausedAt} and {@code resumedAt} on the calendar
     * of the policy, so that the case has as much working time left as when it was paused.
     */
    @Transactional
    public Instant resume(UUID policyId, Instant due, Instant pausedAt, Instant resumedAt) {
        if (due == null || pausedAt == null || resumedAt == null || !resumedAt.isAfter(pausedAt)) {
            return due;
        }
        var calendarId = policyId == null
                ? null
                : policies.findAny(policyId)
                        .map(SlaPolicies.SlaPolicy::calendarId)
                        .orElse(null);
        var clock = calendars.clock(calendarId);
        try {
            return clock.plus(due, clock.between(pausedAt, resumedAt));
        } catch (IllegalStateException e) {
            return due.plus(Duration.between(pausedAt, resumedAt));
        }
    }

    /**
     * The business time left until a due time on the policy's calendar: negative once it has passed. Shows how much
     * time a case has left, counting only working time.
     */
    @Transactional
    public Duration left(UUID policyId, Instant due, Instant now) {
        return clock(policyId).between(now, due);
    }

    /** The business clock a policy counts on (the default calendar's for none). */
    @Transactional
    public BusinessClock clock(UUID policyId) {
        var calendarId = policyId == null
                ? null
                : policies.findAny(policyId)
                        .map(SlaPolicies.SlaPolicy::calendarId)
                        .orElse(null);
        return calendars.clock(calendarId);
    }

    private static Duration minutes(int minutes) {
        return Duration.ofMinutes(minutes);
    }
}
