package dev.dossier.feedback.problems;

import static dev.dossier.db.Sequences.PROBLEM_NO_SEQ;
import static dev.dossier.db.Tables.PROBLEM;
import static dev.dossier.db.Tables.PROBLEM_TRANSITION;

import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.ProblemRecord;
import dev.dossier.feedback.ProblemReported;
import dev.dossier.feedback.ProblemSource;
import dev.dossier.feedback.ProblemStatus;
import dev.dossier.feedback.ProblemStatusChanged;
import dev.dossier.feedback.Severity;
import dev.dossier.feedback.hooks.Webhooks;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.products.ProductCatalogue;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.OneOf;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import dev.dossier.shared.WebAddress;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recording, changing, moving and handing off problems. Every status change is written to the problem's history and
 * announced as {@link ProblemStatusChanged} and as the webhook event {@code problem.status_changed}; handing off
 * also sends {@code problem.handed_off}, in the same transaction as the change.
 */
@Service
class ProblemManagement {

    static final String FIELD = "problems.field";
    private static final String URL_INVALID = "{problems.field.url.invalid}";

    /**
     * A problem as typed in a form or sent to the API.
     *
     * @param title title, at most 200 characters
     * @param description what is wrong
     * @param productId the product affected
     * @param productVersionId the version affected
     * @param reproductionSteps how to make it happen
     * @param severity CRITICAL, MAJOR (default), MINOR or TRIVIAL
     * @param externalRef the issue in the tracker
     * @param externalUrl the address
     * @param fixedInVersion the version that fixes it
     */
    record ProblemDraft(
            @NotNull @Size(max = 200) String title,
            @Size(max = 8000) String description,
            UUID productId,
            UUID productVersionId,
            @Size(max = 8000) String reproductionSteps,
            @OneOf(Severity.class) String severity,
            @Size(max = 200) String externalRef,

            @Size(max = 1000) @WebAddress(message = URL_INVALID)
            String externalUrl,

            @Size(max = 100) String fixedInVersion) {

        ProblemDraft {
            title = Inputs.trim(title);
            description = Inputs.trim(description);
            reproductionSteps = Inputs.trim(reproductionSteps);
            severity = Inputs.trim(severity);
            externalRef = Inputs.trim(externalRef);
            externalUrl = Inputs.trim(externalUrl);
            fixedInVersion = Inputs.trim(fixedInVersion);
        }
    }

    /**
     * A status change.
     *
     * @param status the new status
     * @param comment why, or null
     * @param externalRef the tracker's issue, when it tells (kept when null)
     * @param externalUrl the address (kept when null)
     * @param fixedInVersion the version that fixes it (kept when null)
     */
    record StatusChange(
            @NotNull @OneOf(ProblemStatus.class) String status,
            @Size(max = 4000) String comment,
            @Size(max = 200) String externalRef,

            @Size(max = 1000) @WebAddress(message = URL_INVALID)
            String externalUrl,

            @Size(max = 100) String fixedInVersion) {

        StatusChange {
            status = Inputs.trim(status);
            comment = Inputs.trim(comment);
            externalRef = Inputs.trim(externalRef);
            externalUrl = Inputs.trim(externalUrl);
            fixedInVersion = Inputs.trim(fixedInVersion);
        }
    }

    private final DSLContext db;
    private final ProblemRepository problems;
    private final Access access;
    private final Webhooks webhooks;
    private final ProblemPayloads payloads;
    private final ApplicationEventPublisher events;
    private final ProductCatalogue catalogue;
    private final Clock clock;

