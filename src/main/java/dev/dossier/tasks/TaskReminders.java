package dev.dossier.tasks;

import static dev.dossier.db.Tables.TASK;

import dev.dossier.db.InLists;
import dev.dossier.identity.UserDirectory;
import dev.dossier.jobs.Recurring;
import dev.dossier.shared.Formats;
import dev.dossier.shared.NotificationRequested;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the reminders before tasks are due and the notices when they fall due. A background job (one instance at a
 * time, every {@code dossier.tasks.reminder-poll}, default 15 s) claims the tasks whose next notice is due with
 * {@code FOR UPDATE SKIP LOCKED} in a short transaction, publishes a notice for each to the assignee (or the members
 * of the team queue) and moves the task on to its next notice, or to none. Two runs never claim the same task,
 * and each notice carries a key ({@code task-reminder:<id>:<at>}, {@code task-due:<id>:<dueAt>}) that makes
 * delivering it twice a no-op.
 */
@Component
class TaskReminders {

    private static final int BATCH = 200;

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final UserDirectory users;
    private final Formats formats;
    private final Clock clock;

    TaskReminders(
            DSLContext db,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            UserDirectory users,
            Formats formats,
            Clock clock) {
        this.db = db;
        this.transactions = transactions;
        this.events = events;
        this.users = users;
        this.formats = formats;
        this.clock = clock;
    }

    @Recurring(name = "task-reminders", fixedDelay = "${dossier.tasks.reminder-poll:15s}")
    void poll() {
        int sent;
        do {
            sent = sendDue();
        } while (sent == BATCH);
    }

    /** Sends one batch of the notices due by now; answers how many. */
    int sendDue() {
        var now = OffsetDateTime.now(clock);
        Integer sent = transactions.execute(tx -> {
            var ids = db.select(TASK.ID)
                    .from(TASK)
                    .where(TASK.REMIND_AT.le(now))
                    .orderBy(TASK.REMIND_AT)
                    .limit(BATCH)
                    .forUpdate()
                    .skipLocked()
                    .fetch(TASK.ID);
            if (ids.isEmpty()) {
                return 0;
            }
            var teams = new java.util.HashMap<UUID, Set<UUID>>();
            var toDue = new java.util.ArrayList<UUID>();
            for (var row :
                    db.selectFrom(TASK).where(InLists.in(db, TASK.ID, ids)).fetch()) {
                var task = Task.of(row);
                var at = row.getRemindAt();
                boolean live = task.status().open() && row.getDeletedAt() == null;
                boolean reminder = at.isBefore(task.dueAt());
                if (live) {
                    var recipients = recipients(task, teams);
                    if (!recipients.isEmpty()) {
                        events.publishEvent(new NotificationRequested(
                                recipients,
                                "task-due",
                                reminder ? "notification.task-reminder" : "notification.task-due",
                                List.of(task.title(), formats.dateTime(task.dueAt())),
                                "/tasks/" + task.id(),
                                task.customerId(),
                                null,
                                reminder
                                        ? "task-reminder:" + task.id() + ":" + at
                                        : "task-due:" + task.id() + ":" + task.dueAt()));
                    }
                }
                if (live && reminder) {
                    toDue.add(task.id());
                }
            }
            // The reminder before is followed by the notice at the due time; after that, none.
            db.update(TASK)
                    .set(TASK.REMIND_AT, TASK.DUE_AT)
                    .where(InLists.in(db, TASK.ID, toDue))
                    .execute();
            db.update(TASK)
                    .setNull(TASK.REMIND_AT)
                    .where(InLists.in(db, TASK.ID, ids))
                    .and(TASK.ID.notIn(toDue))
                    .execute();
            return ids.size();
        });
        return sent == null ? 0 : sent;
    }

    private Set<UUID> recipients(Task task, java.util.Map<UUID, Set<UUID>> teams) {
        if (task.assigneeId() != null) {
            return Set.of(task.assigneeId());
        }
        if (task.teamId() == null) {
            return task.createdBy() == null ? Set.of() : Set.of(task.createdBy());
        }
        return teams.computeIfAbsent(task.teamId(), team -> {
            var members = new HashSet<UUID>();
            users.activeUsers().stream().filter(u -> team.equals(u.teamId())).forEach(u -> members.add(u.id()));
            return members;
        });
    }
}
