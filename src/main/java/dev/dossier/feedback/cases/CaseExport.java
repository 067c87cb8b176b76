package dev.dossier.feedback.cases;

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
 * A queue of cases as a CSV or XLSX file: the queue's filters and order, so only cases the reader sees, written a page
 * at a time while they are read. The reporter's contact details as the reader's role sees them (masked or left out,
 * as on the case); SLA times in the organisation's time zone, labels in the reader's language. Each export is an entry
 * of the audit trail with its filter and row count.
 */
@Component
class CaseExport {

    private static final int PAGE = 200;

    private static final ListExports.Spec SPEC = new ListExports.Spec(
            "cases",
            "cases.title",
            "cases.export.column.",
            List.of(
                    "number",
                    "title",
                    "kind",
                    "priority",
                    "status",
                    "category",
                    "channel",
                    "customer-reference",
                    "customer",
                    "reporter",
                    "reporter-email",
                    "reporter-phone",
                    "assignee",
                    "created",
                    "first-response-due",
                    "first-responded",
                    "resolution-due",
                    "resolved",
                    "breached",
                    "csat",
                    "description",
                    "resolution"));

    private final CaseQueries queries;
    private final CaseReporters reporters;
    private final CustomerDirectory customers;
    private final UserDirectory users;
    private final Access access;
    private final Formats formats;
    private final ListExports exports;

    CaseExport(
            CaseQueries queries,
            CaseReporters reporters,
            CustomerDirectory customers,
            UserDirectory users,
            Access access,
            Formats formats,
            ListExports exports) {
        this.queries = queries;
        this.reporters = reporters;
        this.customers = customers;
        this.users = users;
        this.access = access;
        this.formats = formats;
        this.exports = exports;
    }

    /** Checks the right to export before anything is written. */
    void requireRight() {
        access.require(Area.CASES, Operation.EXPORT);
    }

    /** Writes the cases the filter finds; returns how many. */
    long write(CaseQueries.Filter filter, TableFile.Format format, OutputStream out, Locale locale) throws IOException {
        requireRight();
        return exports.write(SPEC, CurrentUser.actor().userId(), format, out, locale, describe(filter), row -> {
            var names = new TableFile.Names(customers::names);
            var people = new TableFile.Names(users::usernames);
            TableFile.walk(c -> queries.list(filter, c, PAGE), page -> {
                names.learn(page, FeedbackCase::customerId);
                people.learn(page, FeedbackCase::assigneeId);
                page.forEach(x -> row.accept(cells(x, names, people, locale)));
            });
        });
    }

    private List<String> cells(FeedbackCase c, TableFile.Names names, TableFile.Names people, Locale locale) {
        var reporter = reporters.view(c);
        var cells = new ArrayList<String>(SPEC.columns().size());
        cells.add(c.number());
        cells.add(c.title());
        cells.add(label("cases.kind." + c.kind(), locale));
        cells.add(label("cases.priority." + c.priority(), locale));
        cells.add(label("cases.status." + c.status(), locale));
        cells.add(text(c.category()));
        cells.add(c.channel() == null ? "" : label("cases.channel." + c.channel(), locale));
        cells.add(c.customerId() == null ? "" : c.customerId().toString());
        cells.add(names.of(c.customerId()));
        cells.add(reporter == null ? "" : text(reporter.name()));
        cells.add(reporter == null ? "" : text(reporter.email()));
        cells.add(reporter == null ? "" : text(reporter.phone()));
        cells.add(people.of(c.assigneeId()));
        cells.add(formats.dateTime(c.createdAt()));
        cells.add(formats.dateTime(c.firstResponseDueAt()));
        cells.add(formats.dateTime(c.firstRespondedAt()));
        cells.add(formats.dateTime(c.resolutionDueAt()));
        cells.add(formats.dateTime(c.resolvedAt()));
        cells.add(
                c.firstResponseBreached() || c.resolutionBreached() ? label("cases.export.breached.yes", locale) : "");
        cells.add(c.csatScore() == null ? "" : c.csatScore().toString());
        cells.add(text(c.description()));
        cells.add(text(c.resolution()));
        return cells;
    }

    private String label(String key, Locale locale) {
        return exports.label(key, locale);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    static String describe(CaseQueries.Filter f) {
        var parts = new ArrayList<String>();
        parts.add("queue=" + f.queue());
        if (f.status() != null) {
            parts.add("status=" + f.status());
        } else if (f.anyStatus()) {
            parts.add("status=ANY");
        }
        if (f.kind() != null) {
            parts.add("kind=" + f.kind());
        }
        if (f.priority() != null) {
            parts.add("priority=" + f.priority());
        }
        if (f.category() != null) {
            parts.add("category=" + f.category());
        }
        if (f.productId() != null) {
            parts.add("product=" + f.productId());
        }
        if (f.channel() != null) {
            parts.add("channel=" + f.channel());
        }
        if (f.assigneeId() != null) {
            parts.add("assignee=" + f.assigneeId());
        }
        if (f.text() != null) {
            parts.add("q=" + f.text());
        }
        return String.join(", ", parts);
    }
}
