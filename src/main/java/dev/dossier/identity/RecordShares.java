package dev.dossier.identity;

import static dev.dossier.db.Tables.APP_USER;
import static dev.dossier.db.Tables.RECORD_SHARE;
import static dev.dossier.db.Tables.TEAM;

import dev.dossier.identity.IdentityEvents.RecordShared;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sharing one record with a user or a team beyond their record scope. The module that owns the record checks that
 * the current user may edit it before calling here; the access engine then lets the user or team reach it.
 */
@Service
public class RecordShares {

    /**
     * One share.
     *
     * @param id the share
     * @param userId the user it is shared with, or null
     * @param teamId the team it is shared with, or null
     * @param name the user's or team's name
     * @param canEdit whether they may also change the record
     * @param createdAt when
     */
    public record Share(UUID id, UUID userId, UUID teamId, String name, boolean canEdit, OffsetDateTime createdAt) {}

    private final DSLContext db;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final IdentityCache caches;

    RecordShares(DSLContext db, ApplicationEventPublisher events, Clock clock, IdentityCache caches) {
        this.db = db;
        this.events = events;
        this.clock = clock;
        this.caches = caches;
    }

    /** Who a record is shared with. */
    @Transactional(readOnly = true)
    public List<Share> of(String recordType, UUID recordId) {
        return db.select(
                        RECORD_SHARE.ID,
                        RECORD_SHARE.USER_ID,
                        RECORD_SHARE.TEAM_ID,
                        org.jooq.impl.DSL.coalesce(APP_USER.DISPLAY_NAME, TEAM.NAME),
                        RECORD_SHARE.CAN_EDIT,
                        RECORD_SHARE.CREATED_AT)
                .from(RECORD_SHARE)
                .leftJoin(APP_USER)
                .on(APP_USER.ID.eq(RECORD_SHARE.USER_ID))
                .leftJoin(TEAM)
                .on(TEAM.ID.eq(RECORD_SHARE.TEAM_ID))
                .where(RECORD_SHARE.RECORD_TYPE.eq(recordType))
                .and(RECORD_SHARE.RECORD_ID.eq(recordId))
                .orderBy(RECORD_SHARE.CREATED_AT, RECORD_SHARE.ID)
                .fetch(r -> new Share(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /** Shares a record with exactly one of a user or a team; sharing again with the same one updates it. */
    @Transactional
    public Share share(String recordType, UUID recordId, UUID userId, UUID teamId, boolean canEdit) {
        if ((userId == null) == (teamId == null)) {
            throw new ValidationException(List.of(new FieldProblem("userId", "access.share.one-of")));
        }
        if (userId != null && !db.fetchExists(APP_USER, APP_USER.ID.eq(userId).and(APP_USER.ENABLED))) {
            throw new ValidationException(List.of(new FieldProblem("userId", "customer.owner.unknown")));
        }
        if (teamId != null && !db.fetchExists(TEAM, TEAM.ID.eq(teamId).and(TEAM.DELETED_AT.isNull()))) {
            throw new ValidationException(List.of(new FieldProblem("teamId", "customer.team.unknown")));
        }
        var by = CurrentUser.get().id();
        var sameTarget = userId != null ? RECORD_SHARE.USER_ID.eq(userId) : RECORD_SHARE.TEAM_ID.eq(teamId);
        db.deleteFrom(RECORD_SHARE)
                .where(RECORD_SHARE.RECORD_TYPE.eq(recordType))
                .and(RECORD_SHARE.RECORD_ID.eq(recordId))
                .and(sameTarget)
                .execute();
        var id = UUID.randomUUID();
        db.insertInto(RECORD_SHARE)
                .set(RECORD_SHARE.ID, id)
                .set(RECORD_SHARE.RECORD_TYPE, recordType)
                .set(RECORD_SHARE.RECORD_ID, recordId)
                .set(RECORD_SHARE.USER_ID, userId)
                .set(RECORD_SHARE.TEAM_ID, teamId)
                .set(RECORD_SHARE.CAN_EDIT, canEdit)
                .set(RECORD_SHARE.CREATED_AT, OffsetDateTime.now(clock))
                .set(RECORD_SHARE.CREATED_BY, by)
                .execute();
        caches.changed();
        events.publishEvent(new RecordShared(recordType, recordId, userId, teamId, true, by));
        return of(recordType, recordId).stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    /** Withdraws a share of the record. */
    @Transactional
    public void revoke(String recordType, UUID recordId, UUID shareId) {
        var share = db.selectFrom(RECORD_SHARE)
                .where(RECORD_SHARE.ID.eq(shareId))
                .and(RECORD_SHARE.RECORD_TYPE.eq(recordType))
                .and(RECORD_SHARE.RECORD_ID.eq(recordId))
                .fetchOne();
        if (share == null) {
            throw new NotFoundException("Share");
        }
        share.delete();
        caches.changed();
        events.publishEvent(new RecordShared(
                recordType,
                recordId,
                share.getUserId(),
                share.getTeamId(),
                false,
                CurrentUser.get().id()));
    }

    /** Removes every share of a record that is gone for good. */
    @Transactional
    public void forget(String recordType, UUID recordId) {
        int removed = db.deleteFrom(RECORD_SHARE)
                .where(RECORD_SHARE.RECORD_TYPE.eq(recordType))
                .and(RECORD_SHARE.RECORD_ID.eq(recordId))
                .execute();
        if (removed > 0) {
            caches.changed();
        }
    }
}
