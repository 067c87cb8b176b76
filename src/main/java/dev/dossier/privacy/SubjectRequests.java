package dev.dossier.privacy;

import static dev.dossier.db.Tables.SUBJECT_REQUEST;
import static dev.dossier.db.Tables.SUBJECT_REQUEST_STEP;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.SubjectRequestRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.privacy.PrivacyEvents.SubjectRequestMoved;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.OneOf;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Data-subject requests as a tracked workflow: received, identity verified, in progress, then completed or
 * rejected. Every step is recorded with who and when; a step the status does not allow is refused, and an edit of
 * a version someone else has changed since is refused too.
 */
@Service
class SubjectRequests {

    /**
     * A request as stored.
     *
     * @param id id
     * @param kind what is asked
     * @param customerId whose data
     * @param status where it stands
     * @param receivedAt when it came in
     * @param channel how it came in
     * @param requesterName who asked
     * @param requesterContact how to answer them
     * @param description what they asked, in their words
     * @param destination where an export goes (access requests)
     * @param dueOn the day the answer is due
     * @param assigneeId who handles it
     * @param verifiedBy who verified the requester's identity
     * @param verifiedAt when
     * @param verificationMethod how
     * @param correction what was corrected (correction requests)
     * @param rejectionReason why it was rejected
     * @param notes working notes
     * @param completedAt when it was completed or rejected
     * @param version version
     */
    record Request(
            UUID id,
            RequestKind kind,
            UUID customerId,
            RequestStatus status,
            OffsetDateTime receivedAt,
            ConsentChannel channel,
            String requesterName,
            String requesterContact,
            String description,
            Destination destination,
            LocalDate dueOn,
            UUID assigneeId,
            UUID verifiedBy,
            OffsetDateTime verifiedAt,
            String verificationMethod,
            String correction,
            String rejectionReason,
            String notes,
            OffsetDateTime completedAt,
            int version) {

        public long daysLeft(LocalDate today) {
            return ChronoUnit.DAYS.between(today, dueOn);
        }

        public boolean overdue(LocalDate today) {
            return status.open() && today.isAfter(dueOn);
        }

        public boolean exportable() {
            return kind == RequestKind.ACCESS
                    && (status == RequestStatus.IN_PROGRESS || status == RequestStatus.COMPLETED);
        }
    }

    /**
     * One step of a request.
     *
     * @param from status before, null when received
     * @param to status after
     * @param remark what was said with it
     * @param changedAt when
     * @param changedBy who
     */
    record Step(RequestStatus from, RequestStatus to, String remark, OffsetDateTime changedAt, UUID changedBy) {}

    /**
     * A new request as typed or sent.
     *
     * @param customerId whose data
     * @param kind a {@link RequestKind} name
     * @param channel a {@link ConsentChannel} name
     * @param receivedAt when it came in; now when null
     * @param requesterName who asked
     * @param requesterContact how to answer them
     * @param description what they asked
     * @param destination a {@link Destination} name, for access requests (default the requester)
     * @param assigneeId who handles it
     */
    @Schema(requiredProperties = {"customerId", "kind", "channel", "requesterName"})
    record RequestDraft(
            @NotNull UUID customerId,

            @Schema(implementation = RequestKind.class) @NotNull @OneOf(RequestKind.class)
            String kind,

            @Schema(implementation = ConsentChannel.class) @NotNull @OneOf(ConsentChannel.class)
            String channel,

            OffsetDateTime receivedAt,
            @NotNull @Size(max = 200) String requesterName,
            @Size(max = 254) String requesterContact,
            @Size(max = 2000) String description,

            @Schema(implementation = Destination.class) @OneOf(Destination.class)
            String destination,

            UUID assigneeId) {

        RequestDraft {
            kind = Inputs.trim(kind);
            channel = Inputs.trim(channel);
            requesterName = Inputs.trim(requesterName);
            requesterContact = Inputs.trim(requesterContact);
            description = Inputs.trim(description);
            destination = Inputs.trim(destination);
        }
    }

    /**
     * Which requests to list.
     *
     * @param status only this status, or null
     * @param kind only this kind, or null
     * @param overdue only open requests past their due date
     */
    record Filter(RequestStatus status, RequestKind kind, boolean overdue) {}

