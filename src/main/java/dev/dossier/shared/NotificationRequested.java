package dev.dossier.shared;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Someone should be told about something: published by any module, delivered by the notifications module to each
 * recipient's bell and, where they have an address, by email. The text is a message key with arguments so that each
 * recipient reads it in their own language.
 *
 * @param recipients users to tell; the actor is left out
 * @param kind what happened, e.g. {@code mention}, {@code task-assigned}, {@code task-due}
 * @param messageKey the message, e.g. {@code notification.mention}
 * @param args its arguments, already plain text
 * @param link where it leads, relative to the application
 * @param customerId the customer it is about, or null; erasing the customer anonymises it
 * @param actorId who caused it, or null for the system
 * @param key a stable key that makes delivering the same notice twice a no-op (e.g. a reminder's id), or null
 */
public record NotificationRequested(
        Set<UUID> recipients,
        String kind,
        String messageKey,
        List<String> args,
        String link,
        UUID customerId,
        UUID actorId,
        String key) {

    public NotificationRequested {
        recipients = Set.copyOf(recipients);
        args = List.copyOf(args);
    }
}
