package dev.dossier.notes;

import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Assignees;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.UserDirectory;
import dev.dossier.identity.UserDirectory.UserSummary;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NotificationRequested;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** Turns {@code @username} in comments and notes into users, and tells each of them they were mentioned. */
@Component
class MentionNotices {

    private final UserDirectory users;
    private final ApplicationEventPublisher events;
    private final dev.dossier.customers.CustomerDirectory customers;
    private final Assignees assignees;

    MentionNotices(
            UserDirectory users,
            ApplicationEventPublisher events,
            dev.dossier.customers.CustomerDirectory customers,
            Assignees assignees) {
        this.assignees = assignees;
        this.users = users;
        this.events = events;
        this.customers = customers;
    }

    /**
     * Adds a problem to {@code field} for each mentioned user who cannot open the customer the text is about: a
     * notice would tell them about a record they may not read. The same rule, and message, as for giving them a task
     * or a case about the customer ({@link Assignees}).
     */
    void requireReach(Map<String, UUID> mentioned, UUID customerId, String field, List<FieldProblem> problems) {
        if (customerId == null) {
            return;
        }
        var record = customers.record(customerId);
        mentioned.forEach((name, id) -> {
            if (record.isEmpty()) {
                problems.add(new FieldProblem(field, Assignees.NO_REACH, "@" + name));
            } else {
                assignees.check(problems, field, "@" + name, id, null, Area.CUSTOMERS, record.get(), false);
            }
        });
    }

    static Map<String, UUID> ids(Map<String, UserSummary> users) {
        var out = new LinkedHashMap<String, UUID>();
        users.forEach((name, user) -> out.put(name, user.id()));
        return out;
    }

    /**
     * The users the text mentions, by user name. A name that is no active user adds a problem to {@code field}
     * ("No user named @xyz").
     */
    Map<String, UserSummary> resolve(String text, String field, List<FieldProblem> problems) {
        var found = new LinkedHashMap<String, UserSummary>();
        for (var name : Mentions.in(text)) {
            var user = users.userByUsername(name).filter(UserSummary::enabled);
            if (user.isEmpty()) {
                problems.add(new FieldProblem(field, "mention.unknown", name));
            } else {
                found.put(name, user.get());
            }
        }
        return found;
    }

    /**
     * Tells the mentioned users, except whoever wrote it, inside the caller's transaction.
     *
     * @param mentioned who to tell
     * @param subjectTitle what the text is about, as its title
     * @param excerpt the start of the text
     * @param link where it opens
     * @param key makes a repeated notice a no-op
     */
    void notify(Set<UUID> mentioned, String subjectTitle, String excerpt, String link, UUID customerId, String key) {
        var actor = CurrentUser.actor();
        var recipients =
                mentioned.stream().filter(id -> !id.equals(actor.userId())).collect(Collectors.toSet());
        if (recipients.isEmpty()) {
            return;
        }
        var args = new ArrayList<String>();
        args.add(actor.name());
        args.add(subjectTitle == null ? "" : subjectTitle);
        args.add(RichText.excerpt(excerpt == null ? "" : excerpt, 140));
        events.publishEvent(new NotificationRequested(
                recipients, "mention", "notification.mention", args, link, customerId, actor.userId(), key));
    }

    /** Active users whose user name or display name contains what was typed, for the @ autocomplete. */
    List<UserSummary> candidates(String typed, int limit) {
        var q = Inputs.trim(typed);
        var lower = q == null ? "" : q.toLowerCase(java.util.Locale.ROOT).replaceFirst("^@", "");
        return users.activeUsers().stream()
                .filter(u -> u.username().toLowerCase(java.util.Locale.ROOT).contains(lower)
                        || u.displayName().toLowerCase(java.util.Locale.ROOT).contains(lower))
                .limit(limit)
                .toList();
    }
}
