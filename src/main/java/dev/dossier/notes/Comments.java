package dev.dossier.notes;

import static dev.dossier.db.Tables.NOTE_COMMENT;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.NoteCommentRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.OwnedRecord;
import dev.dossier.notes.NoteEvents.CommentPosted;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.Subject;
import dev.dossier.shared.SubjectDirectory.SubjectView;
import dev.dossier.shared.Subjects;
import dev.dossier.shared.ValidationException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Comments on any subject (a note, an interaction, a task, a customer): plain text with {@code @mentions}; each
 * mentioned user is told. Seen by whoever reaches the subject; changed only by its author, deleted by its author or
 * by someone whose scope in the notes area covers the author.
 */
@Service
class Comments {

    static final int MAX_BODY = 4000;

    /**
     * A comment's text as typed.
     *
     * @param body plain text with {@code @mentions}, at most {@link #MAX_BODY} characters
     */
    record Body(@NotNull @Size(max = MAX_BODY) String body) {

        Body {
            body = Inputs.trim(body);
        }
    }

    /**
     * A comment.
     *
     * @param id id
     * @param subject what it is on
     * @param customerId the subject's customer
     * @param authorId who wrote it
     * @param body its text, plain
     * @param createdAt when
     * @param editedAt when it was last changed, or null
     * @param version version
     */
    record Comment(
            UUID id,
            Subject subject,
            UUID customerId,
            UUID authorId,
            String body,
            OffsetDateTime createdAt,
            OffsetDateTime editedAt,
            int version) {}

    private final DSLContext db;
    private final Access access;
    private final CustomerDirectory customers;
    private final Subjects subjects;
    private final MentionNotices mentions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Comments(
            DSLContext db,
            Access access,
            CustomerDirectory customers,
            Subjects subjects,
            MentionNotices mentions,
            ApplicationEventPublisher events,
            Clock clock) {
        this.db = db;
        this.access = access;
        this.customers = customers;
        this.subjects = subjects;
        this.mentions = mentions;
        this.events = events;
        this.clock = clock;
    }

    /** The subject as the current user sees it; 404 when they do not reach it. */
    SubjectView subject(Subject subject) {
        return subjects.require(subject);
    }

    /** The comments on a subject, oldest first. */
    @Transactional(readOnly = true)
    List<Comment> on(Subject subject) {
        subjects.require(subject);
        return db.selectFrom(NOTE_COMMENT)
                .where(NOTE_COMMENT.SUBJECT_TYPE.eq(subject.type()))
                .and(NOTE_COMMENT.SUBJECT_ID.eq(subject.id()))
                .and(NOTE_COMMENT.DELETED_AT.isNull())
                .orderBy(NOTE_COMMENT.CREATED_AT, NOTE_COMMENT.ID)
                .limit(500)
                .fetch(Comments::toComment);
    }

    @Transactional
    Comment post(Subject subject, String body) {
        if (subject == null) {
            throw new ValidationException(List.of(new FieldProblem("subject", "field.required")));
        }
        var view = subjects.require(subject);
        var problems = new ArrayList<FieldProblem>();
        var text = text(problems, body);
        if (view.customerId() == null) {
            problems.add(new FieldProblem("subject", "note.subject.no-customer"));
        }
        var mentioned = mentions.resolve(text, "body", problems);
        mentions.requireReach(MentionNotices.ids(mentioned), view.customerId(), "body", problems);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        var id = UUID.randomUUID();
        db.insertInto(NOTE_COMMENT)
                .set(NOTE_COMMENT.ID, id)
                .set(NOTE_COMMENT.CUSTOMER_ID, view.customerId())
                .set(NOTE_COMMENT.SUBJECT_TYPE, subject.type())
                .set(NOTE_COMMENT.SUBJECT_ID, subject.id())
                .set(NOTE_COMMENT.AUTHOR_ID, by)
                .set(NOTE_COMMENT.BODY, text)
                .set(Stamps.created(NOTE_COMMENT, by, now))
                .execute();
        events.publishEvent(new CommentPosted(id, subject.toString(), view.customerId(), by));
        mentions.notify(
                new HashSet<>(mentioned.values().stream().map(u -> u.id()).toList()),
                view.title(),
                text,
                view.link(),
                view.customerId(),
                "mention:" + id);
        return get(id);
    }

