package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.feedback.CaseChannel;
import dev.dossier.feedback.CaseKind;
import dev.dossier.feedback.CasePriority;
import dev.dossier.feedback.CaseStatus;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.Cursor;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.Slice;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The case queues, filtered and sorted, with keyset paging; only cases the current user sees. */
@Service
class CaseQueries {

    /** How long before its due time a case counts as breaching soon when its policy says nothing else. */
    static final Duration WARNING = Duration.ofHours(4);

    /** Queue counts stop here. */
    static final int COUNT_CAP = 100;

    /** The queues. */
    enum Queue {
        /** Assigned to me. */
        MINE,
        /** In my team's queue or with its members. */
        TEAM,
        /** With nobody yet. */
        UNASSIGNED,
        /** Due within the warning time. */
        BREACHING,
        /** Past a due time. */
        BREACHED,
        /** Everything I see. */
        ALL;

        static Queue parse(String text) {
            return CaseQueries.parse(text, Queue.class, MINE, "cases.queue.invalid");
        }
    }

    /** The orders a queue can be listed in. */
    enum Sort {
        /** Soonest resolution due first, cases without a due time last. */
        DUE,
        /** Newest first. */
        CREATED,
        /** Most urgent first, then soonest due. */
        PRIORITY;

        static Sort parse(String text) {
            return CaseQueries.parse(text, Sort.class, DUE, "cases.sort.invalid");
        }
    }

    /**
     * What to list.
     *
     * @param queue which queue
     * @param status only this status; null for active cases
     * @param anyStatus every status, resolved and closed too
     * @param kind only this kind, or null
     * @param priority only this priority, or null
     * @param category only this category, or null
     * @param productId only this product, or null
     * @param channel only this channel, or null
     * @param assigneeId only this assignee, or null
     * @param text words in the title, or null
     * @param sort the order
     */
    record Filter(
            Queue queue,
            CaseStatus status,
            boolean anyStatus,
            CaseKind kind,
            CasePriority priority,
            String category,
            UUID productId,
            CaseChannel channel,
            UUID assigneeId,
            String text,
            Sort sort) {

        static Filter of(
                String queue,
                String status,
                CaseKind kind,
                CasePriority priority,
                String category,
                UUID productId,
                CaseChannel channel,
                UUID assigneeId,
                String text,
                String sort) {
            var any = "ANY".equalsIgnoreCase(status);
            CaseStatus s = null;
            if (!any && status != null && !status.isBlank()) {
                s = CaseQueries.parse(status, CaseStatus.class, null, "cases.status.invalid");
            }
            return new Filter(
                    Queue.parse(queue),
                    s,
                    any,
                    kind,
                    priority,
                    blankToNull(category),
                    productId,
                    channel,
                    assigneeId,
                    blankToNull(text),
                    Sort.parse(sort));
        }

        private static String blankToNull(String text) {
            return text == null || text.isBlank() ? null : text.strip();
        }
    }

    /**
     * A queue's filter as the request parameters of the list, its export and the API name them.
     *
     * @param queue MINE (default), TEAM, UNASSIGNED, BREACHING, BREACHED or ALL
     * @param status a status, ANY for every status, or nothing for the active ones
     * @param q words in the title
     * @param sort DUE (default), CREATED or PRIORITY
     */
    record Params(
            String queue,
            String status,
            CaseKind kind,
            CasePriority priority,
            String category,
            UUID product,
            CaseChannel channel,
            UUID assignee,
            String q,
            String sort) {

        Filter filter() {
            return Filter.of(queue, status, kind, priority, category, product, channel, assignee, q, sort);
        }
    }

    private final DSLContext db;
    private final CaseRepository cases;
    private final Clock clock;

    CaseQueries(DSLContext db, CaseRepository cases, Clock clock) {
        this.db = db;
        this.cases = cases;
        this.clock = clock;
    }

