package dev.dossier.tasks;

import static dev.dossier.db.Tables.TASK;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.timeline.TimelineAction;
import dev.dossier.shared.timeline.TimelineItem;
import dev.dossier.shared.timeline.TimelineQuery;
import dev.dossier.shared.timeline.TimelineSource;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Tasks on the customer's timeline, placed at their due time: a planned follow-up sits above today's entries until
 * it falls due, and a done task stays where it was planned, next to the interaction that completed it. That reads as
 * the customer's story ("we planned to call on the 15th; we called on the 15th") better than the creation time,
 * which says only when someone typed it. One indexed query on {@code (customer_id, due_at DESC, id DESC)}; the author
 * filter is the task's creator.
 */
@Component
class TaskTimeline implements TimelineSource {

    private final DSLContext db;
    private final Access access;
    private final MessageSource messages;
    private final Clock clock;

    TaskTimeline(DSLContext db, Access access, MessageSource messages, Clock clock) {
        this.db = db;
        this.access = access;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "task";
    }

    @Override
    public List<TimelineItem> page(UUID customerId, TimelineQuery query) {
        if (!access.allows(Area.TASKS, Operation.READ)) {
            return List.of();
        }
        Condition c = TASK.CUSTOMER_ID.eq(customerId).and(TASK.DELETED_AT.isNull());
        if (query.before() != null) {
            c = c.and(DSL.row(TASK.DUE_AT, TASK.ID)
                    .lt(query.before().at(), query.before().id()));
        }
        if (query.authorId() != null) {
            c = c.and(TASK.CREATED_BY.eq(query.authorId()));
        }
        if (query.from() != null) {
            c = c.and(TASK.DUE_AT.ge(query.from()));
        }
        if (query.to() != null) {
            c = c.and(TASK.DUE_AT.lt(query.to()));
        }
        var locale = LocaleContextHolder.getLocale();
        var now = OffsetDateTime.now(clock);
        return db
                .selectFrom(TASK)
                .where(c)
                .orderBy(TASK.DUE_AT.desc(), TASK.ID.desc())
                .limit(query.limit())
                .fetch(Task::of)
                .stream()
                .map(task -> {
                    var labels = new ArrayList<String>();
                    labels.add(messages.getMessage("task.status." + task.status(), null, locale));
                    if (task.priority() == TaskPriority.HIGH || task.priority() == TaskPriority.URGENT) {
                        labels.add(messages.getMessage("task.priority." + task.priority(), null, locale));
                    }
                    if (task.overdue(now)) {
                        labels.add(messages.getMessage("task.overdue", null, locale));
                    }
                    var summary = task.description() == null
                            ? null
                            : task.description().length() > 200
                                    ? task.description().substring(0, 200) + "…"
                                    : task.description();
                    return new TimelineItem(
                            "task",
                            task.id(),
                            task.dueAt(),
                            task.createdBy(),
                            messages.getMessage("task.kind." + task.kind(), null, locale) + ": " + task.title(),
                            summary,
                            "/tasks/" + task.id(),
                            labels);
                })
                .toList();
    }

    @Override
    public Optional<TimelineAction> action(UUID customerId) {
        return access.allows(Area.TASKS, Operation.CREATE)
                ? Optional.of(new TimelineAction("task.new", "/tasks/new?subject=customer:" + customerId))
                : Optional.empty();
    }
}