    /** The steps a person takes. */
    enum Action {
        VERIFY(RequestStatus.VERIFIED),
        START(RequestStatus.IN_PROGRESS),
        COMPLETE(RequestStatus.COMPLETED),
        REJECT(RequestStatus.REJECTED);

        final RequestStatus target;

        Action(RequestStatus target) {
            this.target = target;
        }
    }

    /**
     * A step to take.
     *
     * @param action what
     * @param version the version it was decided on
     * @param method how identity was verified (VERIFY)
     * @param reason why (REJECT)
     * @param correction what was corrected (COMPLETE of a correction)
     */
    record Move(
            Action action,
            Integer version,
            @Size(max = 500) String method,
            @Size(max = 1000) String reason,
            @Size(max = 2000) String correction) {

        Move {
            method = Inputs.trim(method);
            reason = Inputs.trim(reason);
            correction = Inputs.trim(correction);
        }
    }

    /**
     * The notes kept on a request, as typed or sent.
     *
     * @param notes free text, or null
     */
    record Notes(@Size(max = 4000) String notes) {

        Notes {
            notes = Inputs.trim(notes);
        }
    }

    private final DSLContext db;
    private final Access access;
    private final CustomerDirectory customers;
    private final Erasure erasure;
    private final ConsentLedger consents;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int dueDays;
    private final PrivacyCrypto crypto;

    SubjectRequests(
            DSLContext db,
            Access access,
            CustomerDirectory customers,
            Erasure erasure,
            ConsentLedger consents,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${dossier.privacy.request-due-days:15}") int dueDays,
            PrivacyCrypto crypto) {
        this.crypto = crypto;
        this.db = db;
        this.access = access;
        this.customers = customers;
        this.erasure = erasure;
        this.consents = consents;
        this.events = events;
        this.clock = clock;
        this.dueDays = dueDays;
    }

