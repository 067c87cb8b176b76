package dev.dossier.tasks;

import static dev.dossier.db.Tables.TASK;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.TaskRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.Assignees;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.OwnedRecord;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Formats;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.InteractionLog;
import dev.dossier.shared.NotificationRequested;
import dev.dossier.shared.OneOf;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.Subject;
import dev.dossier.shared.Subjects;
import dev.dossier.shared.ValidationException;
import dev.dossier.tasks.TaskEvents.TaskAssigned;
import dev.dossier.tasks.TaskEvents.TaskCancelled;
import dev.dossier.tasks.TaskEvents.TaskCompleted;
import dev.dossier.tasks.TaskEvents.TaskCreated;
import dev.dossier.tasks.TaskEvents.TaskDeleted;
import dev.dossier.tasks.TaskEvents.TaskReopened;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, changing, completing, reopening, cancelling and deleting tasks. Every change checks the version it was
 * decided on; completing a recurring task creates its next occurrence in the same transaction, once only; completing
 * a follow-up can log the interaction in the same transaction, so either both are saved or neither.
 */
@Service
class TaskManagement {

    /**
     * A task as typed in a form or sent to the API.
     *
     * @param subject what it is about ({@code customer:<id>}, {@code contact:<id>}, …), or null for nothing
     * @param title title
     * @param description plain text
     * @param kind TODO (default), FOLLOW_UP or VERIFICATION
     * @param priority LOW, NORMAL (default), HIGH or URGENT
     * @param status OPEN (default) or IN_PROGRESS; DONE records a task already done (its due time may be past)
     * @param assigneeId who does it; with neither assignee nor team, the current user (a change keeps the assignment)
     * @param teamId a team queue, when there is no assignee
     * @param dueAt when it is due; not in the past unless the task is recorded as done
     * @param reminder NONE, AT_DUE, MINUTES_15, HOUR_1 or DAY_1 (default)
     * @param recurrence how it repeats, an RRULE subset such as {@code FREQ=DAILY;INTERVAL=90}, or null
     * @param shareCustomer whether to share the task's customer with the assignee (or the team of a queue) when they
     *     cannot open it; without it such an assignment is refused
     */
    record TaskDraft(
            String subject,
            @NotNull @Size(max = 200) String title,
            @Size(max = 4000) String description,
            @OneOf(TaskKind.class) String kind,
            @OneOf(TaskPriority.class) String priority,
            @OneOf(TaskStatus.class) String status,
            UUID assigneeId,
            UUID teamId,
            @NotNull OffsetDateTime dueAt,
            @OneOf(Reminder.class) String reminder,
            String recurrence,
            boolean shareCustomer) {

        TaskDraft {
            subject = Inputs.trim(subject);
            title = Inputs.trim(title);
            description = Inputs.trim(description);
            kind = Inputs.trim(kind);
            priority = Inputs.trim(priority);
            status = Inputs.trim(status);
            reminder = Inputs.trim(reminder);
            recurrence = Inputs.trim(recurrence);
        }
    }

    /**
     * The interaction logged with a completed follow-up.
     *
     * @param channel one of the interaction channels
     * @param direction INBOUND or OUTBOUND
     * @param outcome one of the interaction outcomes
     * @param satisfaction the customer's satisfaction 1–5, or null
     * @param summary one line
     * @param content details, or null
     * @param followUpSucceeded whether the follow-up reached its aim, or null
     */
    record InteractionPart(
            String channel,
            String direction,
            String outcome,
            Integer satisfaction,
            String summary,
            String content,
            Boolean followUpSucceeded) {}

    private static final Set<String> OPEN = Set.of(TaskStatus.OPEN.name(), TaskStatus.IN_PROGRESS.name());

    private final DSLContext db;
    private final TaskRepository tasks;
    private final Access access;
    private final Assignees assignees;
    private final CustomerDirectory customers;
    private final Subjects subjects;
    private final UserDirectory users;
    private final ObjectProvider<InteractionLog> interactions;
    private final ApplicationEventPublisher events;
    private final Formats formats;
    private final Clock clock;

