package dev.dossier.feedback.sla;

import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.db.InLists;
import dev.dossier.db.tables.records.FeedbackCaseRecord;
import dev.dossier.feedback.CasePriority;
import dev.dossier.feedback.SlaEvents.CaseEscalated;
import dev.dossier.feedback.SlaEvents.CaseSlaWarned;
import dev.dossier.feedback.SlaTarget;
import dev.dossier.feedback.cases.CaseDeadlines;
import dev.dossier.feedback.cases.CaseManagement;
import dev.dossier.feedback.cases.FeedbackCase;
import dev.dossier.identity.UserDirectory;
import dev.dossier.jobs.Recurring;
import dev.dossier.shared.Actor;
import dev.dossier.shared.Formats;
import dev.dossier.shared.NotificationRequested;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Watches the SLA due times of open cases. A background job (one instance at a time, every {@code dossier.sla.poll},
 * default 30 s) claims the cases that need something with {@code FOR UPDATE SKIP LOCKED} in a short transaction, so
 * that two runs never handle the same case: a case whose business time left has fallen to its policy's warning lead time warns
 * its assignee (or team) once; a case past a due time is marked breached and escalated once: the assignee's manager
 * (or the team) is told, and as the policy says, the priority goes up a step and the case is given to someone else.
 * Cases waiting on the customer and cases no longer active are left alone.
 */
