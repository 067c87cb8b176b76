package dev.dossier.notifications;

import static dev.dossier.db.Tables.CUSTOMER_EMAIL;

import dev.dossier.shared.CustomerEmailRequested;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Emails to customers: every module's request is kept in the {@code customer_email} outbox once per key (after the
 * requesting change commits), and the {@link MailOutbox} run sends them with the same claim, retries and give-up
 * rule as the users' notices, rendered from the message keys in the customer's language.
 */
@Component
class CustomerEmails {

    private static final Logger log = LoggerFactory.getLogger(CustomerEmails.class);

    private final DSLContext db;
    private final Clock clock;
    private final MailSettings mail;
    private final MessageSource messages;
    private final NotificationsCrypto crypto;

    CustomerEmails(DSLContext db, Clock clock, MailSettings mail, MessageSource messages,
            NotificationsCrypto crypto) {
        this.crypto = crypto;
        this.db = db;
        this.clock = clock;
        this.mail = mail;
        this.messages = messages;
    }

    @ApplicationModuleListener
    void on(CustomerEmailRequested request) {
        store(request);
    }

    /** Keeps a request in the outbox; a request with a key already kept is dropped. Returns whether it was kept. */
    boolean store(CustomerEmailRequested request) {
        var now = OffsetDateTime.now(clock);
        var to = request.to() == null ? "" : request.to().strip();
        var emailed = mail.enabled() && !to.isEmpty();
        return db.insertInto(CUSTOMER_EMAIL)
                .set(CUSTOMER_EMAIL.ID, UUID.randomUUID())
                .set(CUSTOMER_EMAIL.CUSTOMER_ID, request.customerId())
                .set(CUSTOMER_EMAIL.TO_ADDRESS, crypto.seal(MailOutbox.abbreviate(to, 254)))
                .set(CUSTOMER_EMAIL.LOCALE, request.locale())
                .set(CUSTOMER_EMAIL.SUBJECT_KEY, request.subjectKey())
                .set(CUSTOMER_EMAIL.BODY_KEY, request.bodyKey())
                .set(CUSTOMER_EMAIL.ARGS, Notice.joinArgs(request.args()))
                .set(CUSTOMER_EMAIL.LINK, request.link())
                .set(CUSTOMER_EMAIL.DEDUP_KEY, request.key())
                .set(CUSTOMER_EMAIL.STATUS, (emailed ? EmailStatus.PENDING : EmailStatus.NONE).name())
                .set(CUSTOMER_EMAIL.NEXT_AT, emailed ? now : null)
                .set(CUSTOMER_EMAIL.CREATED_AT, now)
                .set(CUSTOMER_EMAIL.UPDATED_AT, now)
                .onConflict(CUSTOMER_EMAIL.DEDUP_KEY).doNothing()
                .execute() > 0;
    }

    /** Claims and sends one batch of due emails (inside the caller's transaction); returns {accepted, claimed}. */
    int[] sendBatch(int size) {
        var now = OffsetDateTime.now(clock);
        var rows = db.selectFrom(CUSTOMER_EMAIL)
                .where(CUSTOMER_EMAIL.STATUS.eq(EmailStatus.PENDING.name()))
                .and(CUSTOMER_EMAIL.NEXT_AT.le(now))
                .orderBy(CUSTOMER_EMAIL.NEXT_AT).limit(size)
                .forUpdate().skipLocked().fetch();
        int accepted = 0;
        for (var row : rows) {
            var locale = row.getLocale() == null || row.getLocale().isBlank() ? mail.locale(null)
                    : Locale.forLanguageTag(row.getLocale());
            var args = Notice.splitArgs(row.getArgs());
            try {
                var message = mail.sender().createMimeMessage();
                var helper = new MimeMessageHelper(message, false, "UTF-8");
                helper.setFrom(mail.from());
                helper.setTo(crypto.open(row.getToAddress()));
                helper.setSubject(messages.getMessage(row.getSubjectKey(), args, row.getSubjectKey(), locale));
                var body = messages.getMessage(row.getBodyKey(), args, row.getBodyKey(), locale);
                helper.setText(row.getLink() == null ? body : body + "\n\n" + absolute(row.getLink()));
                mail.sender().send(message);
                finish(row.getId(), EmailStatus.SENT, row.getAttempts() + 1, null, now);
                accepted++;
            } catch (MailException | MessagingException e) {
                int attempts = row.getAttempts() + 1;
                log.warn("Email to customer {} refused (attempt {}): {}", row.getCustomerId(), attempts,
                        e.getMessage());
                if (attempts >= MailOutbox.MAX_ATTEMPTS) {
                    finish(row.getId(), EmailStatus.FAILED, attempts, e.getMessage(), now);
                } else {
                    db.update(CUSTOMER_EMAIL).set(CUSTOMER_EMAIL.ATTEMPTS, attempts)
                            .set(CUSTOMER_EMAIL.NEXT_AT, now.plus(MailOutbox.backoff(attempts)))
                            .set(CUSTOMER_EMAIL.LAST_ERROR, MailOutbox.abbreviate(String.valueOf(e.getMessage()), 500))
                            .set(CUSTOMER_EMAIL.UPDATED_AT, now)
                            .where(CUSTOMER_EMAIL.ID.eq(row.getId())).execute();
                }
            }
        }
        return new int[] {accepted, rows.size()};
    }

    private String absolute(String link) {
        return link.startsWith("http://") || link.startsWith("https://") ? link : mail.link(link);
    }

    private void finish(UUID id, EmailStatus status, int attempts, String error, OffsetDateTime now) {
        db.update(CUSTOMER_EMAIL).set(CUSTOMER_EMAIL.STATUS, status.name())
                .set(CUSTOMER_EMAIL.ATTEMPTS, attempts)
                .set(CUSTOMER_EMAIL.SENT_AT, status == EmailStatus.SENT ? now : null)
                .set(CUSTOMER_EMAIL.NEXT_AT, (OffsetDateTime) null)
                .set(CUSTOMER_EMAIL.LAST_ERROR, error == null ? null : MailOutbox.abbreviate(error, 500))
                .set(CUSTOMER_EMAIL.UPDATED_AT, now)
                .where(CUSTOMER_EMAIL.ID.eq(id)).execute();
    }
}
