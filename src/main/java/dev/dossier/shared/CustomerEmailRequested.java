package dev.dossier.shared;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An email should go to a customer (not a user): a survey link, a case update, a resolution notice. Published by any
 * module, delivered through the notifications module's outbox over SMTP with retries. The text is a pair of message
 * keys with arguments, rendered in the customer's language when the email is sent.
 *
 * <p>Each email names the purpose of processing it serves. A survey needs {@link ConsentCheck#SERVICE_COMMUNICATION},
 * a campaign {@link ConsentCheck#MARKETING}; the outbox checks that consent when it sends, and skips the email when
 * the consent is missing or withdrawn. A message about the customer's own case (a reply, a notice that the defect they
 * reported is fixed) is needed to serve them (PIPL art. 13(1)2, performing the contract) and names no purpose.
 *
 * @param customerId the customer it is about; erasing the customer anonymises the email
 * @param to the address to send to
 * @param locale the language to write in, as a language tag ({@code en}, {@code zh-CN}); null for the default
 * @param subjectKey the message key of the subject line
 * @param bodyKey the message key of the body text
 * @param args arguments of both messages, already plain text
 * @param link an absolute link or one relative to the application, added below the text; null for none
 * @param key a stable key that makes sending the same email twice a no-op (e.g. a survey's id), or null
 * @param purpose the {@link ConsentCheck} purpose whose consent the email needs, or {@link #OWN_CASE}
 */
public record CustomerEmailRequested(
        UUID customerId,
        String to,
        String locale,
        String subjectKey,
        String bodyKey,
        List<String> args,
        String link,
        String key,
        String purpose) {

    /** No consent needed: a message about the customer's own case, needed to serve them. */
    public static final String OWN_CASE = null;

    private static final Set<String> PURPOSES = Set.of(
            ConsentCheck.MARKETING,
            ConsentCheck.SERVICE_COMMUNICATION,
            ConsentCheck.PROFILING,
            ConsentCheck.SENSITIVE_PERSONAL_INFORMATION,
            ConsentCheck.CROSS_BORDER_TRANSFER,
            ConsentCheck.THIRD_PARTY_SHARING);

    public CustomerEmailRequested {
        args = List.copyOf(args);
        if (purpose != null && !PURPOSES.contains(purpose)) {
            throw new IllegalArgumentException("Unknown purpose of processing: " + purpose);
        }
    }
}
