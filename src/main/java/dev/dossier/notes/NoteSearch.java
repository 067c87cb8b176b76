package dev.dossier.notes;

import static dev.dossier.db.Tables.NOTE;
import static dev.dossier.db.Tables.NOTE_SECTION;
import static dev.dossier.db.Tables.NOTE_TEMPLATE;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.InLists;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.search.SearchDocument;
import dev.dossier.shared.search.SearchSource;
import dev.dossier.shared.search.SearchView;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Notes in the one search: the template's name as title, the sections' plain text and the tags as text. Shown to
 * whoever may read notes and reaches the customer.
 */
@Component
class NoteSearch implements SearchSource {

    private final DSLContext db;
    private final CustomerDirectory customers;
    private final Access access;
    private final NoteTitles titles;

    NoteSearch(DSLContext db, CustomerDirectory customers, Access access, NoteTitles titles) {
        this.db = db;
        this.customers = customers;
        this.access = access;
        this.titles = titles;
    }

    @Override
    public String kind() {
        return "note";
    }

    @Override
    @Transactional(readOnly = true)
    public List<SearchDocument> documents(Collection<UUID> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        var texts = texts(keys);
        var rows = db.select(NOTE.ID, NOTE.CUSTOMER_ID, NOTE_TEMPLATE.NAME, NOTE.TAGS, NOTE.OCCURRED_AT)
                .from(NOTE)
                .join(NOTE_TEMPLATE)
                .on(NOTE_TEMPLATE.ID.eq(NOTE.TEMPLATE_ID))
                .where(InLists.in(db, NOTE.ID, keys))
                .and(NOTE.DELETED_AT.isNull())
                .fetch();
        var reach = customers.searchReach(rows.map(r -> r.value2()));
        return rows.map(r -> new SearchDocument(
                r.value1(),
                r.value1(),
                r.value2(),
                r.value3(),
                text(texts.get(r.value1()), r.value4()),
                null,
                r.value5(),
                reach.get(r.value2())));
    }

    @Override
    @Transactional(readOnly = true)
    public List<UUID> keys(UUID after, int limit) {
        return dev.dossier.db.KeyPages.next(db, NOTE.ID, NOTE.DELETED_AT.isNull(), after, limit);
    }

    @Override
    public java.util.Optional<java.util.Set<String>> reach() {
        if (!access.allows(Area.NOTES, Operation.READ)) {
            return java.util.Optional.of(java.util.Set.of());
        }
        return customers.searchReach();
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, SearchView> visible(Collection<UUID> ids) {
        if (ids.isEmpty() || !access.allows(Area.NOTES, Operation.READ)) {
            return Map.of();
        }
        var name = customers.name(NOTE.CUSTOMER_ID);
        var rows = db.select(
                        NOTE.ID,
                        NOTE_TEMPLATE.CODE,
                        NOTE_TEMPLATE.NAME,
                        NOTE.CATEGORY,
                        NOTE.TAGS,
                        NOTE.OCCURRED_AT,
                        name)
                .from(NOTE)
                .join(NOTE_TEMPLATE)
                .on(NOTE_TEMPLATE.ID.eq(NOTE.TEMPLATE_ID))
                .where(InLists.in(db, NOTE.ID, ids))
                .and(NOTE.DELETED_AT.isNull())
                .and(customers.reachable(NOTE.CUSTOMER_ID))
                .fetch();
        if (rows.isEmpty()) {
            return Map.of();
        }
        var texts = texts(rows.map(r -> r.value1()));
        var views = new HashMap<UUID, SearchView>();
        for (var r : rows) {
            views.put(
                    r.value1(),
                    new SearchView(
                            r.value1(),
                            titles.title(r.value2(), r.value3(), NoteCategory.valueOf(r.value4())),
                            text(texts.get(r.value1()), r.value5()),
                            null,
                            r.value7(),
                            "/notes/" + r.value1(),
                            r.value6()));
        }
        return views;
    }

    /** The plain text of each note's sections, in the template's order. */
    private Map<UUID, String> texts(Collection<UUID> noteIds) {
        var texts = new HashMap<UUID, StringBuilder>();
        db.select(NOTE_SECTION.NOTE_ID, NOTE_SECTION.BODY)
                .from(NOTE_SECTION)
                .where(InLists.in(db, NOTE_SECTION.NOTE_ID, noteIds))
                .orderBy(NOTE_SECTION.NOTE_ID, NOTE_SECTION.CREATED_AT, NOTE_SECTION.ID)
                .forEach(r -> {
                    var plain = RichText.plain(r.value2());
                    if (plain != null && !plain.isBlank()) {
                        var text = texts.computeIfAbsent(r.value1(), k -> new StringBuilder());
                        if (!text.isEmpty()) {
                            text.append('\n');
                        }
                        text.append(plain.strip());
                    }
                });
        var result = new HashMap<UUID, String>();
        texts.forEach((id, text) -> result.put(id, text.toString()));
        return result;
    }

    private static String text(String sections, String tags) {
        var tagList = Notes.tags(tags);
        if (tagList.isEmpty()) {
            return sections == null ? "" : sections;
        }
        var joined = "#" + String.join(" #", tagList);
        return sections == null || sections.isEmpty() ? joined : sections + "\n" + joined;
    }
}
