package dev.dossier.notes;

import static dev.dossier.db.Tables.NOTE;
import static dev.dossier.db.Tables.NOTE_TEMPLATE;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.Subject;
import dev.dossier.shared.SubjectDirectory;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/** Notes as subjects other records attach to: comments on a note, a task to follow a note up. */
@Component
class NoteSubjects implements SubjectDirectory {

    private final DSLContext db;
    private final Access access;
    private final CustomerDirectory customers;
    private final NoteTitles titles;

    NoteSubjects(DSLContext db, Access access, CustomerDirectory customers, NoteTitles titles) {
        this.db = db;
        this.access = access;
        this.customers = customers;
        this.titles = titles;
    }

    @Override
    public boolean handles(String type) {
        return type.equals("note");
    }

    @Override
    public Optional<SubjectView> find(Subject subject) {
        if (!access.allows(Area.NOTES, Operation.READ)) {
            return Optional.empty();
        }
        return db.select(NOTE.CUSTOMER_ID, NOTE.CATEGORY, NOTE_TEMPLATE.CODE, NOTE_TEMPLATE.NAME)
                .from(NOTE)
                .join(NOTE_TEMPLATE)
                .on(NOTE_TEMPLATE.ID.eq(NOTE.TEMPLATE_ID))
                .where(NOTE.ID.eq(subject.id()))
                .and(NOTE.DELETED_AT.isNull())
                .fetchOptional()
                .filter(r -> customers.reaches(r.get(NOTE.CUSTOMER_ID)))
                .map(r -> new SubjectView(
                        subject,
                        r.get(NOTE.CUSTOMER_ID),
                        titles.title(
                                r.get(NOTE_TEMPLATE.CODE),
                                r.get(NOTE_TEMPLATE.NAME),
                                NoteCategory.valueOf(r.get(NOTE.CATEGORY))),
                        "/notes/" + subject.id()));
    }
}
