package dev.dossier.shared;

import java.util.List;
import java.util.UUID;

/**
 * An email should go to a customer (not a user): a survey link, a case update, a resolution notice. Published by any
 * module, delivered through the notifications module's outbox over SMTP with retries. The text is a pair of message
 * keys with arguments, rendered in the customer's language when the email is sent.
 *
 * @param customerId the customer it is about; erasing the customer anonymises the email
 * @param to the address to send to
 * @param locale the language to write in, as a language tag ({@code en}, {@code zh-CN}); null for the default
 * @param subjectKey the message key of the subject line
 * @param bodyKey the message key of the body text
 * @param args arguments of both messages, already plain text
 * @param link an absolute link or one relative to the application, added below the text; null for none
 * @param key a stable key that makes sending the same email twice a no-op (e.g. a survey's id), or null
 */
public record CustomerEmailRequested(UUID customerId, String to, String locale, String subjectKey, String bodyKey,
        List<String> args, String link, String key) {

    public CustomerEmailRequested {
        args = List.copyOf(args);
    }
}
