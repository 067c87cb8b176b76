package dev.dossier.notes;

import static dev.dossier.db.Tables.NOTE;
import static dev.dossier.db.Tables.NOTE_SECTION;
import static dev.dossier.db.Tables.NOTE_TEMPLATE;
import static dev.dossier.db.Tables.NOTE_TEMPLATE_SECTION;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The note-quality review: for the notes written in a period, per author and per team, how many were written, how
 * many miss required content, use words to avoid, or came late. Definitions:
 * <ul>
 * <li><b>missing required content</b>: the note's template, as it is now, has a required section the note has no
 * text under (the section became required after the note was written, or was emptied);</li>
 * <li><b>non-standard terms</b>: the last save found words the vocabulary says to avoid;</li>
 * <li><b>late</b>: written more than the given hours after what it is about happened. Pages that offer to write a
 * note about an interaction or a task pass its time ({@code occurredAt}); otherwise a note's own time counts, so a
 * note about a customer is never late.</li>
 * </ul>
 * Only notes whose author or team the current user's scope in the notes area covers are counted.
 */
@Service
class NoteQuality {

    /**
     * Figures of one author or team.
     *
     * @param id the author or team, null for notes without
     * @param written notes written
     * @param missing notes missing required content
     * @param nonstandard notes using words to avoid
     * @param late notes written late
     */
    record Row(UUID id, int written, int missing, int nonstandard, int late) {}

    /**
     * A note to fix.
     *
     * @param id the note
     * @param customerId its customer
     * @param authorId its author
     * @param templateCode the template's code (shipped) or null
     * @param templateName the template's name (administrators' ones)
     * @param category category
     * @param createdAt when it was written
     * @param lagMinutes minutes after what it is about
     * @param missing misses required content
     * @param nonstandard uses words to avoid
     * @param late written late
     */
    record Fix(
            UUID id,
            UUID customerId,
            UUID authorId,
            String templateCode,
            String templateName,
            String category,
            OffsetDateTime createdAt,
            int lagMinutes,
            boolean missing,
            boolean nonstandard,
            boolean late) {}

    /**
     * The review of a period.
     *
     * @param authors figures per author, most notes first
     * @param teams figures per team
     * @param fixes the notes to fix, newest first, at most 500
     */
    record Review(List<Row> authors, List<Row> teams, List<Fix> fixes) {}

    private final DSLContext db;
    private final Access access;

    NoteQuality(DSLContext db, Access access) {
        this.db = db;
        this.access = access;
    }

    @Transactional(readOnly = true)
    Review review(OffsetDateTime from, OffsetDateTime to, int lateHours) {
        var scope = NOTE.DELETED_AT
                .isNull()
                .and(NOTE.CREATED_AT.ge(from))
                .and(NOTE.CREATED_AT.lt(to))
                .and(access.owned(Area.NOTES, NOTE.AUTHOR_ID, NOTE.TEAM_ID));
        var missing = missing();
        var nonstandard = NOTE.NONSTANDARD_TERMS.isNotNull();
        var late = NOTE.LAG_MINUTES.gt(lateHours * 60);
        return new Review(
                rows(NOTE.AUTHOR_ID, scope, missing, nonstandard, late),
                rows(NOTE.TEAM_ID, scope, missing, nonstandard, late),
                db.select(
                                NOTE.ID,
                                NOTE.CUSTOMER_ID,
                                NOTE.AUTHOR_ID,
                                NOTE_TEMPLATE.CODE,
                                NOTE_TEMPLATE.NAME,
                                NOTE.CATEGORY,
                                NOTE.CREATED_AT,
                                NOTE.LAG_MINUTES,
                                flag(missing),
                                flag(nonstandard),
                                flag(late))
                        .from(NOTE)
                        .join(NOTE_TEMPLATE)
                        .on(NOTE_TEMPLATE.ID.eq(NOTE.TEMPLATE_ID))
                        .where(scope)
                        .and(missing.or(nonstandard).or(late))
                        .orderBy(NOTE.CREATED_AT.desc(), NOTE.ID.desc())
                        .limit(500)
                        .fetch(r -> new Fix(
                                r.value1(),
                                r.value2(),
                                r.value3(),
                                r.value4(),
                                r.value5(),
                                r.value6(),
                                r.value7(),
                                r.value8(),
                                r.value9() == 1,
                                r.value10() == 1,
                                r.value11() == 1)));
    }

    /** A required section of the note's template the note has no text under. */
    static Condition missing() {
        return DSL.exists(DSL.selectOne()
                .from(NOTE_TEMPLATE_SECTION)
                .where(NOTE_TEMPLATE_SECTION.TEMPLATE_ID.eq(NOTE.TEMPLATE_ID))
                .and(NOTE_TEMPLATE_SECTION.REQUIRED.isTrue())
                .and(NOTE_TEMPLATE_SECTION.DELETED_AT.isNull())
                .and(DSL.notExists(DSL.selectOne()
                        .from(NOTE_SECTION)
                        .where(NOTE_SECTION.NOTE_ID.eq(NOTE.ID))
                        .and(NOTE_SECTION.SECTION_ID.eq(NOTE_TEMPLATE_SECTION.ID)))));
    }

    private List<Row> rows(Field<UUID> by, Condition scope, Condition missing, Condition nonstandard, Condition late) {
        return db.select(by, DSL.count(), DSL.sum(flag(missing)), DSL.sum(flag(nonstandard)), DSL.sum(flag(late)))
                .from(NOTE)
                .where(scope)
                .groupBy(by)
                .orderBy(DSL.count().desc(), by)
                .fetch(r -> new Row(r.value1(), r.value2(), intOf(r.value3()), intOf(r.value4()), intOf(r.value5())));
    }

    private static Field<Integer> flag(Condition condition) {
        return DSL.when(condition, 1).otherwise(0);
    }

    private static int intOf(Number n) {
        return n == null ? 0 : n.intValue();
    }
}