    /** One page of a queue. */
    @Transactional(readOnly = true)
    Slice<FeedbackCase> list(Filter filter, String cursor, int limit) {
        var now = OffsetDateTime.now(clock);
        var c = cases.visible().and(queue(filter.queue(), now)).and(filters(filter));
        var keys = keys(filter.sort());
        if (cursor != null && !cursor.isBlank()) {
            c = c.and(after(filter.sort(), Cursor.decode(cursor, keys.size())));
        }
        int size = Math.clamp(limit, 1, 200);
        var rows = filter.queue() == Queue.BREACHING
                ? breachingSoon(c, filter.sort(), now, size + 1)
                : db.selectFrom(FEEDBACK_CASE)
                        .where(c)
                        .orderBy(order(filter))
                        .limit(size + 1)
                        .fetch(cases::of);
        return slice(rows, size, keys);
    }

    /** A page of {@code size} rows out of {@code size + 1} fetched, with the cursor after its last row if more. */
    private static Slice<FeedbackCase> slice(List<FeedbackCase> rows, int size, List<Field<?>> keys) {
        if (rows.size() <= size) {
            return new Slice<>(rows, null);
        }
        var page = List.copyOf(rows.subList(0, size));
        var values = new ArrayList<String>();
        for (var key : keys) {
            var value = page.getLast().row().get(key);
            values.add(value == null ? "" : value.toString());
        }
        return new Slice<>(page, Cursor.encode(values));
    }

    /**
     * How many active cases each queue holds for the current user, for the tabs, counted up to {@link #COUNT_CAP}
     * (a tab shows "99+" beyond): an exact count of a large queue would cost more than the whole page.
     */
    @Transactional(readOnly = true)
    Map<Queue, Integer> counts() {
        var now = OffsetDateTime.now(clock);
        var counts = new LinkedHashMap<Queue, Integer>();
        for (var queue : List.of(Queue.MINE, Queue.TEAM, Queue.UNASSIGNED, Queue.BREACHING, Queue.BREACHED)) {
            counts.put(
                    queue,
                    db.fetchCount(db.selectOne()
                            .from(FEEDBACK_CASE)
                            .where(cases.visible())
                            .and(queue(queue, now))
                            .and(FEEDBACK_CASE.ACTIVE.isTrue())
                            .limit(COUNT_CAP)));
        }
        return counts;
    }

