package dev.dossier.identity;

import static dev.dossier.db.Tables.APP_USER;
import static dev.dossier.db.Tables.TEAM;

import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.FieldProblem;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The one rule for handing someone work about a record they must open to do it: a task or a case about a customer,
 * a mention in a note or comment. The person, or every enabled member of a team queue, must reach the record;
 * otherwise the hand-over is refused with one message ("X cannot open this customer"), because the task, case or
 * notice would show them what the record itself hides. When the person handing it over asks for it and may share the
 * record, the hand-over shares it instead (to view), which the record's sharing list shows and the audit trail keeps.
 */
@Component
public class Assignees {

    /** The message of a refusal; its argument is who the work would go to. */
    public static final String NO_REACH = "access.assignee.no-reach";
    /** The message when sharing was asked for but the current user may not share the record. */
    public static final String CANNOT_SHARE = "access.assignee.cannot-share";

    private final Access access;
    private final RecordShares shares;
    private final DSLContext db;

    Assignees(Access access, RecordShares shares, DSLContext db) {
        this.access = access;
        this.shares = shares;
        this.db = db;
    }

    /** Whether the person, or, for a team queue ({@code userId} null), every enabled member of the team reaches it. */
    public boolean reach(UUID userId, UUID teamId, Area area, OwnedRecord record) {
        if (userId != null) {
            return access.allowsFor(userId, area, Operation.READ, record);
        }
        if (teamId == null) {
            return true;
        }
        return db
                .select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.TEAM_ID.eq(teamId))
                .and(APP_USER.ENABLED)
                .fetch(APP_USER.ID)
                .stream()
                .allMatch(member -> access.allowsFor(member, area, Operation.READ, record));
    }

    /**
     * Checks a hand-over of work about {@code record} to a person or a team queue, adding a problem to {@code field}
     * when it may not happen: they do not reach the record and no share was asked for ({@link #NO_REACH}), or a
     * share was asked for and the current user may not edit (and so share) the record ({@link #CANNOT_SHARE}).
     *
     * @param name how the person or team is named in the message, e.g. {@code @zhang} or a display name
     * @param share whether the record is to be shared with them if they do not reach it
     * @return whether {@link #share} must follow once the rest of the change is valid
     */
    public boolean check(
            List<FieldProblem> problems,
            String field,
            String name,
            UUID userId,
            UUID teamId,
            Area area,
            OwnedRecord record,
            boolean share) {
        if (record == null || reach(userId, teamId, area, record)) {
            return false;
        }
        if (!share) {
            problems.add(new FieldProblem(field, NO_REACH, name));
            return false;
        }
        if (!access.allows(area, Operation.EDIT, record)) {
            problems.add(new FieldProblem(field, CANNOT_SHARE, name));
            return false;
        }
        return true;
    }

    /** Shares the record, to view, with the person, or with the team of a team queue, as part of a hand-over. */
    public void share(UUID userId, UUID teamId, OwnedRecord record) {
        shares.share(record.type(), record.id(), userId, userId == null ? teamId : null, false);
    }

    /** How the person or team is named in a message: their display name, or the team's name. */
    public String nameOf(UUID userId, UUID teamId) {
        if (userId != null) {
            return db.select(APP_USER.DISPLAY_NAME)
                    .from(APP_USER)
                    .where(APP_USER.ID.eq(userId))
                    .fetchOptional(APP_USER.DISPLAY_NAME)
                    .orElse("");
        }
        return teamId == null
                ? ""
                : db.select(TEAM.NAME)
                        .from(TEAM)
                        .where(TEAM.ID.eq(teamId))
                        .fetchOptional(TEAM.NAME)
                        .orElse("");
    }
}
