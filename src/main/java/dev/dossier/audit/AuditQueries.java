package dev.dossier.audit;

import static dev.dossier.db.Tables.AUDIT_ENTRY;

import dev.dossier.shared.Cursor;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.Slice;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Searches of the trail, newest first, a keyset page at a time. */
@Component
class AuditQueries {

    /** Every action the trail records, for the filter. */
    static final List<String> ACTIONS = List.of(
            "sign-in.succeeded",
            "sign-in.failed",
            "customer.registered",
            "customer.changed",
            "customer.stage-changed",
            "customer.trashed",
            "customer.restored",
            "customer.purged",
            "user.roles-changed",
            "role.permission-changed",
            "record.shared",
            "record.unshared",
            "value.revealed",
            "record.viewed",
            "data.exported",
            "data.imported",
            "customers.imported",
            "sign-in.second-factor",
            "sign-in.second-factor-failed",
            "user.second-factor-enabled",
            "user.second-factor-disabled",
            "sign-in.policy-changed",
            "customer.erased",
            "privacy.request-moved",
            "interaction.logged",
            "interaction.changed",
            "interaction.deleted",
            "note.written",
            "note.edited",
            "note.deleted",
            "comment.posted",
            "task.created",
            "task.assigned",
            "task.completed",
            "task.reopened",
            "task.cancelled",
            "task.deleted",
            "task.programme-ran",
            "case.opened",
            "case.transitioned",
            "case.assigned",
            "case.priority-changed",
            "case.escalated",
            "case.replied",
            "case.noted",
            "case.customer-wrote",
            "problem.reported",
            "problem.status-changed",
            "audit.chain-keyed");

    /**
     * What to search for; every part may be null.
     *
     * @param from first day (in the organisation's time zone)
     * @param to last day
     * @param actorId who
     * @param action action code
     * @param subjectId id of what an entry is about
     * @param q text in the actor's name, the client address or the detail
     */
    record Filter(LocalDate from, LocalDate to, UUID actorId, String action, UUID subjectId, String q) {

        Filter {
            q = q == null || q.isBlank() ? null : q.strip();
            action = action == null || action.isBlank() ? null : action;
            if (q != null && q.length() > 100) {
                throw new InvalidValueException("audit.q.too-long", "Search text too long");
            }
        }

        static Filter none() {
            return new Filter(null, null, null, null, null, null);
        }

        /** The filter in words, for the export's entry. */
        String describe() {
            var parts = new ArrayList<String>();
            if (from != null) {
                parts.add("from=" + from);
            }
            if (to != null) {
                parts.add("to=" + to);
            }
            if (actorId != null) {
                parts.add("actor=" + actorId);
            }
            if (action != null) {
                parts.add("action=" + action);
            }
            if (subjectId != null) {
                parts.add("subject=" + subjectId);
            }
            if (q != null) {
                parts.add("q=" + q);
            }
            return String.join(" ", parts);
        }
    }

    /**
     * One entry as the page and the API show it.
     *
     * @param seq position in the chain
     * @param id entry id
     * @param occurredAt when
     * @param actorId who, or null
     * @param actorName their name then, or null for the system
     * @param clientAddress from where, or null
     * @param action action code
     * @param subjectType what it is about, or null
     * @param subjectId id of what it is about, or null
     * @param detail the detail, as JSON text
     * @param redacted whether the detail was erased
     */
    record Row(
            long seq,
            UUID id,
            OffsetDateTime occurredAt,
            UUID actorId,
            String actorName,
            String clientAddress,
            String action,
            String subjectType,
            UUID subjectId,
            String detail,
            boolean redacted) {

        /** The detail as field changes and other facts, for people to read. */
        public AuditDetails.View view() {
            return AuditDetails.view(detail);
        }

        public String subject() {
            return subjectType == null ? null : subjectType + ":" + subjectId;
        }
    }

    static final int MAX_LIMIT = 500;

    private final DSLContext db;
    private final AuditChainWriter writer;
    private final ZoneId zone;

    AuditQueries(DSLContext db, AuditChainWriter writer, @Value("${dossier.time-zone:Asia/Shanghai}") String zone) {
        this.db = db;
        this.writer = writer;
        this.zone = ZoneId.of(zone);
    }

    /** A page of entries matching the filter, newest first, after the cursor of the previous page. */
    Slice<Row> list(Filter filter, String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        var condition = condition(filter);
        if (cursor == null || cursor.isBlank()) {
            // The first page shows every entry committed before it was asked for.
            writer.drain();
        } else {
            condition = condition.and(AUDIT_ENTRY.SEQ.lt(before(cursor)));
        }
        var rows = db.select(AUDIT_ENTRY.fields())
                .from(AUDIT_ENTRY)
                .where(condition)
                .orderBy(order(filter))
                .limit(size + 1)
                .fetch(AuditQueries::row);
        if (rows.size() > size) {
            var items = rows.subList(0, size);
            return new Slice<>(
                    List.copyOf(items),
                    Cursor.encode(List.of(Long.toString(items.getLast().seq()))));
        }
        return new Slice<>(rows, null);
    }

