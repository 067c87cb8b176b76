package dev.dossier.privacy;

import static dev.dossier.db.Tables.CUSTOMER_ERASURE;
import static dev.dossier.db.Tables.SUBJECT_REQUEST;

import dev.dossier.privacy.PrivacyEvents.CustomerErased;
import dev.dossier.shared.Actor;
import dev.dossier.shared.PersonalData;
import dev.dossier.shared.Upserts;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Erases a customer's personal information in every module that holds some, all in one transaction. */
@Service
class Erasure implements ErasureRecords {

    private final List<PersonalData> modules;
    private final DSLContext db;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Erasure(List<PersonalData> modules, DSLContext db, ApplicationEventPublisher events, Clock clock) {
        this.modules = modules;
        this.db = db;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Calls every module's {@link PersonalData#erase(UUID)} and records the erasure; the caller's transaction
     * decides, so a failure anywhere leaves everything as it was.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void erase(UUID customerId, String cause, UUID causeId, Actor actor) {
        for (var module : modules) {
            module.erase(customerId, causeId);
        }
        Upserts.ifAbsent(() -> db.insertInto(CUSTOMER_ERASURE)
                .set(CUSTOMER_ERASURE.CUSTOMER_ID, customerId)
                .set(CUSTOMER_ERASURE.ERASED_AT, OffsetDateTime.now(clock))
                .set(CUSTOMER_ERASURE.ERASED_BY, actor.userId())
                .set(CUSTOMER_ERASURE.CAUSE, cause)
                .set(CUSTOMER_ERASURE.CAUSE_ID, causeId)
                .onConflictDoNothing()
                .execute());
        events.publishEvent(new CustomerErased(customerId, cause, causeId, actor.userId()));
    }

    @Override
    public boolean covers(UUID erasureId, UUID customerId) {
        if (erasureId == null || customerId == null) {
            return false;
        }
        // The first erasure of a customer is recorded with its cause; a later one is a completed erasure request.
        return db.fetchExists(
                        CUSTOMER_ERASURE,
                        CUSTOMER_ERASURE.CUSTOMER_ID.eq(customerId).and(CUSTOMER_ERASURE.CAUSE_ID.eq(erasureId)))
                || db.fetchExists(
                        SUBJECT_REQUEST,
                        SUBJECT_REQUEST
                                .ID
                                .eq(erasureId)
                                .and(SUBJECT_REQUEST.CUSTOMER_ID.eq(customerId))
                                .and(SUBJECT_REQUEST.KIND.eq(RequestKind.ERASURE.name()))
                                .and(SUBJECT_REQUEST.STATUS.eq(RequestStatus.COMPLETED.name())));
    }

    @Override
    public boolean erased(UUID customerId) {
        return customerId != null && db.fetchExists(CUSTOMER_ERASURE, CUSTOMER_ERASURE.CUSTOMER_ID.eq(customerId));
    }
}
