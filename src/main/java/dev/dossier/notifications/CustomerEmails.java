package dev.dossier.notifications;

import static dev.dossier.db.Tables.CUSTOMER_EMAIL;

import dev.dossier.shared.ConsentCheck;
import dev.dossier.shared.ConsentCheck.Standing;
import dev.dossier.shared.CustomerEmailRequested;
import dev.dossier.shared.CustomerEmailSkipped;
import dev.dossier.shared.Upserts;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Emails to customers: every module's request is kept in the {@code customer_email} outbox once per key (after the
 * requesting change commits), and the {@link MailOutbox} run sends them with the same claim, retries and give-up
 * rule as the users' notices, rendered from the message keys in the customer's language.
 *
 * <p>An email that names a purpose of processing goes out only while the customer's consent for that purpose is in
 * force: it is checked when the request is kept and again at the moment of sending, so a consent withdrawn in
 * between stops it. A skipped email keeps status {@link EmailStatus#SKIPPED} and the reason (no consent, consent
 * withdrawn), and {@link CustomerEmailSkipped} tells the module that asked for it.
 */
@Component
class CustomerEmails {

    private static final Logger log = LoggerFactory.getLogger(CustomerEmails.class);

    private final DSLContext db;
    private final Clock clock;
    private final MailSettings mail;
    private final MessageSource messages;
    private final ConsentCheck consents;
    private final ApplicationEventPublisher events;
    private final NotificationsCrypto crypto;

    CustomerEmails(
            DSLContext db,
            Clock clock,
            MailSettings mail,
            MessageSource messages,
            ConsentCheck consents,
            ApplicationEventPublisher events,
            NotificationsCrypto crypto) {
        this.consents = consents;
        this.events = events;
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
        var standing = request.purpose() == null
                ? Standing.GRANTED
                : consents.standing(request.customerId(), request.purpose());
        var skipped = standing != Standing.GRANTED;
        var status = skipped ? EmailStatus.SKIPPED : emailed ? EmailStatus.PENDING : EmailStatus.NONE;
        var kept = Upserts.ifAbsent(() -> db.insertInto(CUSTOMER_EMAIL)
                        .set(CUSTOMER_EMAIL.ID, UUID.randomUUID())
                        .set(CUSTOMER_EMAIL.CUSTOMER_ID, request.customerId())
                        .set(CUSTOMER_EMAIL.TO_ADDRESS, crypto.seal(MailOutbox.abbreviate(to, 254)))
                        .set(CUSTOMER_EMAIL.LOCALE, request.locale())
                        .set(CUSTOMER_EMAIL.SUBJECT_KEY, request.subjectKey())
                        .set(CUSTOMER_EMAIL.BODY_KEY, request.bodyKey())
                        .set(CUSTOMER_EMAIL.ARGS, Notice.joinArgs(request.args()))
                        .set(CUSTOMER_EMAIL.LINK, request.link())
                        .set(CUSTOMER_EMAIL.DEDUP_KEY, request.key())
                        .set(CUSTOMER_EMAIL.PURPOSE, request.purpose())
                        .set(CUSTOMER_EMAIL.SKIP_REASON, skipped ? reason(standing) : null)
                        .set(CUSTOMER_EMAIL.STATUS, status.name())
                        .set(CUSTOMER_EMAIL.NEXT_AT, status == EmailStatus.PENDING ? now : null)
                        .set(CUSTOMER_EMAIL.CREATED_AT, now)
                        .set(CUSTOMER_EMAIL.UPDATED_AT, now)
                        .onConflict(CUSTOMER_EMAIL.DEDUP_KEY)
                        .doNothing()
                        .execute())
                > 0;
        if (kept && skipped) {
            events.publishEvent(
                    new CustomerEmailSkipped(request.customerId(), request.key(), request.purpose(), standing));
        }
        return kept;
    }

    /** How the delivery log names a consent that is not in force. */
    static String reason(Standing standing) {
        return standing == Standing.WITHDRAWN ? "CONSENT_WITHDRAWN" : "NO_CONSENT";
    }

    /** Claims and sends one batch of due emails (inside the caller's transaction); returns {accepted, claimed}. */
    int[] sendBatch(int size) {
        var now = OffsetDateTime.now(clock);
        var rows = db.selectFrom(CUSTOMER_EMAIL)
                .where(CUSTOMER_EMAIL.STATUS.eq(EmailStatus.PENDING.name()))
                .and(CUSTOMER_EMAIL.NEXT_AT.le(now))
                .orderBy(CUSTOMER_EMAIL.NEXT_AT)
                .limit(size)
                .forUpdate()
                .skipLocked()
                .fetch();
        int accepted = 0;
        for (var row : rows) {
            if (row.getPurpose() != null) {
                // Checked again now: the consent may have been withdrawn since the email was asked for.
                var standing = consents.standing(row.getCustomerId(), row.getPurpose());
                if (standing != Standing.GRANTED) {
                    skip(row.getId(), standing, now);
                    events.publishEvent(new CustomerEmailSkipped(
                            row.getCustomerId(), row.getDedupKey(), row.getPurpose(), standing));
                    continue;
                }
            }
            var locale = mail.customerLocale(row.getLocale());
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
                log.warn(
                        "Email to customer {} refused (attempt {}): {}", row.getCustomerId(), attempts, e.getMessage());
                if (attempts >= MailOutbox.MAX_ATTEMPTS) {
                    finish(row.getId(), EmailStatus.FAILED, attempts, e.getMessage(), now);
                } else {
                    db.update(CUSTOMER_EMAIL)
                            .set(CUSTOMER_EMAIL.ATTEMPTS, attempts)
                            .set(CUSTOMER_EMAIL.NEXT_AT, now.plus(MailOutbox.backoff(attempts)))
                            .set(CUSTOMER_EMAIL.LAST_ERROR, MailOutbox.abbreviate(String.valueOf(e.getMessage()), 500))
                            .set(CUSTOMER_EMAIL.UPDATED_AT, now)
                            .where(CUSTOMER_EMAIL.ID.eq(row.getId()))
                            .execute();
                }
            }
        }
        return new int[] {accepted, rows.size()};
    }

    private String absolute(String link) {
        return link.startsWith("http://") || link.startsWith("https://") ? link : mail.link(link);
    }

    private void skip(UUID id, Standing standing, OffsetDateTime now) {
        db.update(CUSTOMER_EMAIL)
                .set(CUSTOMER_EMAIL.STATUS, EmailStatus.SKIPPED.name())
                .set(CUSTOMER_EMAIL.SKIP_REASON, reason(standing))
                .set(CUSTOMER_EMAIL.NEXT_AT, (OffsetDateTime) null)
                .set(CUSTOMER_EMAIL.UPDATED_AT, now)
                .where(CUSTOMER_EMAIL.ID.eq(id))
                .execute();
    }

    private void finish(UUID id, EmailStatus status, int attempts, String error, OffsetDateTime now) {
        db.update(CUSTOMER_EMAIL)
                .set(CUSTOMER_EMAIL.STATUS, status.name())
                .set(CUSTOMER_EMAIL.ATTEMPTS, attempts)
                .set(CUSTOMER_EMAIL.SENT_AT, status == EmailStatus.SENT ? now : null)
                .set(CUSTOMER_EMAIL.NEXT_AT, (OffsetDateTime) null)
                .set(CUSTOMER_EMAIL.LAST_ERROR, error == null ? null : MailOutbox.abbreviate(error, 500))
                .set(CUSTOMER_EMAIL.UPDATED_AT, now)
                .where(CUSTOMER_EMAIL.ID.eq(id))
                .execute();
    }
}