    TaskManagement(
            DSLContext db,
            TaskRepository tasks,
            Access access,
            Assignees assignees,
            CustomerDirectory customers,
            Subjects subjects,
            UserDirectory users,
            ObjectProvider<InteractionLog> interactions,
            ApplicationEventPublisher events,
            Formats formats,
            Clock clock) {
        this.db = db;
        this.assignees = assignees;
        this.customers = customers;
        this.tasks = tasks;
        this.access = access;
        this.subjects = subjects;
        this.users = users;
        this.interactions = interactions;
        this.events = events;
        this.formats = formats;
        this.clock = clock;
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** Today in the given zone, by the application's clock. */
    LocalDate today(ZoneId zone) {
        return LocalDate.now(clock.withZone(zone));
    }

    /** Whether completing a follow-up can log its interaction here (the interactions module is present). */
    boolean canLogInteraction() {
        return interactions.getIfAvailable() != null;
    }

    @Transactional(readOnly = true)
    Task get(UUID id) {
        return tasks.require(id);
    }

    @Transactional
    Task create(TaskDraft draft) {
        access.require(Area.TASKS, Operation.CREATE);
        var problems = new ArrayList<FieldProblem>();
        var now = now();
        var subject = subject(problems, draft.subject());
        var fields = Fields.read(problems, draft, true);
        var status = Inputs.choice(TaskStatus.class, draft.status());
        if (status == null) {
            status = TaskStatus.OPEN;
        }
        if (status == TaskStatus.CANCELLED) {
            problems.add(new FieldProblem("status", "task.field.unknown-option"));
        }
        if (fields.dueAt() != null
                && status != TaskStatus.DONE
                && fields.dueAt().isBefore(now.minusMinutes(1))) {
            problems.add(new FieldProblem("dueAt", "task.due.past"));
        }
        var assignment = assignment(problems, draft.assigneeId(), draft.teamId());
        var toShare =
                handOver(problems, subject == null ? null : subject.customerId(), assignment, draft.shareCustomer());
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        if (toShare != null) {
            assignees.share(assignment.assigneeId(), assignment.teamId(), toShare);
        }
        var by = CurrentUser.actor().userId();
        var row = db.newRecord(TASK);
        row.setId(UUID.randomUUID());
        if (subject != null) {
            row.setSubjectType(subject.subject().type());
            row.setSubjectId(subject.subject().id());
            row.setCustomerId(subject.customerId());
        }
        fields.apply(row);
        row.setStatus(status.name());
        row.setAssigneeId(assignment.assigneeId());
        row.setTeamId(assignment.teamId());
        row.setRemindAt(status.open() ? fields.reminder().firstNotice(fields.dueAt(), now) : null);
        if (status == TaskStatus.DONE) {
            row.setCompletedAt(now);
            row.setCompletedBy(by);
        }
        Stamps.created(row, by, now);
        row.insert();
        var task = Task.of(row);
        events.publishEvent(new TaskCreated(task.id(), task.customerId(), task.assigneeId(), task.teamId(), by));
        if (status.open()) {
            notifyAssigned(task);
        }
        return task;
    }

    /** Changes what the task says, who does it and when; the status changes through its own steps. */
    @Transactional
    Task update(UUID id, Integer expectedVersion, TaskDraft draft) {
        access.require(Area.TASKS, Operation.EDIT);
        var task = tasks.require(id);
        checkVersion(task, expectedVersion);
        var problems = new ArrayList<FieldProblem>();
        var now = now();
        var fields = Fields.read(problems, draft, false);
        var status = Inputs.choice(TaskStatus.class, draft.status());
        if (status != null && status != task.status() && !(task.status().open() && status.open())) {
            problems.add(new FieldProblem("status", "task.status.use-actions"));
        }
        if (status == null) {
            status = task.status();
        }
        if (fields.dueAt() != null
                && status.open()
                && !fields.dueAt().isEqual(task.dueAt())
                && fields.dueAt().isBefore(now.minusMinutes(1))) {
            problems.add(new FieldProblem("dueAt", "task.due.past"));
        }
        // Without an assignee or a queue, the task stays with whoever does it now.
        var assignment = draft.assigneeId() == null && draft.teamId() == null
                ? new Assignment(task.assigneeId(), task.teamId())
                : assignment(problems, draft.assigneeId(), draft.teamId());
        var reassigned = !Objects.equals(task.assigneeId(), assignment.assigneeId())
                || !Objects.equals(task.teamId(), assignment.teamId());
        var toShare = reassigned ? handOver(problems, task.customerId(), assignment, draft.shareCustomer()) : null;
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        if (toShare != null) {
            assignees.share(assignment.assigneeId(), assignment.teamId(), toShare);
        }
        var by = CurrentUser.actor().userId();
        var row = db.newRecord(TASK);
        fields.apply(row);
        row.setStatus(status.name());
        row.setAssigneeId(assignment.assigneeId());
        row.setTeamId(assignment.teamId());
        row.setRemindAt(status.open() ? fields.reminder().firstNotice(fields.dueAt(), now) : null);
        Stamps.changed(row, by, now, task.version());
        int updated = db.update(TASK)
                .set(row)
                .where(TASK.ID.eq(id))
                .and(TASK.VERSION.eq(task.version()))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Task", tasks.currentVersion(id));
        }
        var changed = tasks.require(id);
        if (!Objects.equals(task.assigneeId(), changed.assigneeId())
                || !Objects.equals(task.teamId(), changed.teamId())) {
            events.publishEvent(new TaskAssigned(id, changed.customerId(), changed.assigneeId(), changed.teamId(), by));
            if (changed.status().open()) {
                notifyAssigned(changed);
            }
        }
        return changed;
    }

