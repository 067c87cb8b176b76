package dev.dossier.shared;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * What every list's export does alike: headers and sheet name in the reader's language, the file written by
 * {@link TableFile}, labels of values, and the audit trail told ({@link AccessEvents.DataExported}) with the filter
 * and the row count.
 */
@Component
public class ListExports {

    /**
     * A kind of list as a file.
     *
     * @param kind the file's base name and the audit entry's kind, e.g. {@code tasks}
     * @param titleKey the message key of the sheet's name
     * @param columnPrefix the message key of each header, before the column's name
     * @param columns the columns' names, in order
     */
    public record Spec(String kind, String titleKey, String columnPrefix, List<String> columns) {

        /** The download's file name in a format. */
        public String fileName(TableFile.Format format) {
            return kind + "." + format.extension;
        }
    }

    private final MessageSource messages;
    private final ApplicationEventPublisher events;

    ListExports(MessageSource messages, ApplicationEventPublisher events) {
        this.messages = messages;
        this.events = events;
    }

    /** Writes the list and tells the audit trail; returns how many rows. */
    public long write(
            Spec spec,
            UUID byUserId,
            TableFile.Format format,
            OutputStream out,
            Locale locale,
            String description,
            TableFile.Rows rows)
            throws IOException {
        var headers = spec.columns().stream()
                .map(c -> messages.getMessage(spec.columnPrefix() + c, null, c, locale))
                .toList();
        long count = TableFile.write(
                format, out, messages.getMessage(spec.titleKey(), null, spec.kind(), locale), headers, rows);
        events.publishEvent(new AccessEvents.DataExported(byUserId, spec.fileName(format), count, description));
        return count;
    }

    /** A value's label in the reader's language ({@code key} itself when there is none). */
    public String label(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
