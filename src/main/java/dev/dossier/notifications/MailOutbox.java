package dev.dossier.notifications;

import static dev.dossier.db.Tables.NOTIFICATION;

import dev.dossier.identity.UserDirectory;
import dev.dossier.jobs.Recurring;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Emails pending notices, and then pending {@link CustomerEmails emails to customers}: a background job (one instance
 * at a time, every {@code dossier.mail.poll}) claims a batch with {@code FOR UPDATE SKIP LOCKED} (so that a run asked
 * for meanwhile never sends one email twice either), sends each to its recipient's address in their language, and on
 * refusal retries that email later with growing pauses, giving up after {@link #MAX_ATTEMPTS}.
 */
@Component
class MailOutbox {

    static final int MAX_ATTEMPTS = 8;
    private static final int BATCH = 50;
    private static final Logger log = LoggerFactory.getLogger(MailOutbox.class);

    private final DSLContext db;
    private final Clock clock;
    private final MailSettings mail;
    private final MessageSource messages;
    private final TransactionTemplate transactions;
    private final CustomerEmails customerEmails;
    private final UserDirectory users;

    MailOutbox(
            DSLContext db,
            Clock clock,
            MailSettings mail,
            MessageSource messages,
            TransactionTemplate transactions,
            CustomerEmails customerEmails,
            UserDirectory users) {
        this.customerEmails = customerEmails;
        this.users = users;
        this.db = db;
        this.clock = clock;
        this.mail = mail;
        this.messages = messages;
        this.transactions = transactions;
    }

    /** Sends what is due, batch after batch; returns how many messages the server accepted. */
    @Recurring(name = "mail-outbox", fixedDelay = "${dossier.mail.poll:5s}")
    int sendPending() {
        if (!mail.enabled()) {
            return 0;
        }
        return drain(this::sendBatch) + drain(() -> customerEmails.sendBatch(BATCH));
    }

    private int drain(java.util.function.Supplier<int[]> sendBatch) {
        int sent = 0;
        while (true) {
            var batch = transactions.execute(status -> sendBatch.get());
            if (batch == null || batch[1] == 0) {
                return sent;
            }
            sent += batch[0];
            if (batch[1] < BATCH) {
                return sent;
            }
        }
    }

    /** Returns {accepted, claimed}. */
    private int[] sendBatch() {
        var now = OffsetDateTime.now(clock);
        var rows = db.select(
                        NOTIFICATION.ID,
                        NOTIFICATION.MESSAGE_KEY,
                        NOTIFICATION.ARGS,
                        NOTIFICATION.LINK,
                        NOTIFICATION.EMAIL_ATTEMPTS,
                        NOTIFICATION.RECIPIENT_ID)
                .from(NOTIFICATION)
                .where(NOTIFICATION.EMAIL_STATUS.eq(EmailStatus.PENDING.name()))
                .and(NOTIFICATION.EMAIL_NEXT_AT.le(now))
                .orderBy(NOTIFICATION.EMAIL_NEXT_AT)
                .limit(BATCH)
                .forUpdate()
                .skipLocked()
                .fetch();
        int accepted = 0;
        var mailboxes = users.mailboxes(rows.map(r -> r.value6()));
        for (var row : rows) {
            var user = mailboxes.get(row.value6());
            if (user == null || user.email() == null || user.email().isBlank()) {
                finish(row.value1(), EmailStatus.NONE, row.value5(), null, now);
                continue;
            }
            var locale = mail.locale(user.locale());
            var text = messages.getMessage(row.value2(), Notice.splitArgs(row.value3()), row.value2(), locale);
            try {
                var message = mail.sender().createMimeMessage();
                var helper = new MimeMessageHelper(message, false, "UTF-8");
                helper.setFrom(mail.from());
                helper.setTo(user.email());
                helper.setSubject(messages.getMessage(
                        "notification.email.subject", new Object[] {abbreviate(text, 120)}, locale));
                helper.setText(messages.getMessage(
                        "notification.email.body",
                        new Object[] {user.displayName(), text, mail.link(row.value4()), mail.link("/notifications")},
                        locale));
                mail.sender().send(message);
                finish(row.value1(), EmailStatus.SENT, row.value5() + 1, null, now);
                accepted++;
            } catch (MailException | MessagingException e) {
                int attempts = row.value5() + 1;
                log.warn("Email of notice {} refused (attempt {}): {}", row.value1(), attempts, e.getMessage());
                if (attempts >= MAX_ATTEMPTS) {
                    finish(row.value1(), EmailStatus.FAILED, attempts, e.getMessage(), now);
                } else {
                    db.update(NOTIFICATION)
                            .set(NOTIFICATION.EMAIL_ATTEMPTS, attempts)
                            .set(NOTIFICATION.EMAIL_NEXT_AT, now.plus(backoff(attempts)))
                            .set(NOTIFICATION.EMAIL_ERROR, abbreviate(String.valueOf(e.getMessage()), 500))
                            .where(NOTIFICATION.ID.eq(row.value1()))
                            .execute();
                }
            }
        }
        return new int[] {accepted, rows.size()};
    }

    /** 30 s, 1 min, 2 min, … up to an hour between attempts. */
    static Duration backoff(int attempts) {
        return Duration.ofSeconds(Math.min(3600, 30L << Math.min(attempts - 1, 12)));
    }

    private void finish(java.util.UUID id, EmailStatus status, int attempts, String error, OffsetDateTime now) {
        db.update(NOTIFICATION)
                .set(NOTIFICATION.EMAIL_STATUS, status.name())
                .set(NOTIFICATION.EMAIL_ATTEMPTS, attempts)
                .set(NOTIFICATION.EMAILED_AT, status == EmailStatus.SENT ? now : null)
                .set(NOTIFICATION.EMAIL_NEXT_AT, (OffsetDateTime) null)
                .set(NOTIFICATION.EMAIL_ERROR, error == null ? null : abbreviate(error, 500))
                .where(NOTIFICATION.ID.eq(id))
                .execute();
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