    /**
     * Marks the task done. Completing a task already done changes nothing (two people completing it at once get the
     * same answer, and a recurring task continues once). The next occurrence of a recurring task is due one interval
     * after the previous due time, skipping occurrences already past, so that a late completion does not leave an
     * overdue task behind. With an interaction, the interaction is logged in the same transaction.
     */
    @Transactional
    Completed complete(UUID id, Integer expectedVersion, InteractionPart interaction) {
        access.require(Area.TASKS, Operation.EDIT);
        var task = tasks.require(id);
        if (task.status() == TaskStatus.DONE) {
            return new Completed(task, null, null, true);
        }
        if (!task.status().open()) {
            throw new ValidationException(List.of(new FieldProblem("status", "task.complete.cancelled")));
        }
        checkVersion(task, expectedVersion);
        var now = now();
        var by = CurrentUser.actor().userId();
        int updated = db.update(TASK)
                .set(TASK.STATUS, TaskStatus.DONE.name())
                .set(TASK.COMPLETED_AT, now)
                .set(TASK.COMPLETED_BY, by)
                .setNull(TASK.REMIND_AT)
                .set(Stamps.changed(TASK, by, now))
                .where(TASK.ID.eq(id))
                .and(TASK.STATUS.in(OPEN))
                .execute();
        if (updated == 0) {
            var current = tasks.require(id);
            if (current.status() == TaskStatus.DONE) {
                return new Completed(current, null, null, true);
            }
            throw new StaleVersionException("Task", current.version());
        }
        UUID interactionId = interaction == null ? null : logInteraction(task, interaction, now);
        UUID next = task.recurrence() == null ? null : continueRecurring(task, now, by);
        events.publishEvent(new TaskCompleted(id, task.customerId(), interactionId, next, by));
        return new Completed(tasks.require(id), interactionId, next, false);
    }

    /**
     * What completing a task did.
     *
     * @param task the task after it
     * @param interactionId the interaction logged, or null
     * @param nextTaskId the next occurrence of a recurring task, or null
     * @param alreadyDone whether it was done before (nothing changed)
     */
    record Completed(Task task, UUID interactionId, UUID nextTaskId, boolean alreadyDone) {}

    @Transactional
    Task reopen(UUID id, Integer expectedVersion) {
        access.require(Area.TASKS, Operation.EDIT);
        var task = tasks.require(id);
        checkVersion(task, expectedVersion);
        if (task.status().open()) {
            return task;
        }
        var now = now();
        var by = CurrentUser.actor().userId();
        move(task, TaskStatus.OPEN, now, by, task.reminder().firstNotice(task.dueAt(), now));
        events.publishEvent(new TaskReopened(id, task.customerId(), by));
        return tasks.require(id);
    }

    @Transactional
    Task cancel(UUID id, Integer expectedVersion) {
        access.require(Area.TASKS, Operation.EDIT);
        var task = tasks.require(id);
        checkVersion(task, expectedVersion);
        if (task.status() == TaskStatus.CANCELLED) {
            return task;
        }
        if (!task.status().open()) {
            throw new ValidationException(List.of(new FieldProblem("status", "task.cancel.done")));
        }
        var by = CurrentUser.actor().userId();
        move(task, TaskStatus.CANCELLED, now(), by, null);
        events.publishEvent(new TaskCancelled(id, task.customerId(), by));
        return tasks.require(id);
    }