    ProblemManagement(
            DSLContext db,
            ProblemRepository problems,
            Access access,
            Webhooks webhooks,
            ProblemPayloads payloads,
            ApplicationEventPublisher events,
            ProductCatalogue catalogue,
            Clock clock) {
        this.db = db;
        this.catalogue = catalogue;
        this.problems = problems;
        this.access = access;
        this.webhooks = webhooks;
        this.payloads = payloads;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    Problem get(UUID id) {
        return problems.require(id);
    }

    @Transactional
    Problem create(ProblemDraft draft) {
        access.require(Area.PROBLEMS, Operation.CREATE);
        var fields = Fields.read(draft, catalogue);
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        var row = db.newRecord(PROBLEM);
        row.setId(UUID.randomUUID());
        row.setProblemNo(db.nextval(PROBLEM_NO_SEQ));
        fields.apply(row);
        row.setStatus(ProblemStatus.OPEN.name());
        Stamps.created(row, by, now);
        row.insert();
        transition(row.getId(), null, ProblemStatus.OPEN, by, ProblemSource.PAGE, null, now);
        var problem = Problem.of(row);
        events.publishEvent(new ProblemReported(problem.id(), problem.problemNo(), problem.severity(), by));
        webhooks.publish("problem.reported", payloads.reported(problem), "problem.reported:" + problem.id());
        return problem;
    }

    /** Changes what the problem says; the status changes through its own steps. */
    @Transactional
    Problem update(UUID id, Integer expectedVersion, ProblemDraft draft) {
        access.require(Area.PROBLEMS, Operation.EDIT);
        var problem = problems.require(id);
        checkVersion(problem, expectedVersion);
        var fields = Fields.read(draft, catalogue);
        var row = db.newRecord(PROBLEM);
        fields.apply(row);
        Stamps.changed(row, CurrentUser.actor().userId(), OffsetDateTime.now(clock), problem.version());
        if (db.update(PROBLEM)
                        .set(row)
                        .where(PROBLEM.ID.eq(id))
                        .and(PROBLEM.VERSION.eq(problem.version()))
                        .execute()
                == 0) {
            throw new StaleVersionException("Problem", problems.currentVersion(id));
        }
        events.publishEvent(new dev.dossier.feedback.ProblemEdited(
                id, false, CurrentUser.actor().userId()));
        return problems.require(id);
    }

    /** Moves the problem to another status, as the signed-in user. */
    @Transactional
    Problem changeStatus(UUID id, Integer expectedVersion, StatusChange change, ProblemSource source) {
        access.require(Area.PROBLEMS, Operation.EDIT);
        var problem = problems.require(id);
        checkVersion(problem, expectedVersion);
        return move(problem, change, source, CurrentUser.actor().userId());
    }

    /**
     * Moves the problem as the product team's tracker says, after the inbound webhook checked the call's
     * signature. Moving to the status it has already only updates the tracker's fields, so a repeated call changes
     * nothing more.
     */
    @Transactional
    Problem changeStatusFromTracker(Problem problem, StatusChange change) {
        return move(problem, change, ProblemSource.WEBHOOK, null);
    }

    /**
     * Hands the problem to the product team: it moves to HANDED_OFF and the webhook event {@code problem.handed_off}
     * goes to every endpoint that subscribed to it. Handing off again sends the event again.
     */
    @Transactional
    Problem handOff(UUID id, Integer expectedVersion, String comment, ProblemSource source) {
        access.require(Area.PROBLEMS, Operation.EDIT);
        var problem = problems.require(id);
        checkVersion(problem, expectedVersion);
        var by = CurrentUser.actor().userId();
        var moved =
                move(problem, new StatusChange(ProblemStatus.HANDED_OFF.name(), comment, null, null, null), source, by);
        webhooks.publish(
                "problem.handed_off",
                payloads.handedOff(moved),
                "problem.handed_off:" + moved.id() + ":" + moved.version());
        return moved;
    }

    @Transactional
    void delete(UUID id, Integer expectedVersion) {
        access.require(Area.PROBLEMS, Operation.DELETE);
        var problem = problems.require(id);
        checkVersion(problem, expectedVersion);
        var now = OffsetDateTime.now(clock);
        db.update(PROBLEM)
                .set(PROBLEM.DELETED_AT, now)
                .set(Stamps.changed(PROBLEM, CurrentUser.actor().userId(), now))
                .where(PROBLEM.ID.eq(id))
                .and(PROBLEM.VERSION.eq(problem.version()))
                .execute();
        events.publishEvent(new dev.dossier.feedback.ProblemEdited(
                id, true, CurrentUser.actor().userId()));
    }

    private Problem move(Problem problem, StatusChange change, ProblemSource source, UUID by) {
        var errors = new ArrayList<>(FieldRules.check(FIELD, change));
        var to = Inputs.choice(ProblemStatus.class, change.status());
        var comment = change.comment();
        var externalRef = change.externalRef();
        var externalUrl = change.externalUrl();
        var fixedIn = change.fixedInVersion();
        boolean same = to == problem.status();
        if (to != null && !same && !problem.status().canMoveTo(to)) {
            errors.add(new FieldProblem(
                    "status",
                    "problems.status.invalid-transition",
                    problem.status().name(),
                    to.name()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        var now = OffsetDateTime.now(clock);
        var update = db.update(PROBLEM)
                .set(PROBLEM.STATUS, to.name())
                .set(PROBLEM.UPDATED_AT, now)
                .set(PROBLEM.UPDATED_BY, by)
                .set(PROBLEM.VERSION, problem.version() + 1);
        if (externalRef != null) {
            update = update.set(PROBLEM.EXTERNAL_REF, externalRef);
        }
        if (externalUrl != null) {
            update = update.set(PROBLEM.EXTERNAL_URL, externalUrl);
        }
        if (fixedIn != null) {
            update = update.set(PROBLEM.FIXED_IN_VERSION, fixedIn);
        }
        if (to == ProblemStatus.HANDED_OFF) {
            update = update.set(PROBLEM.HANDED_OFF_AT, now);
        }
        if (to == ProblemStatus.FIXED && !same) {
            update = update.set(PROBLEM.FIXED_AT, now);
        }
        if (update.where(PROBLEM.ID.eq(problem.id()))
                        .and(PROBLEM.VERSION.eq(problem.version()))
                        .execute()
                == 0) {
            throw new StaleVersionException("Problem", problems.currentVersion(problem.id()));
        }
        var moved = Problem.of(
                db.selectFrom(PROBLEM).where(PROBLEM.ID.eq(problem.id())).fetchSingle());
        if (same && to != ProblemStatus.HANDED_OFF) {
            return moved;
        }
        transition(problem.id(), problem.status(), to, by, source, comment, now);
        events.publishEvent(
                new ProblemStatusChanged(problem.id(), problem.problemNo(), problem.status(), to, by, source, comment));
        webhooks.publish(
                "problem.status_changed",
                payloads.statusChanged(moved, problem.status(), comment, source),
                "problem.status_changed:" + problem.id() + ":" + moved.version());
        return moved;
    }

    private void transition(
            UUID problemId,
            ProblemStatus from,
            ProblemStatus to,
            UUID by,
            ProblemSource source,
            String comment,
            OffsetDateTime now) {
        db.insertInto(PROBLEM_TRANSITION)
                .set(PROBLEM_TRANSITION.ID, UUID.randomUUID())
                .set(PROBLEM_TRANSITION.PROBLEM_ID, problemId)
                .set(PROBLEM_TRANSITION.FROM_STATUS, from == null ? null : from.name())
                .set(PROBLEM_TRANSITION.TO_STATUS, to.name())
                .set(PROBLEM_TRANSITION.ACTOR_ID, by)
                .set(PROBLEM_TRANSITION.SOURCE, source.name())
                .set(PROBLEM_TRANSITION.AT, now)
                .set(PROBLEM_TRANSITION.COMMENT, comment)
                .set(Stamps.created(PROBLEM_TRANSITION, by, now))
                .execute();
    }

    private static void checkVersion(Problem problem, Integer expected) {
        if (expected != null && problem.version() != expected) {
            throw new StaleVersionException("Problem", problem.version());
        }
    }

    /**
     * The fields a draft sets, checked.
     *
     * @param title title
     * @param description description
     * @param productId product
     * @param productVersionId version
     * @param reproductionSteps steps
     * @param severity severity
     * @param externalRef tracker issue
     * @param externalUrl its address
     * @param fixedInVersion fixing version
     */
    record Fields(
            String title,
            String description,
            UUID productId,
            UUID productVersionId,
            String reproductionSteps,
            Severity severity,
            String externalRef,
            String externalUrl,
            String fixedInVersion) {

        static Fields read(ProblemDraft draft, ProductCatalogue catalogue) {
            var errors = new ArrayList<>(FieldRules.check(FIELD, draft));
            if (draft.productVersionId() != null && draft.productId() == null) {
                errors.add(new FieldProblem("productId", "problems.field.required"));
            } else if (draft.productId() != null && !catalogue.exists(draft.productId(), draft.productVersionId())) {
                errors.add(new FieldProblem(
                        draft.productVersionId() == null ? "productId" : "productVersionId",
                        "problems.field.unknown-option"));
            }
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            var severity = Inputs.choice(Severity.class, draft.severity());
            return new Fields(
                    draft.title(),
                    draft.description(),
                    draft.productId(),
                    draft.productVersionId(),
                    draft.reproductionSteps(),
                    severity == null ? Severity.MAJOR : severity,
                    draft.externalRef(),
                    draft.externalUrl(),
                    draft.fixedInVersion());
        }

        void apply(ProblemRecord row) {
            row.setTitle(title);
            row.setDescription(description);
            row.setProductId(productId);
            row.setProductVersionId(productVersionId);
            row.setReproductionSteps(reproductionSteps);
            row.setSeverity(severity.name());
            row.setExternalRef(externalRef);
            row.setExternalUrl(externalUrl);
            row.setFixedInVersion(fixedInVersion);
        }
    }
}