    /**
     * The breaching-soon queue as two index range scans merged: cases due within {@link #WARNING}, and cases due
     * later whose policy warned already (a longer warning time). One scan with an OR would read every active case
     * due later when few are breaching.
     */
    private List<FeedbackCase> breachingSoon(Condition c, Sort sort, OffsetDateTime now, int limit) {
        var due = FEEDBACK_CASE.RESOLUTION_DUE_AT;
        var soon = db.selectFrom(FEEDBACK_CASE)
                .where(c)
                .and(due.lt(now.plus(WARNING)))
                .orderBy(order(sort))
                .limit(limit)
                .fetch(cases::of);
        var warned = db.selectFrom(FEEDBACK_CASE)
                .where(c)
                .and(due.ge(now.plus(WARNING)))
                .and(FEEDBACK_CASE.WARNED_AT.isNotNull())
                .orderBy(order(sort))
                .limit(limit)
                .fetch(cases::of);
        if (warned.isEmpty()) {
            return soon;
        }
        var all = new ArrayList<>(soon);
        all.addAll(warned);
        all.sort(comparator(sort));
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    /** The sort's order in Java, for merging the pages of two queries. */
    private static java.util.Comparator<FeedbackCase> comparator(Sort sort) {
        java.util.Comparator<FeedbackCase> due = java.util.Comparator.comparing(
                FeedbackCase::resolutionDueAt, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
        java.util.Comparator<FeedbackCase> id = java.util.Comparator.comparing(FeedbackCase::id);
        return switch (sort) {
            case DUE -> due.thenComparing(id);
            case CREATED ->
                java.util.Comparator.comparing(FeedbackCase::createdAt)
                        .thenComparing(id)
                        .reversed();
            case PRIORITY ->
                java.util.Comparator.<FeedbackCase>comparingInt(f -> urgencyOf(f.priority()))
                        .thenComparing(due)
                        .thenComparing(id);
        };
    }

    /** The customer's cases, newest first (for the dossier). */
    @Transactional(readOnly = true)
    Slice<FeedbackCase> ofCustomer(UUID customerId, String cursor, int limit) {
        var c = cases.visible().and(FEEDBACK_CASE.CUSTOMER_ID.eq(customerId));
        if (cursor != null && !cursor.isBlank()) {
            c = c.and(after(Sort.CREATED, Cursor.decode(cursor, 2)));
        }
        int size = Math.clamp(limit, 1, 200);
        var rows = db.selectFrom(FEEDBACK_CASE)
                .where(c)
                .orderBy(order(Sort.CREATED))
                .limit(size + 1)
                .fetch(cases::of);
        return slice(rows, size, keys(Sort.CREATED));
    }

    private static Condition queue(Queue queue, OffsetDateTime now) {
        var me = CurrentUser.find();
        var due = FEEDBACK_CASE.RESOLUTION_DUE_AT;
        return switch (queue) {
            case MINE -> me.map(u -> FEEDBACK_CASE.ASSIGNEE_ID.eq(u.id())).orElse(DSL.falseCondition());
            case TEAM ->
                me.filter(u -> u.teamId() != null)
                        .map(u -> FEEDBACK_CASE.TEAM_ID.eq(u.teamId()))
                        .orElse(DSL.falseCondition());
            case UNASSIGNED -> FEEDBACK_CASE.ACTIVE.isTrue().and(FEEDBACK_CASE.ASSIGNEE_ID.isNull());
            // Listed by breachingSoon as two scans; this form serves the count.
            case BREACHING ->
                FEEDBACK_CASE
                        .ACTIVE
                        .isTrue()
                        .and(FEEDBACK_CASE.SLA_PAUSED_AT.isNull())
                        .and(due.ge(now))
                        .and(due.lt(now.plus(WARNING)).or(FEEDBACK_CASE.WARNED_AT.isNotNull()));
            case BREACHED ->
                FEEDBACK_CASE
                        .ACTIVE
                        .isTrue()
                        .and(due.lt(now)
                                .and(FEEDBACK_CASE.SLA_PAUSED_AT.isNull().or(due.lt(FEEDBACK_CASE.SLA_PAUSED_AT)))
                                .or(FEEDBACK_CASE
                                        .FIRST_RESPONDED_AT
                                        .isNull()
                                        .and(FEEDBACK_CASE.FIRST_RESPONSE_DUE_AT.lt(now))
                                        .and(FEEDBACK_CASE.SLA_PAUSED_AT.isNull())));
            case ALL -> DSL.trueCondition();
        };
    }

    private static Condition filters(Filter f) {
        Condition c = DSL.trueCondition();
        if (f.status() != null) {
            c = c.and(FEEDBACK_CASE.STATUS.eq(f.status().name()));
        } else if (!f.anyStatus()) {
            c = c.and(FEEDBACK_CASE.ACTIVE.isTrue());
        }
        if (f.kind() != null) {
            c = c.and(FEEDBACK_CASE.KIND.eq(f.kind().name()));
        }
        if (f.priority() != null) {
            c = c.and(FEEDBACK_CASE.PRIORITY.eq(f.priority().name()));
        }
        if (f.category() != null) {
            c = c.and(FEEDBACK_CASE.CATEGORY.eq(f.category()));
        }
        if (f.productId() != null) {
            c = c.and(FEEDBACK_CASE.PRODUCT_ID.eq(f.productId()));
        }
        if (f.channel() != null) {
            c = c.and(FEEDBACK_CASE.CHANNEL.eq(f.channel().name()));
        }
        if (f.assigneeId() != null) {
            c = c.and(FEEDBACK_CASE.ASSIGNEE_ID.eq(f.assigneeId()));
        }
        if (f.text() != null) {
            c = c.and(FEEDBACK_CASE.TITLE.containsIgnoreCase(f.text()));
        }
        return c;
    }

    /** URGENT 0 … LOW 3, so that ascending order puts the most urgent first. */
    private static Field<Integer> urgency() {
        return DSL.when(FEEDBACK_CASE.PRIORITY.eq(CasePriority.URGENT.name()), 0)
                .when(FEEDBACK_CASE.PRIORITY.eq(CasePriority.HIGH.name()), 1)
                .when(FEEDBACK_CASE.PRIORITY.eq(CasePriority.NORMAL.name()), 2)
                .otherwise(3);
    }

    private static List<Field<?>> keys(Sort sort) {
        return switch (sort) {
            case DUE -> List.of(FEEDBACK_CASE.RESOLUTION_DUE_AT, FEEDBACK_CASE.ID);
            case CREATED -> List.of(FEEDBACK_CASE.CREATED_AT, FEEDBACK_CASE.ID);
            case PRIORITY -> List.of(FEEDBACK_CASE.PRIORITY, FEEDBACK_CASE.RESOLUTION_DUE_AT, FEEDBACK_CASE.ID);
        };
    }

    /**
     * The order of a list. The unassigned queue is ordered by the (empty) assignee first, which changes nothing but
     * lets the database read it in order from the index that starts with {@code (active, assignee_id)}.
     */
    private static List<SortField<?>> order(Filter filter) {
        var order = order(filter.sort());
        if (filter.queue() != Queue.UNASSIGNED || filter.sort() == Sort.CREATED) {
            return order;
        }
        var withAssignee = new ArrayList<SortField<?>>();
        withAssignee.add(FEEDBACK_CASE.ASSIGNEE_ID.asc().nullsLast());
        withAssignee.addAll(order);
        return withAssignee;
    }

    private static List<SortField<?>> order(Sort sort) {
        return switch (sort) {
            case DUE -> List.of(FEEDBACK_CASE.RESOLUTION_DUE_AT.asc().nullsLast(), FEEDBACK_CASE.ID.asc());
            case CREATED -> List.of(FEEDBACK_CASE.CREATED_AT.desc(), FEEDBACK_CASE.ID.desc());
            case PRIORITY ->
                List.of(urgency().asc(), FEEDBACK_CASE.RESOLUTION_DUE_AT.asc().nullsLast(), FEEDBACK_CASE.ID.asc());
        };
    }

    /** The rows after the cursor's, in the sort's order (a due time left empty sorts last). */
    private static Condition after(Sort sort, List<String> parts) {
        try {
            return switch (sort) {
                case DUE -> afterDue(parts.get(0), UUID.fromString(parts.get(1)));
                case CREATED ->
                    DSL.row(FEEDBACK_CASE.CREATED_AT, FEEDBACK_CASE.ID)
                            .lt(Cursor.time(parts.get(0)), UUID.fromString(parts.get(1)));
                case PRIORITY -> {
                    int rank = urgencyOf(CasePriority.valueOf(parts.get(0)));
                    var due = afterDue(parts.get(1), UUID.fromString(parts.get(2)));
                    yield urgency().gt(rank).or(urgency().eq(rank).and(due));
                }
            };
        } catch (RuntimeException e) {
            throw new InvalidValueException("cursor.invalid", "Malformed cursor");
        }
    }

    private static Condition afterDue(String due, UUID id) {
        if (due.isEmpty()) {
            return FEEDBACK_CASE.RESOLUTION_DUE_AT.isNull().and(FEEDBACK_CASE.ID.gt(id));
        }
        var at = Cursor.time(due);
        return DSL.row(FEEDBACK_CASE.RESOLUTION_DUE_AT, FEEDBACK_CASE.ID)
                .gt(at, id)
                .or(FEEDBACK_CASE.RESOLUTION_DUE_AT.isNull());
    }

    private static int urgencyOf(CasePriority priority) {
        return CasePriority.URGENT.ordinal() - priority.ordinal();
    }

    private static <E extends Enum<E>> E parse(String text, Class<E> type, E fallback, String code) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(code, "Not a " + type.getSimpleName() + ": " + text);
        }
    }
}