    /** Deletes the task softly: it disappears from every list, and its reminders stop. */
    @Transactional
    void delete(UUID id, Integer expectedVersion) {
        access.require(Area.TASKS, Operation.DELETE);
        var task = tasks.require(id);
        checkVersion(task, expectedVersion);
        var now = now();
        var by = CurrentUser.actor().userId();
        db.update(TASK)
                .set(TASK.DELETED_AT, now)
                .setNull(TASK.REMIND_AT)
                .set(Stamps.changed(TASK, by, now))
                .where(TASK.ID.eq(id))
                .and(TASK.VERSION.eq(task.version()))
                .execute();
        events.publishEvent(new TaskDeleted(id, task.customerId(), by));
    }

    private void move(Task task, TaskStatus to, OffsetDateTime now, UUID by, OffsetDateTime remindAt) {
        var update = db.update(TASK)
                .set(TASK.STATUS, to.name())
                .set(TASK.REMIND_AT, remindAt)
                .set(TASK.UPDATED_AT, now)
                .set(TASK.UPDATED_BY, by)
                .set(TASK.VERSION, task.version() + 1);
        if (to.open()) {
            update = update.setNull(TASK.COMPLETED_AT).setNull(TASK.COMPLETED_BY);
        }
        if (update.where(TASK.ID.eq(task.id()))
                        .and(TASK.VERSION.eq(task.version()))
                        .execute()
                == 0) {
            throw new StaleVersionException("Task", tasks.currentVersion(task.id()));
        }
    }

    private UUID logInteraction(Task task, InteractionPart part, OffsetDateTime now) {
        var log = interactions.getIfAvailable();
        if (log == null || task.customerId() == null) {
            throw new ValidationException(List.of(new FieldProblem("interaction", "task.interaction.unavailable")));
        }
        var subject = task.subject() != null
                        && Set.of("customer", "contact").contains(task.subject().type())
                ? task.subject()
                : new Subject("customer", task.customerId());
        try {
            return log.log(new InteractionLog.Entry(
                    subject,
                    part.channel(),
                    part.direction(),
                    now,
                    null,
                    part.summary(),
                    part.content(),
                    part.outcome(),
                    part.satisfaction(),
                    part.followUpSucceeded(),
                    task.id()));
        } catch (ValidationException e) {
            throw new ValidationException(e.problems().stream()
                    .map(p -> new FieldProblem("interaction." + p.field(), p.code(), p.args()))
                    .toList());
        }
    }

    /** Creates the next occurrence; the unique previous-task index makes a second one impossible. */
    private UUID continueRecurring(Task task, OffsetDateTime now, UUID by) {
        var rule = Recurrence.parse(task.recurrence());
        var zone = formats.zone();
        var due = rule.nextAfter(task.dueAt().atZoneSameInstant(zone), now.atZoneSameInstant(zone))
                .toOffsetDateTime();
        var row = db.newRecord(TASK);
        row.setId(UUID.randomUUID());
        if (task.subject() != null) {
            row.setSubjectType(task.subject().type());
            row.setSubjectId(task.subject().id());
        }
        row.setCustomerId(task.customerId());
        row.setTitle(task.title());
        row.setDescription(task.description());
        row.setKind(task.kind().name());
        row.setPriority(task.priority().name());
        row.setStatus(TaskStatus.OPEN.name());
        row.setAssigneeId(task.assigneeId());
        row.setTeamId(task.teamId());
        row.setDueAt(due);
        row.setReminderMinutes(task.reminder().minutes);
        row.setRemindAt(task.reminder().firstNotice(due, now));
        row.setRecurrence(task.recurrence());
        row.setPreviousTaskId(task.id());
        row.setProgrammeId(task.programmeId());
        Stamps.created(row, by, now);
        row.insert();
        events.publishEvent(new TaskCreated(row.getId(), task.customerId(), task.assigneeId(), task.teamId(), by));
        return row.getId();
    }

    /** Tells the assignee, unless they gave it to themselves. */
    private void notifyAssigned(Task task) {
        var actor = CurrentUser.actor();
        if (task.assigneeId() == null || task.assigneeId().equals(actor.userId())) {
            return;
        }
        events.publishEvent(new NotificationRequested(
                Set.of(task.assigneeId()),
                "task-assigned",
                "notification.task-assigned",
                List.of(actor.name(), task.title(), formats.dateTime(task.dueAt())),
                "/tasks/" + task.id(),
                task.customerId(),
                actor.userId(),
                "task-assigned:" + task.id() + ":" + task.assigneeId() + ":" + task.version()));
    }