    /** Changes a comment's text; only its author may. Users mentioned for the first time are told. */
    @Transactional
    Comment edit(UUID id, int version, String body) {
        var row = find(id);
        if (!Objects.equals(row.getAuthorId(), CurrentUser.actor().userId())) {
            throw new AccessDeniedException("comment of another author");
        }
        var problems = new ArrayList<FieldProblem>();
        var text = text(problems, body);
        var mentioned = mentions.resolve(text, "body", problems);
        mentions.requireReach(MentionNotices.ids(mentioned), row.getCustomerId(), "body", problems);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var now = OffsetDateTime.now(clock);
        int updated = db.update(NOTE_COMMENT)
                .set(NOTE_COMMENT.BODY, text)
                .set(NOTE_COMMENT.EDITED_AT, now)
                .set(Stamps.changed(NOTE_COMMENT, row.getAuthorId(), now))
                .where(NOTE_COMMENT.ID.eq(id))
                .and(NOTE_COMMENT.VERSION.eq(version))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Comment", row.getVersion());
        }
        var earlier = Mentions.in(row.getBody());
        var fresh = new HashSet<UUID>();
        mentioned.forEach((name, user) -> {
            if (!earlier.contains(name)) {
                fresh.add(user.id());
            }
        });
        var view = subjects.require(new Subject(row.getSubjectType(), row.getSubjectId()));
        mentions.notify(
                fresh, view.title(), text, view.link(), row.getCustomerId(), "mention:" + id + ":" + (version + 1));
        return get(id);
    }

    @Transactional
    Comment delete(UUID id) {
        var row = find(id);
        boolean own = Objects.equals(row.getAuthorId(), CurrentUser.actor().userId());
        if (!own
                && !access.allows(
                        Area.NOTES, Operation.DELETE, new OwnedRecord("comment", id, row.getAuthorId(), null))) {
            throw new AccessDeniedException("comment of another author");
        }
        var comment = toComment(row);
        var now = OffsetDateTime.now(clock);
        db.update(NOTE_COMMENT)
                .set(NOTE_COMMENT.DELETED_AT, now)
                .set(Stamps.changed(NOTE_COMMENT, CurrentUser.actor().userId(), now))
                .where(NOTE_COMMENT.ID.eq(id))
                .execute();
        return comment;
    }

    @Transactional(readOnly = true)
    Comment get(UUID id) {
        return toComment(find(id));
    }

    /** Whether the current user may change the comment (its author). */
    static boolean mayEdit(Comment comment) {
        return Objects.equals(comment.authorId(), CurrentUser.actor().userId());
    }

    /** Whether the current user may delete the comment. */
    boolean mayDelete(Comment comment) {
        return mayEdit(comment)
                || access.allows(
                        Area.NOTES,
                        Operation.DELETE,
                        new OwnedRecord("comment", comment.id(), comment.authorId(), null));
    }

    private NoteCommentRecord find(UUID id) {
        var row = db.selectFrom(NOTE_COMMENT)
                .where(NOTE_COMMENT.ID.eq(id))
                .and(NOTE_COMMENT.DELETED_AT.isNull())
                .fetchOne();
        if (row == null || !customers.reaches(row.getCustomerId())) {
            throw new NotFoundException("comment");
        }
        return row;
    }

    /** The typed text trimmed; its problems (none typed, too long) added to {@code problems}. */
    private static String text(List<FieldProblem> problems, String typed) {
        var body = new Body(typed);
        problems.addAll(FieldRules.check("field", body));
        return body.body();
    }

    private static Comment toComment(NoteCommentRecord r) {
        return new Comment(
                r.getId(),
                new Subject(r.getSubjectType(), r.getSubjectId()),
                r.getCustomerId(),
                r.getAuthorId(),
                r.getBody(),
                r.getCreatedAt(),
                r.getEditedAt(),
                r.getVersion());
    }
}
