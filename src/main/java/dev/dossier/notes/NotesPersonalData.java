package dev.dossier.notes;

import static dev.dossier.db.Tables.NOTE;
import static dev.dossier.db.Tables.NOTE_COMMENT;
import static dev.dossier.db.Tables.NOTE_REVISION;
import static dev.dossier.db.Tables.NOTE_SECTION;

import dev.dossier.db.Stamps;
import dev.dossier.shared.PersonalData;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * The notes module's part of data-subject requests: every note about the customer with its sections and earlier
 * versions, and every comment on the customer's records. Erasure replaces all their text, earlier versions included,
 * and keeps dates, categories, templates and authors.
 */
@Component
class NotesPersonalData implements PersonalData {

    static final String ANONYMOUS = "[erased]";

    private final DSLContext db;
    private final Clock clock;
    private final ObjectMapper json;

    NotesPersonalData(DSLContext db, Clock clock, ObjectMapper json) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String section() {
        return "notes";
    }

    @Override
    public List<Map<String, Object>> export(UUID customerId) {
        var out = new ArrayList<Map<String, Object>>();
        for (var note : db.selectFrom(NOTE)
                .where(NOTE.CUSTOMER_ID.eq(customerId))
                .orderBy(NOTE.CREATED_AT, NOTE.ID)
                .fetch()) {
            var entry = row("note", note);
            entry.put(
                    "sections",
                    db.selectFrom(NOTE_SECTION)
                            .where(NOTE_SECTION.NOTE_ID.eq(note.getId()))
                            .orderBy(NOTE_SECTION.ID)
                            .fetch(Record::intoMap));
            entry.put(
                    "revisions",
                    db.selectFrom(NOTE_REVISION)
                            .where(NOTE_REVISION.NOTE_ID.eq(note.getId()))
                            .orderBy(NOTE_REVISION.REVISION)
                            .fetch(Record::intoMap));
            out.add(entry);
        }
        db.selectFrom(NOTE_COMMENT)
                .where(NOTE_COMMENT.CUSTOMER_ID.eq(customerId))
                .orderBy(NOTE_COMMENT.CREATED_AT, NOTE_COMMENT.ID)
                .forEach(c -> out.add(row("comment", c)));
        return out;
    }

    @Override
    public void erase(UUID customerId) {
        var now = OffsetDateTime.now(clock);
        var notes = db.select(NOTE.ID).from(NOTE).where(NOTE.CUSTOMER_ID.eq(customerId));
        db.update(NOTE_SECTION)
                .set(NOTE_SECTION.BODY, ANONYMOUS)
                .set(Stamps.changed(NOTE_SECTION, now))
                .where(NOTE_SECTION.NOTE_ID.in(notes))
                .execute();
        // Earlier versions keep their headings; every text in them goes.
        for (var revision : db.selectFrom(NOTE_REVISION)
                .where(NOTE_REVISION.NOTE_ID.in(notes))
                .fetch()) {
            var sections =
                    json.readValue(revision.getContent(), new TypeReference<List<Notes.StoredSection>>() {}).stream()
                            .map(s -> new Notes.StoredSection(s.sectionId(), s.title(), ANONYMOUS))
                            .toList();
            db.update(NOTE_REVISION)
                    .set(NOTE_REVISION.CONTENT, json.writeValueAsString(sections))
                    .setNull(NOTE_REVISION.TAGS)
                    .set(Stamps.changed(NOTE_REVISION, now))
                    .where(NOTE_REVISION.ID.eq(revision.getId()))
                    .execute();
        }
        db.update(NOTE)
                .set(NOTE.EXCERPT, ANONYMOUS)
                .setNull(NOTE.TAGS)
                .set(Stamps.changed(NOTE, now))
                .where(NOTE.CUSTOMER_ID.eq(customerId))
                .execute();
        db.update(NOTE_COMMENT)
                .set(NOTE_COMMENT.BODY, ANONYMOUS)
                .set(Stamps.changed(NOTE_COMMENT, now))
                .where(NOTE_COMMENT.CUSTOMER_ID.eq(customerId))
                .execute();
    }

    private static Map<String, Object> row(String kind, Record record) {
        var map = new LinkedHashMap<String, Object>();
        map.put("record", kind);
        map.putAll(record.intoMap());
        return map;
    }
}
