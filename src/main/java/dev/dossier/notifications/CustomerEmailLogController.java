package dev.dossier.notifications;

import static dev.dossier.db.Tables.CUSTOMER_EMAIL;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The delivery log of the emails to one customer, newest first: what was written, for which purpose, and whether it
 * was sent, is waiting, failed, or was skipped for want of consent (and why). Shown beside the customer's consents,
 * to the same readers.
 */
@Controller
class CustomerEmailLogController {

    private static final int LIMIT = 100;

    /**
     * One email in the log.
     *
     * @param createdAt when it was asked for
     * @param subject the subject line, in the reader's language
     * @param purpose the purpose of processing whose consent it needs, or null for none
     * @param status where it stands
     * @param skipReason why it was skipped ({@code NO_CONSENT}, {@code CONSENT_WITHDRAWN}), or null
     * @param sentAt when the server accepted it, or null
     */
    record LoggedEmail(
            OffsetDateTime createdAt,
            String subject,
            String purpose,
            String status,
            String skipReason,
            OffsetDateTime sentAt) {}

    private final DSLContext db;
    private final MessageSource messages;

    CustomerEmailLogController(DSLContext db, MessageSource messages) {
        this.db = db;
        this.messages = messages;
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.READ)
    @GetMapping("/notifications/customers/{customerId}/emails")
    String emails(@PathVariable UUID customerId, Model model, HtmxRequest htmx) {
        var locale = LocaleContextHolder.getLocale();
        model.addAttribute("customerId", customerId);
        model.addAttribute(
                "emails",
                db.selectFrom(CUSTOMER_EMAIL)
                        .where(CUSTOMER_EMAIL.CUSTOMER_ID.eq(customerId))
                        .orderBy(CUSTOMER_EMAIL.CREATED_AT.desc(), CUSTOMER_EMAIL.ID)
                        .limit(LIMIT)
                        .fetch(r -> new LoggedEmail(
                                r.getCreatedAt(),
                                messages.getMessage(
                                        r.getSubjectKey(), Notice.splitArgs(r.getArgs()), r.getSubjectKey(), locale),
                                r.getPurpose(),
                                r.getStatus(),
                                r.getSkipReason(),
                                r.getSentAt())));
        return htmx.isHtmxRequest() ? "notifications/customer-emails :: panel" : "notifications/customer-emails";
    }
}
