package dev.dossier.notes;

import static dev.dossier.db.Tables.NOTE;
import static dev.dossier.db.Tables.NOTE_TEMPLATE;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.timeline.TimelineAction;
import dev.dossier.shared.timeline.TimelineItem;
import dev.dossier.shared.timeline.TimelineQuery;
import dev.dossier.shared.timeline.TimelineSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Notes on the customer's timeline: one query on {@code (customer_id, created_at DESC, id DESC)} a page, the
 * template's name and the category as title, the start of the text as summary, tags and a flag for words to avoid.
 */
@Component
class NoteTimeline implements TimelineSource {

    private final DSLContext db;
    private final Access access;
    private final NoteTitles titles;
    private final MessageSource messages;

    NoteTimeline(DSLContext db, Access access, NoteTitles titles, MessageSource messages) {
        this.db = db;
        this.access = access;
        this.titles = titles;
        this.messages = messages;
    }

    @Override
    public String kind() {
        return "note";
    }

    @Override
    public List<TimelineItem> page(UUID customerId, TimelineQuery query) {
        if (!access.allows(Area.NOTES, Operation.READ)) {
            return List.of();
        }
        var condition = NOTE.CUSTOMER_ID.eq(customerId).and(NOTE.DELETED_AT.isNull());
        if (query.before() != null) {
            condition = condition.and(NOTE.CREATED_AT
                    .lt(query.before().at())
                    .or(NOTE.CREATED_AT
                            .eq(query.before().at())
                            .and(NOTE.ID.lt(query.before().id()))));
        }
        if (query.authorId() != null) {
            condition = condition.and(NOTE.AUTHOR_ID.eq(query.authorId()));
        }
        if (query.from() != null) {
            condition = condition.and(NOTE.CREATED_AT.ge(query.from()));
        }
        if (query.to() != null) {
            condition = condition.and(NOTE.CREATED_AT.lt(query.to()));
        }
        var flag = messages.getMessage("note.nonstandard.label", null, LocaleContextHolder.getLocale());
        return db.select(
                        NOTE.ID,
                        NOTE.CREATED_AT,
                        NOTE.AUTHOR_ID,
                        NOTE.CATEGORY,
                        NOTE.TAGS,
                        NOTE.EXCERPT,
                        NOTE.NONSTANDARD_TERMS,
                        NOTE_TEMPLATE.CODE,
                        NOTE_TEMPLATE.NAME)
                .from(NOTE)
                .join(NOTE_TEMPLATE)
                .on(NOTE_TEMPLATE.ID.eq(NOTE.TEMPLATE_ID))
                .where(condition)
                .orderBy(NOTE.CREATED_AT.desc(), NOTE.ID.desc())
                .limit(query.limit())
                .fetch(r -> {
                    var labels = new ArrayList<String>();
                    if (r.get(NOTE.NONSTANDARD_TERMS) != null) {
                        labels.add(flag);
                    }
                    labels.addAll(Notes.tags(r.get(NOTE.TAGS)));
                    var title = titles.title(
                            r.get(NOTE_TEMPLATE.CODE),
                            r.get(NOTE_TEMPLATE.NAME),
                            NoteCategory.valueOf(r.get(NOTE.CATEGORY)));
                    return new TimelineItem(
                            kind(),
                            r.get(NOTE.ID),
                            r.get(NOTE.CREATED_AT),
                            r.get(NOTE.AUTHOR_ID),
                            title,
                            RichText.stored(r.get(NOTE.EXCERPT)),
                            "/notes/" + r.get(NOTE.ID),
                            labels);
                });
    }

    @Override
    public Optional<TimelineAction> action(UUID customerId) {
        if (!access.allows(Area.NOTES, Operation.CREATE)) {
            return Optional.empty();
        }
        return Optional.of(new TimelineAction("note.write", "/notes/new?subject=customer:" + customerId));
    }
}
