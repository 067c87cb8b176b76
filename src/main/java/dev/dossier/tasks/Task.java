package dev.dossier.tasks;

import dev.dossier.db.tables.records.TaskRecord;
import dev.dossier.shared.Subject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A task as stored.
 *
 * @param id id
 * @param subject what it is about, or null for a personal to-do
 * @param customerId the customer the subject belongs to, or null
 * @param title title
 * @param description plain text, or null
 * @param kind TODO, FOLLOW_UP or VERIFICATION
 * @param priority LOW, NORMAL, HIGH or URGENT
 * @param status OPEN, IN_PROGRESS, DONE or CANCELLED
 * @param assigneeId who does it, or null for a team queue
 * @param teamId the queue, or the assignee's team
 * @param dueAt when it is due
 * @param reminder when the assignee is reminded
 * @param recurrence how it repeats (RRULE subset), or null
 * @param previousTaskId the recurring task this one continues, or null
 * @param programmeId the programme that created it, or null
 * @param completedAt when it was done, or null
 * @param completedBy who did it, or null
 * @param createdAt when it was created
 * @param createdBy who created it, or null for the system
 * @param version version
 */
record Task(
        UUID id,
        Subject subject,
        UUID customerId,
        String title,
        String description,
        TaskKind kind,
        TaskPriority priority,
        TaskStatus status,
        UUID assigneeId,
        UUID teamId,
        OffsetDateTime dueAt,
        Reminder reminder,
        String recurrence,
        UUID previousTaskId,
        UUID programmeId,
        OffsetDateTime completedAt,
        UUID completedBy,
        OffsetDateTime createdAt,
        UUID createdBy,
        int version) {

    static Task of(TaskRecord r) {
        return new Task(
                r.getId(),
                r.getSubjectType() == null ? null : new Subject(r.getSubjectType(), r.getSubjectId()),
                r.getCustomerId(),
                r.getTitle(),
                r.getDescription(),
                TaskKind.valueOf(r.getKind()),
                TaskPriority.valueOf(r.getPriority()),
                TaskStatus.valueOf(r.getStatus()),
                r.getAssigneeId(),
                r.getTeamId(),
                r.getDueAt(),
                Reminder.of(r.getReminderMinutes()),
                r.getRecurrence(),
                r.getPreviousTaskId(),
                r.getProgrammeId(),
                r.getCompletedAt(),
                r.getCompletedBy(),
                r.getCreatedAt(),
                r.getCreatedBy(),
                r.getVersion());
    }

    /** Still to do and past its due time. */
    boolean overdue(OffsetDateTime now) {
        return status.open() && dueAt.isBefore(now);
    }

    /** How long past due an open task is; zero when it is not overdue. */
    Duration overdueBy(OffsetDateTime now) {
        return overdue(now) ? Duration.between(dueAt, now) : Duration.ZERO;
    }
}
