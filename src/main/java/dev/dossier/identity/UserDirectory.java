package dev.dossier.identity;

import static dev.dossier.db.Tables.APP_USER;
import static dev.dossier.db.Tables.TEAM;

import dev.dossier.db.InLists;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record7;
import org.springframework.stereotype.Component;

/** Read-only look-ups of users and teams for other modules: names to show, choices for owner and team. */
@Component
public class UserDirectory {

    /**
     * A user as other modules see them.
     *
     * @param id user id
     * @param username sign-in name
     * @param displayName name shown
     * @param teamId team or null
     * @param enabled whether they can sign in
     */
    public record UserSummary(UUID id, String username, String displayName, UUID teamId, boolean enabled) {}

    /**
     * A team as other modules see it.
     *
     * @param id team id
     * @param name name
     * @param parentId parent team or null
     */
    public record TeamSummary(UUID id, String name, UUID parentId) {}

    /**
     * Where and how to write to a user.
     *
     * @param id user id
     * @param email their email address, or null when none is set
     * @param locale their language tag, or null for the default
     * @param displayName name shown, to greet them by
     * @param enabled whether they can sign in
     */
    public record Mailbox(UUID id, String email, String locale, String displayName, boolean enabled) {}

    private final DSLContext db;

    UserDirectory(DSLContext db) {
        this.db = db;
    }

    public Optional<UserSummary> user(UUID id) {
        return id == null
                ? Optional.empty()
                : Optional.ofNullable(users(List.of(id)).get(id));
    }

    public Optional<UserSummary> userByUsername(String username) {
        return db.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.TEAM_ID, APP_USER.ENABLED)
                .from(APP_USER)
                .where(APP_USER.USERNAME.eq(username))
                .fetchOptional(r -> new UserSummary(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    public Map<UUID, UserSummary> users(Collection<UUID> ids) {
        return byId(ids, r -> new UserSummary(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** The sign-in name of each user that exists among {@code ids}. */
    public Map<UUID, String> usernames(Collection<UUID> ids) {
        return byId(ids, r -> r.value2());
    }

    /** The mailbox of each user that exists among {@code ids}, enabled or not. */
    public Map<UUID, Mailbox> mailboxes(Collection<UUID> ids) {
        return byId(ids, r -> new Mailbox(r.value1(), r.value6(), r.value7(), r.value3(), r.value5()));
    }

    /** Each user that exists among {@code ids}: id, username, display name, team, enabled, email, locale. */
    private <T> Map<UUID, T> byId(
            Collection<UUID> ids, Function<Record7<UUID, String, String, UUID, Boolean, String, String>, T> as) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        var result = new HashMap<UUID, T>();
        db.select(
                        APP_USER.ID,
                        APP_USER.USERNAME,
                        APP_USER.DISPLAY_NAME,
                        APP_USER.TEAM_ID,
                        APP_USER.ENABLED,
                        APP_USER.EMAIL,
                        APP_USER.LOCALE)
                .from(APP_USER)
                .where(InLists.in(db, APP_USER.ID, ids))
                .forEach(r -> result.put(r.value1(), as.apply(r)));
        return result;
    }

    /**
     * The active users by name, as a file or a form may name them: each by its display name and, over that, its
     * sign-in name, compared as {@link dev.dossier.shared.ImportText#normalised} compares them.
     */
    public Map<String, UUID> activeUsersByName() {
        var users = activeUsers();
        var map = new java.util.HashMap<String, UUID>();
        for (var user : users) {
            map.putIfAbsent(dev.dossier.shared.ImportText.normalised(user.displayName()), user.id());
        }
        for (var user : users) {
            map.put(dev.dossier.shared.ImportText.normalised(user.username()), user.id());
        }
        return map;
    }

    /** Users who can sign in, by name: the choices for an owner. */
    public List<UserSummary> activeUsers() {
        return db.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.TEAM_ID, APP_USER.ENABLED)
                .from(APP_USER)
                .where(APP_USER.ENABLED.isTrue())
                .orderBy(APP_USER.DISPLAY_NAME)
                .fetch(r -> new UserSummary(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    public Optional<TeamSummary> team(UUID id) {
        return id == null ? Optional.empty() : Optional.ofNullable(teamsById().get(id));
    }

    public List<TeamSummary> teams() {
        return db.select(TEAM.ID, TEAM.NAME, TEAM.PARENT_ID)
                .from(TEAM)
                .where(TEAM.DELETED_AT.isNull())
                .orderBy(TEAM.NAME)
                .fetch(r -> new TeamSummary(r.value1(), r.value2(), r.value3()));
    }

    public Map<UUID, TeamSummary> teamsById() {
        return teams().stream().collect(Collectors.toMap(TeamSummary::id, Function.identity()));
    }

    /** Whom the user reports to (their manager), if anyone. */
    public Optional<UUID> managerOf(UUID userId) {
        return userId == null
                ? Optional.empty()
                : db.select(APP_USER.MANAGER_ID)
                        .from(APP_USER)
                        .where(APP_USER.ID.eq(userId))
                        .fetchOptional(APP_USER.MANAGER_ID)
                        .filter(java.util.Objects::nonNull);
    }
}
