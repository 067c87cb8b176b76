package dev.dossier.notifications;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One notice in a recipient's list, as pages show it.
 *
 * @param text the message in the reader's language
 */
public record Notice(
        UUID id,
        String kind,
        String text,
        String link,
        UUID customerId,
        UUID actorId,
        OffsetDateTime createdAt,
        OffsetDateTime readAt,
        EmailStatus emailStatus) {

    public boolean unread() {
        return readAt == null;
    }

    /** Arguments are stored joined with a separator no user text contains. */
    static final char SEPARATOR = '\u001f';

    static String joinArgs(List<String> args) {
        var out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                out.append(SEPARATOR);
            }
            var arg = args.get(i) == null ? "" : args.get(i).replace(SEPARATOR, ' ');
            out.append(arg.length() > 600 ? arg.substring(0, 599) + "…" : arg);
        }
        return out.toString();
    }

    static Object[] splitArgs(String args) {
        return args.isEmpty() ? new Object[0] : args.split(String.valueOf(SEPARATOR), -1);
    }
}