    private dev.dossier.shared.SubjectDirectory.SubjectView subject(List<FieldProblem> problems, String text) {
        var trimmed = Inputs.trim(text);
        if (trimmed == null) {
            return null;
        }
        try {
            var found = subjects.find(Subject.parse(trimmed));
            if (found.isEmpty()) {
                problems.add(new FieldProblem("subject", "task.subject.unknown"));
            }
            return found.orElse(null);
        } catch (dev.dossier.shared.InvalidValueException e) {
            problems.add(new FieldProblem("subject", "task.subject.unknown"));
            return null;
        }
    }

    /**
     * Who does a task and which team it belongs to.
     *
     * @param assigneeId the person, or null for a queue
     * @param teamId the queue, or the person's team
     */
    record Assignment(UUID assigneeId, UUID teamId) {}

    /**
     * Checks that the assignee, or every member of the queue, can open the task's customer (one rule with cases and
     * mentions, {@link Assignees}); answers the customer to share with them when that was asked for, or null.
     */
    private OwnedRecord handOver(List<FieldProblem> problems, UUID customerId, Assignment assignment, boolean share) {
        if (customerId == null || assignment.assigneeId() == null && assignment.teamId() == null) {
            return null;
        }
        var record = customers.record(customerId).orElse(null);
        var name = assignees.nameOf(assignment.assigneeId(), assignment.teamId());
        return assignees.check(
                        problems,
                        "assigneeId",
                        name,
                        assignment.assigneeId(),
                        assignment.teamId(),
                        Area.CUSTOMERS,
                        record,
                        share)
                ? record
                : null;
    }

    private Assignment assignment(List<FieldProblem> problems, UUID assigneeId, UUID teamId) {
        if (assigneeId == null && teamId == null) {
            var me = CurrentUser.find();
            return new Assignment(
                    me.map(u -> u.id()).orElse(null), me.map(u -> u.teamId()).orElse(null));
        }
        if (assigneeId != null) {
            var user = users.user(assigneeId).filter(UserDirectory.UserSummary::enabled);
            if (user.isEmpty()) {
                problems.add(new FieldProblem("assigneeId", "task.assignee.unknown"));
                return new Assignment(null, null);
            }
            return new Assignment(assigneeId, user.get().teamId());
        }
        if (users.team(teamId).isEmpty()) {
            problems.add(new FieldProblem("teamId", "task.team.unknown"));
        }
        return new Assignment(null, teamId);
    }

    private static void checkVersion(Task task, Integer expected) {
        if (expected != null && task.version() != expected) {
            throw new StaleVersionException("Task", task.version());
        }
    }

    /**
     * The fields a draft sets on a task, checked.
     *
     * @param title title
     * @param description description
     * @param kind kind
     * @param priority priority
     * @param dueAt due time
     * @param reminder reminder
     * @param recurrence canonical recurrence rule, or null
     */
    record Fields(
            String title,
            String description,
            TaskKind kind,
            TaskPriority priority,
            OffsetDateTime dueAt,
            Reminder reminder,
            String recurrence) {

        static Fields read(List<FieldProblem> problems, TaskDraft draft, boolean creating) {
            problems.addAll(FieldRules.check("task.field", draft));
            var kind = Inputs.choice(TaskKind.class, draft.kind());
            var priority = Inputs.choice(TaskPriority.class, draft.priority());
            var reminder = Inputs.choice(Reminder.class, draft.reminder());
            String recurrence = null;
            try {
                var parsed = Recurrence.parse(draft.recurrence());
                recurrence = parsed == null ? null : parsed.rule();
            } catch (Recurrence.MalformedException e) {
                problems.add(new FieldProblem("recurrence", e.code()));
            }
            return new Fields(
                    draft.title(),
                    draft.description(),
                    kind == null ? TaskKind.TODO : kind,
                    priority == null ? TaskPriority.NORMAL : priority,
                    draft.dueAt(),
                    reminder == null ? Reminder.DEFAULT : reminder,
                    recurrence);
        }

        void apply(TaskRecord row) {
            row.setTitle(title);
            row.setDescription(description);
            row.setKind(kind.name());
            row.setPriority(priority.name());
            row.setDueAt(dueAt);
            row.setReminderMinutes(reminder.minutes);
            row.setRecurrence(recurrence);
        }
    }
}
