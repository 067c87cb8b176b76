package dev.dossier.interactions;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.Formats;
import dev.dossier.shared.ListExports;
import dev.dossier.shared.TableFile;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The interactions a filter finds as a CSV or XLSX file, the list's rows (so only those of customers the reader
 * reaches), newest first, written a page at a time while they are read. Times are in the organisation's time zone,
 * channels and outcomes in the reader's language. Each export is an entry of the audit trail with its filter and
 * row count.
 */
@Component
class InteractionExport {

    private static final int PAGE = 200;

    private static final ListExports.Spec SPEC = new ListExports.Spec(
            "interactions",
            "interaction.list.title",
            "interaction.export.column.",
            List.of(
                    "reference",
                    "customer-reference",
                    "customer",
                    "started",
                    "channel",
                    "direction",
                    "duration",
                    "summary",
                    "content",
                    "outcome",
                    "satisfaction",
                    "follow-up",
                    "owner"));

    private final InteractionQueries queries;
    private final CustomerDirectory customers;
    private final UserDirectory users;
    private final Access access;
    private final Formats formats;
    private final ListExports exports;

    InteractionExport(
            InteractionQueries queries,
            CustomerDirectory customers,
            UserDirectory users,
            Access access,
            Formats formats,
            ListExports exports) {
        this.queries = queries;
        this.customers = customers;
        this.users = users;
        this.access = access;
        this.formats = formats;
        this.exports = exports;
    }

    /** Checks the right to export before anything is written. */
    void requireRight() {
        access.require(Area.INTERACTIONS, Operation.EXPORT);
    }

    /** Writes the interactions the filter finds; returns how many. */
    long write(InteractionQueries.Filter filter, TableFile.Format format, OutputStream out, Locale locale)
            throws IOException {
        requireRight();
        return exports.write(SPEC, CurrentUser.actor().userId(), format, out, locale, describe(filter), row -> {
            var names = new TableFile.Names(customers::names);
            var people = new TableFile.Names(users::usernames);
            TableFile.walk(c -> queries.list(filter, formats.zone(), c, PAGE), page -> {
                names.learn(page, Interaction::customerId);
                people.learn(page, Interaction::ownerId);
                page.forEach(x -> row.accept(cells(x, names, people, locale)));
            });
        });
    }

    private List<String> cells(Interaction i, TableFile.Names names, TableFile.Names owners, Locale locale) {
        var cells = new ArrayList<String>(SPEC.columns().size());
        cells.add(i.id().toString());
        cells.add(i.customerId().toString());
        cells.add(names.of(i.customerId()));
        cells.add(formats.dateTime(i.startedAt()));
        cells.add(label("interaction.channel." + i.channel(), locale));
        cells.add(i.direction() == null ? "" : label("interaction.direction." + i.direction(), locale));
        cells.add(i.durationMinutes() == null ? "" : i.durationMinutes().toString());
        cells.add(i.summary() == null ? "" : i.summary());
        cells.add(i.content() == null ? "" : i.content());
        cells.add(i.outcome() == null ? "" : label("interaction.outcome." + i.outcome(), locale));
        cells.add(i.satisfaction() == null ? "" : i.satisfaction().toString());
        cells.add(
                i.followUpSucceeded() == null
                        ? ""
                        : label(i.followUpSucceeded() ? "interaction.yes" : "interaction.no", locale));
        cells.add(owners.of(i.ownerId()));
        return cells;
    }

    private String label(String key, Locale locale) {
        return exports.label(key, locale);
    }

    static String describe(InteractionQueries.Filter f) {
        var parts = new ArrayList<String>();
        if (f.customerId() != null) {
            parts.add("customer=" + f.customerId());
        }
        if (f.channel() != null) {
            parts.add("channel=" + f.channel());
        }
        if (f.outcome() != null) {
            parts.add("outcome=" + f.outcome());
        }
        if (f.ownerId() != null) {
            parts.add("owner=" + f.ownerId());
        }
        if (f.from() != null) {
            parts.add("from=" + f.from());
        }
        if (f.to() != null) {
            parts.add("to=" + f.to());
        }
        return parts.isEmpty() ? "all interactions" : String.join(", ", parts);
    }
}