    /** Every entry matching the filter, newest first, read a batch at a time. */
    long forEach(Filter filter, Consumer<Row> consumer) {
        writer.drain();
        long count = 0;
        Long before = null;
        while (true) {
            var condition = condition(filter);
            if (before != null) {
                condition = condition.and(AUDIT_ENTRY.SEQ.lt(before));
            }
            var batch = db.select(AUDIT_ENTRY.fields())
                    .from(AUDIT_ENTRY)
                    .where(condition)
                    .orderBy(order(filter))
                    .limit(MAX_LIMIT)
                    .fetch(AuditQueries::row);
            batch.forEach(consumer);
            count += batch.size();
            if (batch.size() < MAX_LIMIT) {
                return count;
            }
            before = batch.getLast().seq();
        }
    }

    /** Times, actions and actors of the entries about a customer, oldest first, without their details. */
    List<Map<String, Object>> aboutCustomer(UUID customerId) {
        writer.drain();
        return db.select(AUDIT_ENTRY.OCCURRED_AT, AUDIT_ENTRY.ACTION, AUDIT_ENTRY.ACTOR_NAME)
                .from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.SUBJECT_TYPE.eq("customer").and(AUDIT_ENTRY.SUBJECT_ID.eq(customerId)))
                .orderBy(AUDIT_ENTRY.SEQ)
                .fetch(r -> {
                    var map = new java.util.LinkedHashMap<String, Object>();
                    map.put("occurredAt", r.value1().toString());
                    map.put("action", r.value2());
                    map.put("actor", r.value3());
                    return (Map<String, Object>) map;
                });
    }

    /**
     * Newest first. Times never decrease along the chain, so ordering by time then position is the same order; a
     * search by period alone says so, letting the database walk the time index instead of filtering the whole chain.
     */
    private static List<org.jooq.SortField<?>> order(Filter filter) {
        boolean periodOnly = (filter.from() != null || filter.to() != null)
                && filter.actorId() == null
                && filter.action() == null
                && filter.subjectId() == null;
        return periodOnly
                ? List.of(AUDIT_ENTRY.OCCURRED_AT.desc(), AUDIT_ENTRY.SEQ.desc())
                : List.of(AUDIT_ENTRY.SEQ.desc());
    }

    private Condition condition(Filter filter) {
        var condition = DSL.noCondition();
        if (filter.from() != null) {
            condition = condition.and(
                    AUDIT_ENTRY.OCCURRED_AT.ge(filter.from().atStartOfDay(zone).toOffsetDateTime()));
        }
        if (filter.to() != null) {
            condition = condition.and(AUDIT_ENTRY.OCCURRED_AT.lt(
                    filter.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime()));
        }
        if (filter.actorId() != null) {
            condition = condition.and(AUDIT_ENTRY.ACTOR_ID.eq(filter.actorId()));
        }
        if (filter.action() != null) {
            condition = condition.and(AUDIT_ENTRY.ACTION.eq(filter.action()));
        }
        if (filter.subjectId() != null) {
            condition = condition.and(AUDIT_ENTRY.SUBJECT_ID.eq(filter.subjectId()));
        }
        if (filter.q() != null) {
            var pattern =
                    "%" + filter.q().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            condition = condition.and(AUDIT_ENTRY
                    .ACTOR_NAME
                    .likeIgnoreCase(pattern, '\\')
                    .or(AUDIT_ENTRY.CLIENT_ADDRESS.like(pattern, '\\'))
                    .or(AUDIT_ENTRY.DETAIL.likeIgnoreCase(pattern, '\\')));
        }
        return condition;
    }

    private static long before(String cursor) {
        try {
            return Long.parseLong(Cursor.decode(cursor, 1).getFirst());
        } catch (NumberFormatException e) {
            throw new InvalidValueException("cursor.invalid", "Malformed cursor");
        }
    }

    private static Row row(Record r) {
        return new Row(
                r.get(AUDIT_ENTRY.SEQ),
                r.get(AUDIT_ENTRY.ID),
                r.get(AUDIT_ENTRY.OCCURRED_AT),
                r.get(AUDIT_ENTRY.ACTOR_ID),
                r.get(AUDIT_ENTRY.ACTOR_NAME),
                r.get(AUDIT_ENTRY.CLIENT_ADDRESS),
                r.get(AUDIT_ENTRY.ACTION),
                r.get(AUDIT_ENTRY.SUBJECT_TYPE),
                r.get(AUDIT_ENTRY.SUBJECT_ID),
                r.get(AUDIT_ENTRY.DETAIL),
                Boolean.TRUE.equals(r.get(AUDIT_ENTRY.REDACTED)));
    }
}