    int dueDays() {
        return dueDays;
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    @Transactional(readOnly = true)
    List<Request> list(Filter filter, int limit) {
        access.require(Area.PRIVACY, Operation.READ);
        Condition c = DSL.trueCondition();
        if (filter.status() != null) {
            c = c.and(SUBJECT_REQUEST.STATUS.eq(filter.status().name()));
        }
        if (filter.kind() != null) {
            c = c.and(SUBJECT_REQUEST.KIND.eq(filter.kind().name()));
        }
        if (filter.overdue()) {
            c = c.and(SUBJECT_REQUEST.STATUS.in(
                            RequestStatus.RECEIVED.name(),
                            RequestStatus.VERIFIED.name(),
                            RequestStatus.IN_PROGRESS.name()))
                    .and(SUBJECT_REQUEST.DUE_ON.lt(today()));
        }
        return db.selectFrom(SUBJECT_REQUEST)
                .where(c)
                .orderBy(SUBJECT_REQUEST.DUE_ON, SUBJECT_REQUEST.RECEIVED_AT, SUBJECT_REQUEST.ID)
                .limit(limit)
                .fetch(this::toRequest);
    }

    @Transactional(readOnly = true)
    Request get(UUID id) {
        access.require(Area.PRIVACY, Operation.READ);
        return find(id);
    }

    @Transactional(readOnly = true)
    List<Step> steps(UUID id) {
        access.require(Area.PRIVACY, Operation.READ);
        return db.selectFrom(SUBJECT_REQUEST_STEP)
                .where(SUBJECT_REQUEST_STEP.REQUEST_ID.eq(id))
                .orderBy(SUBJECT_REQUEST_STEP.CHANGED_AT, SUBJECT_REQUEST_STEP.ID)
                .fetch(r -> new Step(
                        r.getFromStatus() == null ? null : RequestStatus.valueOf(r.getFromStatus()),
                        RequestStatus.valueOf(r.getToStatus()),
                        r.getRemark(),
                        r.getChangedAt(),
                        r.getChangedBy()));
    }

    @Transactional
    Request open(RequestDraft draft) {
        access.require(Area.PRIVACY, Operation.CREATE);
        var problems = new ArrayList<>(FieldRules.check("privacy.field", draft));
        if (draft.customerId() != null && !customers.exists(draft.customerId())) {
            problems.add(new FieldProblem("customerId", "privacy.request.customer-unknown"));
        }
        var now = OffsetDateTime.now(clock);
        var receivedAt = draft.receivedAt() == null ? now : draft.receivedAt();
        if (receivedAt.isAfter(now.plusMinutes(5))) {
            problems.add(new FieldProblem("receivedAt", "privacy.request.received-in-future"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var kind = Inputs.choice(RequestKind.class, draft.kind());
        var channel = Inputs.choice(ConsentChannel.class, draft.channel());
        var destination = Inputs.choice(Destination.class, draft.destination());
        if (kind == RequestKind.ACCESS && destination == null) {
            destination = Destination.REQUESTER;
        }
        var by = CurrentUser.actor().userId();
        var row = db.newRecord(SUBJECT_REQUEST);
        row.setId(UUID.randomUUID());
        row.setKind(kind.name());
        row.setCustomerId(draft.customerId());
        row.setStatus(RequestStatus.RECEIVED.name());
        row.setReceivedAt(receivedAt);
        row.setChannel(channel.name());
        row.setRequesterName(draft.requesterName());
        row.setRequesterContact(crypto.seal(draft.requesterContact()));
        row.setDescription(draft.description());
        row.setDestination(kind == RequestKind.ACCESS ? destination.name() : null);
        row.setDueOn(receivedAt.atZoneSameInstant(ZoneOffset.UTC).toLocalDate().plusDays(dueDays));
        row.setAssigneeId(draft.assigneeId());
        Stamps.created(row, by, now);
        row.insert();
        step(row.getId(), null, RequestStatus.RECEIVED, null, now, by);
        events.publishEvent(new SubjectRequestMoved(
                row.getId(), row.getCustomerId(), kind.name(), RequestStatus.RECEIVED.name(), by));
        return toRequest(row);
    }

    /** Changes who handles the request and its notes. */
    @Transactional
    Request update(UUID id, Integer expectedVersion, UUID assigneeId, String notes) {
        access.require(Area.PRIVACY, Operation.EDIT);
        var request = find(id);
        checkVersion(request, expectedVersion);
        var text = new Notes(notes);
        FieldRules.require("privacy.field", text);
        var now = OffsetDateTime.now(clock);
        int updated = db.update(SUBJECT_REQUEST)
                .set(SUBJECT_REQUEST.ASSIGNEE_ID, assigneeId)
                .set(SUBJECT_REQUEST.NOTES, text.notes())
                .set(Stamps.changed(SUBJECT_REQUEST, CurrentUser.actor().userId(), now))
                .where(SUBJECT_REQUEST.ID.eq(id))
                .and(SUBJECT_REQUEST.VERSION.eq(request.version()))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Request", currentVersion(id));
        }
        return find(id);
    }

    /**
     * Takes a step of the workflow. Completing an erasure erases the customer in every module, completing an
     * objection withdraws every consent in force, in the same transaction as the step.
     */
    @Transactional
    Request move(UUID id, Move move) {
        access.require(Area.PRIVACY, Operation.EDIT);
        if (move.action() == null) {
            throw new ValidationException(List.of(new FieldProblem("action", "privacy.field.required")));
        }
        var request = find(id);
        checkVersion(request, move.version());
        var target = move.action().target;
        if (!request.status().canMoveTo(target)) {
            throw new WorkflowException(
                    "invalid-transition",
                    "privacy.request.invalid-transition",
                    request.status().name(),
                    target.name());
        }
        if (move.action() == Action.COMPLETE && request.kind() == RequestKind.ERASURE) {
            access.require(Area.PRIVACY, Operation.DELETE);
        }
        var problems = new ArrayList<>(FieldRules.check("privacy.field", move));
        var method = move.method();
        var reason = move.reason();
        var correction = move.correction();
        required(problems, "method", method, move.action() == Action.VERIFY);
        required(problems, "reason", reason, move.action() == Action.REJECT);
        required(
                problems,
                "correction",
                correction,
                move.action() == Action.COMPLETE && request.kind() == RequestKind.CORRECTION);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var actor = CurrentUser.actor();
        var now = OffsetDateTime.now(clock);
        var update = db.update(SUBJECT_REQUEST)
                .set(SUBJECT_REQUEST.STATUS, target.name())
                .set(SUBJECT_REQUEST.UPDATED_AT, now)
                .set(SUBJECT_REQUEST.UPDATED_BY, actor.userId())
                .set(SUBJECT_REQUEST.VERSION, request.version() + 1);
        switch (move.action()) {
            case VERIFY ->
                update = update.set(SUBJECT_REQUEST.VERIFIED_BY, actor.userId())
                        .set(SUBJECT_REQUEST.VERIFIED_AT, now)
                        .set(SUBJECT_REQUEST.VERIFICATION_METHOD, method);
            case REJECT ->
                update = update.set(SUBJECT_REQUEST.REJECTION_REASON, reason).set(SUBJECT_REQUEST.COMPLETED_AT, now);
            case COMPLETE ->
                update = update.set(SUBJECT_REQUEST.COMPLETED_AT, now).set(SUBJECT_REQUEST.CORRECTION, correction);
            case START -> {}
        }
        int updated = update.where(SUBJECT_REQUEST.ID.eq(id))
                .and(SUBJECT_REQUEST.VERSION.eq(request.version()))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Request", currentVersion(id));
        }
        var remark = switch (move.action()) {
            case VERIFY -> method;
            case REJECT -> reason;
            case COMPLETE -> correction;
            case START -> null;
        };
        step(id, request.status(), target, remark, now, actor.userId());
        if (move.action() == Action.COMPLETE) {
            switch (request.kind()) {
                case ERASURE -> erasure.erase(request.customerId(), "REQUEST", id, actor);
                case OBJECTION -> consents.withdrawAll(request.customerId(), "objection");
                default -> {}
            }
        }
        events.publishEvent(new SubjectRequestMoved(
                id, request.customerId(), request.kind().name(), target.name(), actor.userId()));
        return find(id);
    }

    /** Reports a text the step needs but was not given. */
    private static void required(List<FieldProblem> problems, String field, String value, boolean needed) {
        if (needed && value == null) {
            problems.add(new FieldProblem(field, "privacy.field.required"));
        }
    }

    private Request find(UUID id) {
        var row =
                db.selectFrom(SUBJECT_REQUEST).where(SUBJECT_REQUEST.ID.eq(id)).fetchOne();
        if (row == null) {
            throw new NotFoundException("Request");
        }
        return toRequest(row);
    }

    private void checkVersion(Request request, Integer expected) {
        if (expected == null) {
            throw new ValidationException(List.of(new FieldProblem("version", "privacy.field.required")));
        }
        if (request.version() != expected) {
            throw new StaleVersionException("Request", request.version());
        }
    }

    private int currentVersion(UUID id) {
        var v = db.select(SUBJECT_REQUEST.VERSION)
                .from(SUBJECT_REQUEST)
                .where(SUBJECT_REQUEST.ID.eq(id))
                .fetchOne(SUBJECT_REQUEST.VERSION);
        return v == null ? -1 : v;
    }

    private void step(UUID requestId, RequestStatus from, RequestStatus to, String remark, OffsetDateTime at, UUID by) {
        db.insertInto(SUBJECT_REQUEST_STEP)
                .set(SUBJECT_REQUEST_STEP.ID, UUID.randomUUID())
                .set(SUBJECT_REQUEST_STEP.REQUEST_ID, requestId)
                .set(SUBJECT_REQUEST_STEP.FROM_STATUS, from == null ? null : from.name())
                .set(SUBJECT_REQUEST_STEP.TO_STATUS, to.name())
                .set(SUBJECT_REQUEST_STEP.REMARK, remark)
                .set(SUBJECT_REQUEST_STEP.CHANGED_AT, at)
                .set(SUBJECT_REQUEST_STEP.CHANGED_BY, by)
                .execute();
    }

    private Request toRequest(SubjectRequestRecord r) {
        return new Request(
                r.getId(),
                RequestKind.valueOf(r.getKind()),
                r.getCustomerId(),
                RequestStatus.valueOf(r.getStatus()),
                r.getReceivedAt(),
                ConsentChannel.valueOf(r.getChannel()),
                r.getRequesterName(),
                crypto.open(r.getRequesterContact()),
                r.getDescription(),
                r.getDestination() == null ? null : Destination.valueOf(r.getDestination()),
                r.getDueOn(),
                r.getAssigneeId(),
                r.getVerifiedBy(),
                r.getVerifiedAt(),
                r.getVerificationMethod(),
                r.getCorrection(),
                r.getRejectionReason(),
                r.getNotes(),
                r.getCompletedAt(),
                r.getVersion());
    }
}
