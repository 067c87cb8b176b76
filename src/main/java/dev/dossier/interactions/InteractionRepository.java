package dev.dossier.interactions;

import static dev.dossier.db.Tables.INTERACTION;
import static dev.dossier.db.Tables.INTERACTION_PARTICIPANT;

import dev.dossier.db.InLists;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.InteractionRecord;
import dev.dossier.shared.Subject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Interactions and their participants in the database. */
@Repository
class InteractionRepository {

    private final DSLContext db;

    InteractionRepository(DSLContext db) {
        this.db = db;
    }

    /** An interaction that is not deleted. */
    Optional<Interaction> find(UUID id) {
        return db.selectFrom(INTERACTION)
                .where(INTERACTION.ID.eq(id))
                .and(INTERACTION.DELETED_AT.isNull())
                .fetchOptional()
                .map(r -> of(r, participants(List.of(id)).getOrDefault(id, List.of())));
    }

    /** Interactions by id, with their participants, in the order of {@code ids}. */
    List<Interaction> findAll(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var participants = participants(ids);
        var byId = new HashMap<UUID, Interaction>();
        db.selectFrom(INTERACTION)
                .where(InLists.in(db, INTERACTION.ID, ids))
                .forEach(r -> byId.put(r.getId(), of(r, participants.getOrDefault(r.getId(), List.of()))));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    void insert(Interaction i, UUID by) {
        db.insertInto(INTERACTION)
                .set(INTERACTION.ID, i.id())
                .set(INTERACTION.CUSTOMER_ID, i.customerId())
                .set(INTERACTION.SUBJECT_TYPE, i.subject().type())
                .set(INTERACTION.SUBJECT_ID, i.subject().id())
                .set(INTERACTION.CHANNEL, i.channel().name())
                .set(INTERACTION.DIRECTION, i.direction().name())
                .set(INTERACTION.STARTED_AT, i.startedAt())
                .set(INTERACTION.DURATION_MINUTES, i.durationMinutes())
                .set(INTERACTION.SUMMARY, i.summary())
                .set(INTERACTION.CONTENT, i.content())
                .set(INTERACTION.OUTCOME, i.outcome().name())
                .set(INTERACTION.SATISFACTION, i.satisfaction())
                .set(INTERACTION.FOLLOW_UP_SUCCEEDED, i.followUpSucceeded())
                .set(INTERACTION.OWNER_ID, i.ownerId())
                .set(INTERACTION.TEAM_ID, i.teamId())
                .set(INTERACTION.TASK_ID, i.taskId())
                .set(INTERACTION.CREATED_AT, i.createdAt())
                .set(INTERACTION.UPDATED_AT, i.updatedAt())
                .set(INTERACTION.CREATED_BY, by)
                .set(INTERACTION.UPDATED_BY, by)
                .set(INTERACTION.VERSION, i.version())
                .execute();
        insertParticipants(i, by);
    }

    /** Writes a changed interaction if it is still at {@code expectedVersion}; false when someone was first. */
    boolean update(Interaction i, int expectedVersion, UUID by) {
        int rows = db.update(INTERACTION)
                .set(INTERACTION.SUBJECT_TYPE, i.subject().type())
                .set(INTERACTION.SUBJECT_ID, i.subject().id())
                .set(INTERACTION.CHANNEL, i.channel().name())
                .set(INTERACTION.DIRECTION, i.direction().name())
                .set(INTERACTION.STARTED_AT, i.startedAt())
                .set(INTERACTION.DURATION_MINUTES, i.durationMinutes())
                .set(INTERACTION.SUMMARY, i.summary())
                .set(INTERACTION.CONTENT, i.content())
                .set(INTERACTION.OUTCOME, i.outcome().name())
                .set(INTERACTION.SATISFACTION, i.satisfaction())
                .set(INTERACTION.FOLLOW_UP_SUCCEEDED, i.followUpSucceeded())
                .set(INTERACTION.OWNER_ID, i.ownerId())
                .set(INTERACTION.TEAM_ID, i.teamId())
                .set(Stamps.changed(INTERACTION, by, i.updatedAt()))
                .where(INTERACTION.ID.eq(i.id()))
                .and(INTERACTION.VERSION.eq(expectedVersion))
                .and(INTERACTION.DELETED_AT.isNull())
                .execute();
        if (rows == 0) {
            return false;
        }
        db.deleteFrom(INTERACTION_PARTICIPANT)
                .where(INTERACTION_PARTICIPANT.INTERACTION_ID.eq(i.id()))
                .execute();
        insertParticipants(i, by);
        return true;
    }

    /** Marks an interaction deleted if it is still at {@code expectedVersion}. */
    boolean delete(UUID id, int expectedVersion, OffsetDateTime now, UUID by) {
        return db.update(INTERACTION)
                        .set(INTERACTION.DELETED_AT, now)
                        .set(Stamps.changed(INTERACTION, by, now))
                        .where(INTERACTION.ID.eq(id))
                        .and(INTERACTION.VERSION.eq(expectedVersion))
                        .and(INTERACTION.DELETED_AT.isNull())
                        .execute()
                == 1;
    }

    /** The current version of an interaction, deleted or not. */
    Optional<Integer> version(UUID id) {
        return db.select(INTERACTION.VERSION)
                .from(INTERACTION)
                .where(INTERACTION.ID.eq(id))
                .fetchOptional(INTERACTION.VERSION);
    }

    private void insertParticipants(Interaction i, UUID by) {
        if (i.participants().isEmpty()) {
            return;
        }
        var insert = db.insertInto(
                INTERACTION_PARTICIPANT,
                INTERACTION_PARTICIPANT.ID,
                INTERACTION_PARTICIPANT.INTERACTION_ID,
                INTERACTION_PARTICIPANT.USER_ID,
                INTERACTION_PARTICIPANT.CONTACT_ID,
                INTERACTION_PARTICIPANT.CREATED_AT,
                INTERACTION_PARTICIPANT.UPDATED_AT,
                INTERACTION_PARTICIPANT.CREATED_BY,
                INTERACTION_PARTICIPANT.UPDATED_BY);
        for (var p : i.participants()) {
            insert = insert.values(
                    UUID.randomUUID(), i.id(), p.userId(), p.contactId(), i.updatedAt(), i.updatedAt(), by, by);
        }
        insert.execute();
    }

    Map<UUID, List<Interaction.Participant>> participants(Collection<UUID> ids) {
        var map = new HashMap<UUID, List<Interaction.Participant>>();
        db.selectFrom(INTERACTION_PARTICIPANT)
                .where(InLists.in(db, INTERACTION_PARTICIPANT.INTERACTION_ID, ids))
                .orderBy(INTERACTION_PARTICIPANT.CONTACT_ID.nullsLast(), INTERACTION_PARTICIPANT.USER_ID)
                .forEach(r -> map.computeIfAbsent(r.getInteractionId(), k -> new ArrayList<>())
                        .add(new Interaction.Participant(r.getUserId(), r.getContactId())));
        return map;
    }

    static Interaction of(InteractionRecord r, List<Interaction.Participant> participants) {
        return new Interaction(
                r.getId(),
                r.getCustomerId(),
                new Subject(r.getSubjectType(), r.getSubjectId()),
                Channel.valueOf(r.getChannel()),
                Direction.valueOf(r.getDirection()),
                r.getStartedAt(),
                r.getDurationMinutes(),
                r.getSummary(),
                r.getContent(),
                Outcome.valueOf(r.getOutcome()),
                r.getSatisfaction(),
                r.getFollowUpSucceeded(),
                r.getOwnerId(),
                r.getTeamId(),
                r.getTaskId(),
                List.copyOf(participants),
                r.getCreatedAt(),
                r.getCreatedBy(),
                r.getUpdatedAt(),
                r.getVersion());
    }
}
