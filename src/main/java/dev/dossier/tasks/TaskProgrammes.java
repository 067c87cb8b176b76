package dev.dossier.tasks;

import static dev.dossier.db.Tables.TASK;
import static dev.dossier.db.Tables.TASK_PROGRAMME;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.customers.CustomerType;
import dev.dossier.customers.Grade;
import dev.dossier.customers.LifecycleStage;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.TaskProgrammeRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.jobs.Recurring;
import dev.dossier.shared.Actor;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.OneOf;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recurring programmes: "revisit every VIP customer every 90 days", "re-verify each customer's details every six
 * months". A programme names a customer filter (grades, lifecycle stages, types), a recurrence, who does the work
 * (the customer's owner, or the customer's team queue) and the task's kind and title. Every night, and when an
 * administrator presses "run now", each matching customer that has no open task of the programme gets one, due
 * {@code firstDueDays} later; the task carries the programme's recurrence, so completing it creates the next one.
 *
 * <p>The customers module gives the matching customers as SQL ({@link CustomerDirectory#matching}), so that a run is
 * one set-based {@code INSERT … SELECT} however many customers match. A run locks its programme's row, so two runs of
 * one programme (two instances, or the night and a button) never give a customer two tasks.
 */
@Service
class TaskProgrammes {

    private static final Logger LOG = LoggerFactory.getLogger(TaskProgrammes.class);

    /** Who does a programme's tasks. */
    enum AssigneeRule {
        /** The customer's owner (the customer's team queue when it has no owner). */
        OWNER,
        /** The customer's team queue. */
        TEAM
    }

    /**
     * A programme as stored.
     *
     * @param id id
     * @param name name
     * @param title the title of its tasks
     * @param kind the kind of its tasks
     * @param priority the priority of its tasks
     * @param grades customer grades it covers; empty for all
     * @param stages lifecycle stages it covers; empty for all
     * @param customerTypes customer types it covers; empty for all
     * @param recurrence how often (RRULE subset)
     * @param assigneeRule who does the tasks
     * @param firstDueDays days from a run to the due time of the tasks it creates
     * @param enabled whether the nightly run includes it
     * @param lastRunAt when it last ran
     * @param lastRunTasks how many tasks that run created
     * @param version version
     */
    record Programme(
            UUID id,
            String name,
            String title,
            TaskKind kind,
            TaskPriority priority,
            List<String> grades,
            List<String> stages,
            List<String> customerTypes,
            String recurrence,
            AssigneeRule assigneeRule,
            int firstDueDays,
            boolean enabled,
            OffsetDateTime lastRunAt,
            Integer lastRunTasks,
            int version) {}

    /**
     * A programme as typed or sent.
     *
     * @param name name
     * @param title the title of its tasks
     * @param kind TODO, FOLLOW_UP (default) or VERIFICATION
     * @param priority LOW, NORMAL (default), HIGH or URGENT
     * @param grades customer grades; none for all
     * @param stages lifecycle stages; none for all
     * @param customerTypes INDIVIDUAL, COMPANY; none for both
     * @param recurrence how often, e.g. {@code FREQ=DAILY;INTERVAL=90}
     * @param assigneeRule OWNER (default) or TEAM
     * @param firstDueDays days from a run to the due time of the tasks it creates (default 7)
     * @param enabled whether the nightly run includes it (default true)
     */
    @Schema(requiredProperties = {"name", "title"})
    record ProgrammeDraft(
            @NotNull @Size(max = 200) String name,
            @NotNull @Size(max = 200) String title,

            @Schema(implementation = TaskKind.class) @OneOf(TaskKind.class)
            String kind,

            @Schema(implementation = TaskPriority.class) @OneOf(TaskPriority.class)
            String priority,

            List<@OneOf(Grade.class) String> grades,
            List<@OneOf(LifecycleStage.class) String> stages,
            List<@OneOf(CustomerType.class) String> customerTypes,
            @NotNull String recurrence,

            @Schema(implementation = AssigneeRule.class) @OneOf(AssigneeRule.class)
            String assigneeRule,

            @Min(value = 0, message = "{task.programme.first-due}")
            @Max(value = 3650, message = "{task.programme.first-due}")
            Integer firstDueDays,

            Boolean enabled) {

        ProgrammeDraft {
            name = Inputs.trim(name);
            title = Inputs.trim(title);
            kind = Inputs.trim(kind);
            priority = Inputs.trim(priority);
            recurrence = Inputs.trim(recurrence);
            assigneeRule = Inputs.trim(assigneeRule);
        }
    }

    private final DSLContext db;
    private final CustomerDirectory customers;
    private final Access access;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TaskProgrammes(
            DSLContext db,
            CustomerDirectory customers,
            Access access,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            Clock clock) {
        this.db = db;
        this.customers = customers;
        this.access = access;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    List<Programme> list() {
        access.require(Area.SYSTEM, Operation.READ);
        return db.selectFrom(TASK_PROGRAMME)
                .where(TASK_PROGRAMME.DELETED_AT.isNull())
                .orderBy(TASK_PROGRAMME.NAME, TASK_PROGRAMME.ID)
                .fetch(TaskProgrammes::toProgramme);
    }

    @Transactional(readOnly = true)
    Programme get(UUID id) {
        access.require(Area.SYSTEM, Operation.READ);
        return toProgramme(find(id));
    }

    @Transactional
    Programme define(ProgrammeDraft draft) {
        access.require(Area.SYSTEM, Operation.EDIT);
        var row = db.newRecord(TASK_PROGRAMME);
        read(draft, row);
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        row.setId(UUID.randomUUID());
        Stamps.created(row, by, now);
        row.insert();
        return toProgramme(row);
    }

    @Transactional
    Programme revise(UUID id, Integer expectedVersion, ProgrammeDraft draft) {
        access.require(Area.SYSTEM, Operation.EDIT);
        var current = find(id);
        if (expectedVersion == null || current.getVersion() != expectedVersion.intValue()) {
            throw new StaleVersionException("Programme", current.getVersion());
        }
        var row = db.newRecord(TASK_PROGRAMME);
        read(draft, row);
        Stamps.changed(row, CurrentUser.actor().userId(), OffsetDateTime.now(clock), current.getVersion());
        if (db.update(TASK_PROGRAMME)
                        .set(row)
                        .where(TASK_PROGRAMME.ID.eq(id))
                        .and(TASK_PROGRAMME.VERSION.eq(current.getVersion()))
                        .execute()
                == 0) {
            throw new StaleVersionException("Programme", current.getVersion() + 1);
        }
        return toProgramme(find(id));
    }

    /** Ends a programme: no more runs; the tasks it created stay. */
    @Transactional
    void delete(UUID id) {
        access.require(Area.SYSTEM, Operation.EDIT);
        find(id);
        var now = OffsetDateTime.now(clock);
        db.update(TASK_PROGRAMME)
                .set(TASK_PROGRAMME.DELETED_AT, now)
                .set(Stamps.changed(TASK_PROGRAMME, CurrentUser.actor().userId(), now))
                .where(TASK_PROGRAMME.ID.eq(id))
                .execute();
    }

    /** Runs a programme now for the signed-in administrator; answers how many tasks it created. */
    int runNow(UUID id) {
        access.require(Area.SYSTEM, Operation.EDIT);
        return run(id, CurrentUser.actor());
    }

    /** Runs every enabled programme, as the system. */
    @Recurring(name = "task-programmes", cron = "${dossier.tasks.programme-cron:0 15 2 * * *}")
    void runAll() {
        var ids = db.select(TASK_PROGRAMME.ID)
                .from(TASK_PROGRAMME)
                .where(TASK_PROGRAMME.DELETED_AT.isNull())
                .and(TASK_PROGRAMME.ENABLED.isTrue())
                .orderBy(TASK_PROGRAMME.NAME)
                .fetch(TASK_PROGRAMME.ID);
        for (var id : ids) {
            try {
                int created = run(id, Actor.SYSTEM);
                LOG.info("Task programme {} created {} tasks", id, created);
            } catch (RuntimeException e) {
                LOG.error("Task programme {} failed: {}", id, e.getMessage(), e);
            }
        }
    }

    private int run(UUID id, Actor actor) {
        Integer created = transactions.execute(tx -> {
            var row = db.selectFrom(TASK_PROGRAMME)
                    .where(TASK_PROGRAMME.ID.eq(id))
                    .and(TASK_PROGRAMME.DELETED_AT.isNull())
                    .forUpdate()
                    .fetchOne();
            if (row == null) {
                throw new NotFoundException("programme");
            }
            var p = toProgramme(row);
            var now = OffsetDateTime.now(clock);
            var due = now.plusDays(p.firstDueDays());
            var reminder = Reminder.DEFAULT;
            var c = customers.matching(p.grades(), p.stages(), p.customerTypes());
            var t = TASK.as("open_task");
            var noOpenTask = DSL.notExists(DSL.selectOne()
                    .from(t)
                    .where(t.PROGRAMME_ID.eq(p.id()))
                    .and(t.CUSTOMER_ID.eq(c.id()))
                    .and(t.DELETED_AT.isNull())
                    .and(t.STATUS.in(TaskStatus.OPEN.name(), TaskStatus.IN_PROGRESS.name())));
            var assignee = p.assigneeRule() == AssigneeRule.OWNER ? c.ownerId() : DSL.inline((UUID) null, c.ownerId());
            int n = db.insertInto(
                            TASK,
                            TASK.ID,
                            TASK.SUBJECT_TYPE,
                            TASK.SUBJECT_ID,
                            TASK.CUSTOMER_ID,
                            TASK.TITLE,
                            TASK.KIND,
                            TASK.PRIORITY,
                            TASK.STATUS,
                            TASK.ASSIGNEE_ID,
                            TASK.TEAM_ID,
                            TASK.DUE_AT,
                            TASK.REMINDER_MINUTES,
                            TASK.REMIND_AT,
                            TASK.RECURRENCE,
                            TASK.PROGRAMME_ID,
                            TASK.CREATED_AT,
                            TASK.UPDATED_AT,
                            TASK.CREATED_BY,
                            TASK.UPDATED_BY,
                            TASK.VERSION)
                    .select(DSL.select(
                                    DSL.field("gen_random_uuid()", UUID.class),
                                    DSL.val("customer"),
                                    c.id(),
                                    c.id(),
                                    DSL.val(p.title()),
                                    DSL.val(p.kind().name()),
                                    DSL.val(p.priority().name()),
                                    DSL.val(TaskStatus.OPEN.name()),
                                    assignee,
                                    c.teamId(),
                                    DSL.val(due),
                                    DSL.val(reminder.minutes),
                                    DSL.val(reminder.firstNotice(due, now)),
                                    DSL.val(p.recurrence()),
                                    DSL.val(p.id()),
                                    DSL.val(now),
                                    DSL.val(now),
                                    DSL.val(actor.userId(), UUID.class),
                                    DSL.val(actor.userId(), UUID.class),
                                    DSL.val(0))
                            .from(c.table())
                            .where(noOpenTask))
                    .execute();
            db.update(TASK_PROGRAMME)
                    .set(TASK_PROGRAMME.LAST_RUN_AT, now)
                    .set(TASK_PROGRAMME.LAST_RUN_TASKS, n)
                    .where(TASK_PROGRAMME.ID.eq(id))
                    .execute();
            if (n > 0) {
                events.publishEvent(new TaskEvents.ProgrammeRan(id, n, actor.userId()));
            }
            return n;
        });
        return created == null ? 0 : created;
    }

    private TaskProgrammeRecord find(UUID id) {
        var row = db.selectFrom(TASK_PROGRAMME)
                .where(TASK_PROGRAMME.ID.eq(id))
                .and(TASK_PROGRAMME.DELETED_AT.isNull())
                .fetchOne();
        if (row == null) {
            throw new NotFoundException("programme");
        }
        return row;
    }

    private static void read(ProgrammeDraft draft, TaskProgrammeRecord row) {
        var problems = new ArrayList<>(FieldRules.check("task.field", draft));
        String recurrence = null;
        try {
            var parsed = Recurrence.parse(draft.recurrence());
            recurrence = parsed == null ? null : parsed.rule();
        } catch (Recurrence.MalformedException e) {
            problems.add(new FieldProblem("recurrence", e.code()));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var kind = Inputs.choice(TaskKind.class, draft.kind());
        var priority = Inputs.choice(TaskPriority.class, draft.priority());
        var rule = Inputs.choice(AssigneeRule.class, draft.assigneeRule());
        int firstDue = draft.firstDueDays() == null ? 7 : draft.firstDueDays();
        row.setName(draft.name());
        row.setTitle(draft.title());
        row.setKind((kind == null ? TaskKind.FOLLOW_UP : kind).name());
        row.setPriority((priority == null ? TaskPriority.NORMAL : priority).name());
        row.setAssigneeRule((rule == null ? AssigneeRule.OWNER : rule).name());
        row.setGrades(codes(draft.grades()));
        row.setStages(codes(draft.stages()));
        row.setCustomerTypes(codes(draft.customerTypes()));
        row.setRecurrence(recurrence);
        row.setFirstDueDays(firstDue);
        row.setEnabled(draft.enabled() == null || draft.enabled());
    }

    private static String codes(List<String> values) {
        return values == null
                ? ""
                : String.join(
                        ",",
                        values.stream()
                                .map(Inputs::trim)
                                .filter(Objects::nonNull)
                                .distinct()
                                .toList());
    }

    private static List<String> split(String codes) {
        return codes == null || codes.isBlank() ? List.of() : Arrays.asList(codes.split(","));
    }

    private static Programme toProgramme(TaskProgrammeRecord r) {
        return new Programme(
                r.getId(),
                r.getName(),
                r.getTitle(),
                TaskKind.valueOf(r.getKind()),
                TaskPriority.valueOf(r.getPriority()),
                split(r.getGrades()),
                split(r.getStages()),
                split(r.getCustomerTypes()),
                r.getRecurrence(),
                AssigneeRule.valueOf(r.getAssigneeRule()),
                r.getFirstDueDays(),
                r.getEnabled(),
                r.getLastRunAt(),
                r.getLastRunTasks(),
                r.getVersion());
    }
}
