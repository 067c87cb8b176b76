package dev.dossier.notifications;

import static dev.dossier.db.Tables.NOTIFICATION;

import dev.dossier.db.Stamps;
import dev.dossier.identity.UserDirectory;
import dev.dossier.identity.UserDirectory.Mailbox;
import dev.dossier.shared.NotificationRequested;
import dev.dossier.shared.Slice;
import dev.dossier.shared.Upserts;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The notices of every user: written when something happens, read by the bell, the list and the API. */
@Repository
class NotificationStore {

    private final DSLContext db;
    private final Clock clock;
    private final MessageSource messages;
    private final MailSettings mail;
    private final UserDirectory users;

    NotificationStore(DSLContext db, Clock clock, MessageSource messages, MailSettings mail, UserDirectory users) {
        this.db = db;
        this.users = users;
        this.clock = clock;
        this.messages = messages;
        this.mail = mail;
    }

    /**
     * Writes the notice for each recipient but the actor, once: a notice with the same key that a recipient already
     * has is not written again (the unique key decides, so two deliveries of one notice at once write it once).
     * Recipients who are disabled or gone are skipped.
     *
     * @return how many notices were written
     */
    @Transactional
    int deliver(NotificationRequested request) {
        var recipients = new ArrayList<>(request.recipients());
        recipients.remove(request.actorId());
        if (recipients.isEmpty()) {
            return 0;
        }
        var now = OffsetDateTime.now(clock);
        var args = Notice.joinArgs(request.args());
        int written = 0;
        // In a fixed order, so that two deliveries to the same people never wait on each other crosswise.
        var enabled = users.mailboxes(recipients).values().stream()
                .filter(Mailbox::enabled)
                .sorted(Comparator.comparing(Mailbox::id))
                .toList();
        for (var user : enabled) {
            var emailed =
                    mail.enabled() && user.email() != null && !user.email().isBlank();
            written += Upserts.ifAbsent(() -> db.insertInto(NOTIFICATION)
                    .set(NOTIFICATION.ID, UUID.randomUUID())
                    .set(NOTIFICATION.RECIPIENT_ID, user.id())
                    .set(NOTIFICATION.KIND, request.kind())
                    .set(NOTIFICATION.MESSAGE_KEY, request.messageKey())
                    .set(NOTIFICATION.ARGS, args)
                    .set(NOTIFICATION.LINK, request.link())
                    .set(NOTIFICATION.CUSTOMER_ID, request.customerId())
                    .set(NOTIFICATION.ACTOR_ID, request.actorId())
                    .set(NOTIFICATION.DEDUP_KEY, request.key())
                    .set(NOTIFICATION.EMAIL_STATUS, (emailed ? EmailStatus.PENDING : EmailStatus.NONE).name())
                    .set(NOTIFICATION.EMAIL_NEXT_AT, emailed ? now : null)
                    .set(NOTIFICATION.CREATED_AT, now)
                    .set(NOTIFICATION.UPDATED_AT, now)
                    .set(NOTIFICATION.CREATED_BY, request.actorId())
                    .set(NOTIFICATION.UPDATED_BY, request.actorId())
                    .onConflict(NOTIFICATION.RECIPIENT_ID, NOTIFICATION.DEDUP_KEY)
                    .doNothing()
                    .execute());
        }
        return written;
    }

    /** A user's notices, newest first, from a cursor on. */
    @Transactional(readOnly = true)
    Slice<Notice> list(UUID recipientId, boolean unreadOnly, String cursor, int limit, Locale locale) {
        Condition where = NOTIFICATION.RECIPIENT_ID.eq(recipientId);
        if (unreadOnly) {
            where = where.and(NOTIFICATION.READ_AT.isNull());
        }
        if (cursor != null && !cursor.isBlank()) {
            var parts = dev.dossier.shared.Cursor.decode(cursor, 2);
            try {
                where = where.and(org.jooq
                        .impl
                        .DSL
                        .row(NOTIFICATION.CREATED_AT, NOTIFICATION.ID)
                        .lt(dev.dossier.shared.Cursor.time(parts.get(0)), UUID.fromString(parts.get(1))));
            } catch (RuntimeException e) {
                throw new dev.dossier.shared.InvalidValueException("cursor.invalid", "Malformed cursor");
            }
        }
        var rows = db.selectFrom(NOTIFICATION)
                .where(where)
                .orderBy(NOTIFICATION.CREATED_AT.desc(), NOTIFICATION.ID.desc())
                .limit(limit + 1)
                .fetch();
        var items = new ArrayList<Notice>();
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            items.add(notice(rows.get(i), locale));
        }
        String next = null;
        if (rows.size() > limit) {
            var last = rows.get(limit - 1);
            next = dev.dossier.shared.Cursor.encode(
                    List.of(last.getCreatedAt().toString(), last.getId().toString()));
        }
        return new Slice<>(items, next);
    }

    @Transactional(readOnly = true)
    int unread(UUID recipientId) {
        return db.fetchCount(
                NOTIFICATION, NOTIFICATION.RECIPIENT_ID.eq(recipientId).and(NOTIFICATION.READ_AT.isNull()));
    }

    /** Marks one of the user's notices read; the notice, or null when it is not theirs. */
    @Transactional
    Notice markRead(UUID recipientId, UUID id, Locale locale) {
        var now = OffsetDateTime.now(clock);
        db.update(NOTIFICATION)
                .set(NOTIFICATION.READ_AT, now)
                .set(Stamps.changed(NOTIFICATION, now))
                .where(NOTIFICATION.ID.eq(id))
                .and(NOTIFICATION.RECIPIENT_ID.eq(recipientId))
                .and(NOTIFICATION.READ_AT.isNull())
                .execute();
        var row = db.selectFrom(NOTIFICATION)
                .where(NOTIFICATION.ID.eq(id))
                .and(NOTIFICATION.RECIPIENT_ID.eq(recipientId))
                .fetchOne();
        return row == null ? null : notice(row, locale);
    }

    @Transactional
    int markAllRead(UUID recipientId) {
        var now = OffsetDateTime.now(clock);
        return db.update(NOTIFICATION)
                .set(NOTIFICATION.READ_AT, now)
                .set(Stamps.changed(NOTIFICATION, now))
                .where(NOTIFICATION.RECIPIENT_ID.eq(recipientId))
                .and(NOTIFICATION.READ_AT.isNull())
                .execute();
    }

    String text(String key, String args, Locale locale) {
        return messages.getMessage(key, Notice.splitArgs(args), key, locale);
    }

    private Notice notice(Record r, Locale locale) {
        var n = r.into(NOTIFICATION);
        return new Notice(
                n.getId(),
                n.getKind(),
                text(n.getMessageKey(), n.getArgs(), locale),
                n.getLink(),
                n.getCustomerId(),
                n.getActorId(),
                n.getCreatedAt(),
                n.getReadAt(),
                EmailStatus.valueOf(n.getEmailStatus()));
    }
}
