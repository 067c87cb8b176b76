package dev.dossier.tasks;

import static dev.dossier.db.Tables.TASK;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.NotFoundException;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * Reads tasks the current user may see. A task is visible when it is not deleted and the user reaches its customer,
 * or it is assigned to them or to their team's queue, or they created it, or their scope in the tasks area covers its
 * assignee or team. A task about no customer is therefore seen only by its creator, its assignee, its queue and
 * those whose scope covers them. Nobody signed in (the schedulers) sees every task.
 */
@Component
class TaskRepository {

    private final DSLContext db;
    private final Access access;
    private final CustomerDirectory customers;

    TaskRepository(DSLContext db, Access access, CustomerDirectory customers) {
        this.db = db;
        this.access = access;
        this.customers = customers;
    }

    /** The condition that keeps the tasks the current user sees (deleted ones never). */
    Condition visible() {
        var user = CurrentUser.find();
        if (user.isEmpty()) {
            return TASK.DELETED_AT.isNull();
        }
        if (!access.allows(Area.TASKS, Operation.READ)) {
            return DSL.falseCondition();
        }
        var me = user.get();
        Condition mine = TASK.ASSIGNEE_ID.eq(me.id()).or(TASK.CREATED_BY.eq(me.id()));
        if (me.teamId() != null) {
            mine = mine.or(TASK.ASSIGNEE_ID.isNull().and(TASK.TEAM_ID.eq(me.teamId())));
        }
        return TASK.DELETED_AT
                .isNull()
                .and(mine.or(TASK.CUSTOMER_ID.isNotNull().and(customers.reachable(TASK.CUSTOMER_ID)))
                        .or(access.owned(Area.TASKS, TASK.ASSIGNEE_ID, TASK.TEAM_ID)));
    }

    /** The task if the current user sees it. */
    Optional<Task> find(UUID id) {
        return db.selectFrom(TASK)
                .where(TASK.ID.eq(id))
                .and(visible())
                .fetchOptional()
                .map(Task::of);
    }

    /** The task, or 404 when it does not exist or the current user does not see it. */
    Task require(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("task"));
    }

    int currentVersion(UUID id) {
        var v = db.select(TASK.VERSION).from(TASK).where(TASK.ID.eq(id)).fetchOne(TASK.VERSION);
        return v == null ? -1 : v;
    }
}
