package dev.dossier.tasks;

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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The tasks a list shows as a CSV or XLSX file: the same view and filters, so only tasks the reader sees, soonest due
 * first, written a page at a time while they are read. Times in the organisation's time zone, kinds, priorities and
 * statuses in the reader's language. Each export is an entry of the audit trail with its filter and row count.
 */
@Component
class TaskExport {

    private static final int PAGE = 200;

    private static final ListExports.Spec SPEC = new ListExports.Spec(
            "tasks",
            "task.title",
            "task.export.column.",
            List.of(
                    "reference",
                    "title",
                    "kind",
                    "priority",
                    "status",
                    "due",
                    "customer-reference",
                    "customer",
                    "assignee",
                    "queue",
                    "description",
                    "completed",
                    "created"));

    private final TaskQueries queries;
    private final CustomerDirectory customers;
    private final UserDirectory users;
    private final Access access;
    private final Formats formats;
    private final ListExports exports;

    TaskExport(
            TaskQueries queries,
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
        access.require(Area.TASKS, Operation.EXPORT);
    }

    /** Writes the tasks the filter finds; returns how many. */
    long write(TaskQueries.Filter filter, TableFile.Format format, OutputStream out, Locale locale) throws IOException {
        requireRight();
        var teams = new HashMap<UUID, String>();
        users.teams().forEach(t -> teams.put(t.id(), t.name()));
        return exports.write(SPEC, CurrentUser.actor().userId(), format, out, locale, describe(filter), row -> {
            var names = new TableFile.Names(customers::names);
            var people = new TableFile.Names(users::usernames);
            TableFile.walk(c -> queries.list(filter, c, PAGE), page -> {
                names.learn(page, Task::customerId);
                people.learn(page, Task::assigneeId);
                page.forEach(x -> row.accept(cells(x, names, people, teams, locale)));
            });
        });
    }

    private List<String> cells(
            Task t, TableFile.Names names, TableFile.Names people, Map<UUID, String> teams, Locale locale) {
        var cells = new ArrayList<String>(SPEC.columns().size());
        cells.add(t.id().toString());
        cells.add(t.title());
        cells.add(label("task.kind." + t.kind(), locale));
        cells.add(label("task.priority." + t.priority(), locale));
        cells.add(label("task.status." + t.status(), locale));
        cells.add(formats.dateTime(t.dueAt()));
        cells.add(t.customerId() == null ? "" : t.customerId().toString());
        cells.add(names.of(t.customerId()));
        cells.add(people.of(t.assigneeId()));
        cells.add(t.teamId() == null ? "" : teams.getOrDefault(t.teamId(), ""));
        cells.add(t.description() == null ? "" : t.description());
        cells.add(formats.dateTime(t.completedAt()));
        cells.add(formats.dateTime(t.createdAt()));
        return cells;
    }

    private String label(String key, Locale locale) {
        return exports.label(key, locale);
    }

    static String describe(TaskQueries.Filter f) {
        var parts = new ArrayList<String>();
        parts.add("view=" + f.view());
        if (f.status() != null) {
            parts.add("status=" + f.status());
        } else if (f.anyStatus()) {
            parts.add("status=ANY");
        }
        if (f.priority() != null) {
            parts.add("priority=" + f.priority());
        }
        if (f.kind() != null) {
            parts.add("kind=" + f.kind());
        }
        if (f.assigneeId() != null) {
            parts.add("assignee=" + f.assigneeId());
        }
        return String.join(", ", parts);
    }
}
