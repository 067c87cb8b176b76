package dev.dossier.feedback.problems;

import static dev.dossier.db.Tables.PROBLEM;
import static dev.dossier.db.Tables.PROBLEM_TRANSITION;

import dev.dossier.feedback.ProblemStatus;
import dev.dossier.feedback.Severity;
import dev.dossier.shared.Cursor;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.Slice;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The problem list, newest first with keyset paging, and a problem's history. */
@Service
class ProblemQueries {

    /**
     * What to list.
     *
     * @param status only this status, or null for all
     * @param productId only this product, or null
     * @param severity only this severity, or null
     */
    record Filter(ProblemStatus status, UUID productId, Severity severity) {

        static Filter of(String status, UUID productId, String severity) {
            return new Filter(
                    option(ProblemStatus.class, status, "problems.status.invalid"),
                    productId,
                    option(Severity.class, severity, "problems.severity.invalid"));
        }

        private static <E extends Enum<E>> E option(Class<E> type, String text, String code) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException(code, "Not a value of " + type.getSimpleName() + ": " + text);
            }
        }
    }

    /**
     * One step of a problem's history.
     *
     * @param from status before, or null when recorded
     * @param to status after
     * @param actorId who, or null for the system or the tracker
     * @param source PAGE, API or WEBHOOK
     * @param at when
     * @param comment what was said
     */
    record Transition(String from, String to, UUID actorId, String source, OffsetDateTime at, String comment) {}

    private final DSLContext db;
    private final ProblemRepository problems;

    ProblemQueries(DSLContext db, ProblemRepository problems) {
        this.db = db;
        this.problems = problems;
    }

    @Transactional(readOnly = true)
    Slice<Problem> list(Filter filter, String cursor, int limit) {
        Condition c = problems.visible();
        if (filter.status() != null) {
            c = c.and(PROBLEM.STATUS.eq(filter.status().name()));
        }
        if (filter.productId() != null) {
            c = c.and(PROBLEM.PRODUCT_ID.eq(filter.productId()));
        }
        if (filter.severity() != null) {
            c = c.and(PROBLEM.SEVERITY.eq(filter.severity().name()));
        }
        if (cursor != null && !cursor.isBlank()) {
            try {
                c = c.and(PROBLEM.PROBLEM_NO.lt(
                        Long.parseLong(Cursor.decode(cursor, 1).getFirst())));
            } catch (NumberFormatException e) {
                throw new InvalidValueException("cursor.invalid", "Malformed cursor");
            }
        }
        int size = Math.clamp(limit, 1, 200);
        var rows = db.selectFrom(PROBLEM)
                .where(c)
                .orderBy(PROBLEM.PROBLEM_NO.desc())
                .limit(size + 1)
                .fetch(Problem::of);
        if (rows.size() <= size) {
            return new Slice<>(rows, null);
        }
        var page = List.copyOf(rows.subList(0, size));
        return new Slice<>(
                page, Cursor.encode(List.of(Long.toString(page.getLast().problemNo()))));
    }

    @Transactional(readOnly = true)
    List<Transition> history(UUID problemId) {
        problems.require(problemId);
        return db.selectFrom(PROBLEM_TRANSITION)
                .where(PROBLEM_TRANSITION.PROBLEM_ID.eq(problemId))
                .orderBy(PROBLEM_TRANSITION.AT, PROBLEM_TRANSITION.ID)
                .fetch(r -> new Transition(
                        r.getFromStatus(), r.getToStatus(), r.getActorId(), r.getSource(), r.getAt(), r.getComment()));
    }
}