@Component
class SlaMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(SlaMonitor.class);
    private static final int BATCH = 200;

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final SlaPolicies policies;
    private final WorkCalendars calendars;
    private final CaseManagement cases;
    private final CaseDeadlines deadlines;
    private final UserDirectory users;
    private final Formats formats;
    private final Clock clock;

    SlaMonitor(
            DSLContext db,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            SlaPolicies policies,
            WorkCalendars calendars,
            CaseManagement cases,
            CaseDeadlines deadlines,
            UserDirectory users,
            Formats formats,
            Clock clock) {
        this.db = db;
        this.transactions = transactions;
        this.events = events;
        this.policies = policies;
        this.calendars = calendars;
        this.cases = cases;
        this.deadlines = deadlines;
        this.users = users;
        this.formats = formats;
        this.clock = clock;
    }

    @Recurring(name = "sla-monitor", fixedDelay = "${dossier.sla.poll:30s}")
    void poll() {
        int handled;
        do {
            handled = check();
        } while (handled == BATCH);
    }

    /** Handles one batch of the cases that need a warning or an escalation now; answers how many. */
    int check() {
        var now = Instant.now(clock);
        Integer handled = transactions.execute(tx -> {
            var at = time(now);
            Condition firstLate = FEEDBACK_CASE
                    .FIRST_RESPONSE_BREACHED
                    .isFalse()
                    .and(FEEDBACK_CASE.FIRST_RESPONDED_AT.isNull())
                    .and(FEEDBACK_CASE.FIRST_RESPONSE_DUE_AT.le(at));
            Condition resolutionLate =
                    FEEDBACK_CASE.RESOLUTION_BREACHED.isFalse().and(FEEDBACK_CASE.RESOLUTION_DUE_AT.le(at));
            var thresholds = warnThresholds(now);
            // The latest moment any case could need something by: lets the database use its due-time indexes.
            var horizon = thresholds.values().stream()
                    .max(OffsetDateTime::compareTo)
                    .filter(t -> t.isAfter(at))
                    .orElse(at);
            var ids = db.select(FEEDBACK_CASE.ID)
                    .from(FEEDBACK_CASE)
                    .where(FEEDBACK_CASE.ACTIVE.isTrue())
                    .and(FEEDBACK_CASE
                            .RESOLUTION_DUE_AT
                            .le(horizon)
                            .or(FEEDBACK_CASE
                                    .FIRST_RESPONDED_AT
                                    .isNull()
                                    .and(FEEDBACK_CASE.FIRST_RESPONSE_DUE_AT.le(horizon))))
                    .and(FEEDBACK_CASE.DELETED_AT.isNull())
                    .and(FEEDBACK_CASE.SLA_PAUSED_AT.isNull())
                    .and(FEEDBACK_CASE.STATUS.ne("WAITING"))
                    .and(FEEDBACK_CASE.SLA_POLICY_ID.isNotNull())
                    .and(firstLate
                            .or(resolutionLate)
                            .or(FEEDBACK_CASE
                                    .WARNED_AT
                                    .isNull()
                                    .and(FEEDBACK_CASE.ESCALATED_AT.isNull())
                                    .and(warningDue(thresholds))))
                    .orderBy(FEEDBACK_CASE.RESOLUTION_DUE_AT, FEEDBACK_CASE.ID)
                    .limit(BATCH)
                    .forUpdate()
                    .skipLocked()
                    .fetch(FEEDBACK_CASE.ID);
            for (var row : db.selectFrom(FEEDBACK_CASE)
                    .where(InLists.in(db, FEEDBACK_CASE.ID, ids))
                    .fetch()) {
                handle(row, now);
            }
            return ids.size();
        });
        return handled == null ? 0 : handled;
    }

    /**
     * For each policy, the latest due time that is within its warning lead time of now: the lead time of business
     * time from now, on the policy's calendar.
     */
    private Map<UUID, OffsetDateTime> warnThresholds(Instant now) {
        var by = new HashMap<UUID, OffsetDateTime>();
        var clocks = new HashMap<UUID, BusinessClock>();
        for (var p : policies.all()) {
            try {
                var c = clocks.computeIfAbsent(
                        p.calendarId() == null ? new UUID(0, 0) : p.calendarId(), k -> calendars.clock(p.calendarId()));
                by.put(p.id(), time(c.plus(now, Duration.ofMinutes(p.warnBeforeMinutes()))));
            } catch (IllegalStateException e) {
                // A calendar without working time warns nobody.
            }
        }
        return by;
    }

    /** Cases within their policy's warning lead time of a pending due time. */
    private static Condition warningDue(Map<UUID, OffsetDateTime> thresholds) {
        Condition any = DSL.falseCondition();
        for (var e : thresholds.entrySet()) {
            any = any.or(FEEDBACK_CASE
                    .SLA_POLICY_ID
                    .eq(e.getKey())
                    .and(FEEDBACK_CASE
                            .RESOLUTION_DUE_AT
                            .le(e.getValue())
                            .or(FEEDBACK_CASE
                                    .FIRST_RESPONDED_AT
                                    .isNull()
                                    .and(FEEDBACK_CASE.FIRST_RESPONSE_DUE_AT.le(e.getValue())))));
        }
        return any;
    }

    private void handle(FeedbackCaseRecord row, Instant now) {
        boolean firstLate = !row.getFirstResponseBreached()
                && row.getFirstRespondedAt() == null
                && row.getFirstResponseDueAt() != null
                && !row.getFirstResponseDueAt().toInstant().isAfter(now);
        boolean resolutionLate = !row.getResolutionBreached()
                && row.getResolutionDueAt() != null
                && !row.getResolutionDueAt().toInstant().isAfter(now);
        var pendingFirst = row.getFirstRespondedAt() == null && row.getFirstResponseDueAt() != null;
        var target = pendingFirst ? SlaTarget.FIRST_RESPONSE : SlaTarget.RESOLUTION;
        var due = pendingFirst ? row.getFirstResponseDueAt() : row.getResolutionDueAt();
        if (firstLate || resolutionLate) {
            boolean escalate = row.getEscalatedAt() == null;
            deadlines.markBreached(
                    row.getId(),
                    row.getFirstResponseBreached() || firstLate,
                    row.getResolutionBreached() || resolutionLate,
                    escalate ? now : null);
            if (escalate) {
                var breached = firstLate ? SlaTarget.FIRST_RESPONSE : SlaTarget.RESOLUTION;
                escalate(row, breached, firstLate ? row.getFirstResponseDueAt() : row.getResolutionDueAt());
            }
        } else if (row.getWarnedAt() == null && row.getEscalatedAt() == null) {
            deadlines.markWarned(row.getId(), now);
            warn(row, target, due);
        }
    }

    private void warn(FeedbackCaseRecord row, SlaTarget target, OffsetDateTime due) {
        var recipients = assigneeOrTeam(row);
        if (!recipients.isEmpty()) {
            events.publishEvent(new NotificationRequested(
                    recipients,
                    "case-sla-warning",
                    "notification.case-sla-warning." + target.name(),
                    List.of(number(row), row.getTitle(), formats.dateTime(due)),
                    "/cases/" + row.getId(),
                    row.getCustomerId(),
                    null,
                    "case-sla-warning:" + row.getId()));
        }
        events.publishEvent(new CaseSlaWarned(
                row.getId(), row.getCaseNo(), row.getCustomerId(), target, due.toInstant(), recipients));
    }

    private void escalate(FeedbackCaseRecord row, SlaTarget target, OffsetDateTime due) {
        var policy = policies.findAny(row.getSlaPolicyId()).orElse(null);
        var recipients = new LinkedHashSet<UUID>();
        if (policy == null || policy.notifyManager()) {
            var manager = users.managerOf(row.getAssigneeId());
            if (manager.isPresent()) {
                recipients.add(manager.get());
            } else {
                recipients.addAll(team(row.getTeamId()));
            }
        }
        if (row.getAssigneeId() != null) {
            recipients.add(row.getAssigneeId());
        }
        CasePriority from = null;
        CasePriority to = null;
        var priority = CasePriority.valueOf(row.getPriority());
        if (policy != null && policy.raisePriority() && priority != CasePriority.URGENT) {
            from = priority;
            to = priority.raised();
            cases.changePriority(row.getId(), to.name(), Actor.SYSTEM, null);
        }
        UUID toUser = null;
        UUID toTeam = null;
        if (policy != null && (policy.escalateToUserId() != null || policy.escalateToTeamId() != null)) {
            try {
                cases.assign(row.getId(), policy.escalateToUserId(), policy.escalateToTeamId(), Actor.SYSTEM, null);
                toUser = policy.escalateToUserId();
                toTeam = policy.escalateToTeamId();
                if (toUser != null) {
                    recipients.add(toUser);
                }
            } catch (RuntimeException e) {
                LOG.warn("Case {} could not be reassigned on escalation: {}", row.getId(), e.getMessage());
            }
        }
        if (!recipients.isEmpty()) {
            events.publishEvent(new NotificationRequested(
                    recipients,
                    "case-escalated",
                    "notification.case-escalated." + target.name(),
                    List.of(number(row), row.getTitle(), formats.dateTime(due)),
                    "/cases/" + row.getId(),
                    row.getCustomerId(),
                    null,
                    "case-escalated:" + row.getId()));
        }
        events.publishEvent(new CaseEscalated(
                row.getId(),
                row.getCaseNo(),
                row.getCustomerId(),
                target,
                due.toInstant(),
                Set.copyOf(recipients),
                from,
                to,
                toUser,
                toTeam));
    }

    private Set<UUID> assigneeOrTeam(FeedbackCaseRecord row) {
        if (row.getAssigneeId() != null) {
            return Set.of(row.getAssigneeId());
        }
        return team(row.getTeamId());
    }

    private Set<UUID> team(UUID teamId) {
        if (teamId == null) {
            return Set.of();
        }
        var members = new LinkedHashSet<UUID>();
        users.activeUsers().stream().filter(u -> teamId.equals(u.teamId())).forEach(u -> members.add(u.id()));
        return members;
    }

    private static String number(FeedbackCaseRecord row) {
        return FeedbackCase.number(row.getCaseNo());
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
