package dev.dossier.feedback.problems;

import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.Stamps;
import dev.dossier.feedback.ProblemStatus;
import dev.dossier.feedback.cases.CaseLanguages;
import dev.dossier.feedback.cases.CaseManagement;
import dev.dossier.feedback.cases.FeedbackCase;
import dev.dossier.feedback.cases.InvalidTransitionException;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.CustomerEmailRequested;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The customer reports grouped into a problem: linking and unlinking cases, the cases and customers a viewer may see,
 * and, once the problem is fixed, resolving every linked case still open and telling each customer.
 */
@Service
class ProblemCases {

    /** The note that resolves the linked cases of a fixed problem. */
    record FixNote(@NotNull @Size(max = 4000) String resolution) {

        FixNote {
            resolution = Inputs.trim(resolution);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProblemCases.class);
    private static final int BATCH = 50;

    /**
     * A linked case as the problem page lists it.
     *
     * @param id id
     * @param number e.g. {@code C-000123}
     * @param title title
     * @param status status
     * @param customerId the customer
     * @param customerName the customer's name
     * @param createdAt when reported
     */
    record LinkedCase(
            UUID id,
            String number,
            String title,
            String status,
            UUID customerId,
            String customerName,
            OffsetDateTime createdAt) {}

    /**
     * How many cases and customers a problem groups, whether or not the viewer sees them all.
     *
     * @param cases cases
     * @param customers distinct customers
     * @param activeCases cases still open
     */
    record Counts(int cases, int customers, int activeCases) {}

    /**
     * What resolving the linked cases did.
     *
     * @param resolved cases resolved
     * @param failed cases that could not be resolved (left as they were)
     * @param emailed customers told by email
     * @param failures why each case that could not be resolved was not (the first {@value #FAILURES_LISTED})
     */
    record Resolution(int resolved, int failed, int emailed, List<Failure> failures) {}

    /**
     * A linked case left as it was.
     *
     * @param caseId the case
     * @param number its number
     * @param reason the message key that says why
     */
    record Failure(UUID caseId, String number, String reason) {}

    static final int FAILURES_LISTED = 50;

    private final DSLContext db;
    private final ProblemRepository problems;
    private final CaseManagement caseManagement;
    private final CustomerDirectory customers;
    private final Access access;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final CaseLanguages languages;

    ProblemCases(
            DSLContext db,
            ProblemRepository problems,
            CaseManagement caseManagement,
            CustomerDirectory customers,
            Access access,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            Clock clock,
            CaseLanguages languages) {
        this.languages = languages;
        this.db = db;
        this.problems = problems;
        this.caseManagement = caseManagement;
        this.customers = customers;
        this.access = access;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    private Condition reached() {
        if (CurrentUser.find().isPresent() && !access.allows(Area.CASES, Operation.READ)) {
            return DSL.falseCondition();
        }
        return FEEDBACK_CASE.DELETED_AT.isNull().and(customers.reachable(FEEDBACK_CASE.CUSTOMER_ID));
    }

    /** The linked cases of customers the viewer reaches, newest first. */
    @Transactional(readOnly = true)
    List<LinkedCase> cases(UUID problemId) {
        problems.require(problemId);
        return linked(FEEDBACK_CASE.PROBLEM_ID.eq(problemId).and(reached()), 500);
    }

    /** Counts over all linked cases, seen or not. */
    @Transactional(readOnly = true)
    Counts counts(UUID problemId) {
        var row = db.select(
                        DSL.count(),
                        DSL.countDistinct(FEEDBACK_CASE.CUSTOMER_ID),
                        DSL.count().filterWhere(FEEDBACK_CASE.ACTIVE.isTrue()))
                .from(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.PROBLEM_ID.eq(problemId))
                .and(FEEDBACK_CASE.DELETED_AT.isNull())
                .fetchSingle();
        return new Counts(row.value1(), row.value2(), row.value3());
    }

    /** Cases of customers the viewer reaches whose number or title matches, not linked to this problem yet. */
    @Transactional(readOnly = true)
    List<LinkedCase> search(UUID problemId, String text) {
        problems.require(problemId);
        var q = text == null ? "" : text.strip();
        if (q.isEmpty() || q.length() > 200) {
            return List.of();
        }
        Condition match = FEEDBACK_CASE.TITLE.containsIgnoreCase(q);
        var number = Problem.parseNumber(q, "C");
        if (number != null) {
            match = match.or(FEEDBACK_CASE.CASE_NO.eq(number));
        }
        return linked(
                match.and(reached()).and(FEEDBACK_CASE.PROBLEM_ID.isNull().or(FEEDBACK_CASE.PROBLEM_ID.ne(problemId))),
                20);
    }

    /** The case with this number, if the viewer reaches its customer. */
    @Transactional(readOnly = true)
    java.util.Optional<UUID> idOfCase(long caseNo) {
        return db.select(FEEDBACK_CASE.ID)
                .from(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.CASE_NO.eq(caseNo))
                .and(reached())
                .fetchOptional(FEEDBACK_CASE.ID);
    }

    /** Groups a case into the problem; a case belongs to one problem at a time, so this moves it from another. */
    @Transactional
    FeedbackCase link(UUID problemId, UUID caseId) {
        access.require(Area.PROBLEMS, Operation.EDIT);
        problems.require(problemId);
        var c = caseManagement.get(caseId);
        setProblem(c, problemId);
        return caseManagement.get(caseId);
    }

    @Transactional
    void unlink(UUID problemId, UUID caseId) {
        access.require(Area.PROBLEMS, Operation.EDIT);
        problems.require(problemId);
        var c = caseManagement.get(caseId);
        if (problemId.equals(c.problemId())) {
            setProblem(c, null);
        }
    }

    private void setProblem(FeedbackCase c, UUID problemId) {
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.PROBLEM_ID, problemId)
                .set(Stamps.changed(FEEDBACK_CASE, CurrentUser.actor().userId(), OffsetDateTime.now(clock)))
                .where(FEEDBACK_CASE.ID.eq(c.id()))
                .execute();
    }

    /**
     * Resolves every linked case still open with {@code resolution}, each in a transaction of its own so that a case
     * that cannot be resolved (not assigned yet, changed meanwhile) leaves the others resolved, and asks for an email
     * to each case's reporter, or else to the customer's primary address, with the fix note.
     */
    Resolution resolveLinked(UUID problemId, String resolution) {
        access.require(Area.PROBLEMS, Operation.EDIT);
        access.require(Area.CASES, Operation.EDIT);
        var problem = transactions.execute(tx -> problems.require(problemId));
        var fix = new FixNote(resolution);
        var errors = new ArrayList<>(FieldRules.check(ProblemManagement.FIELD, fix));
        var note = fix.resolution();
        if (problem.status() != ProblemStatus.FIXED && problem.status() != ProblemStatus.CLOSED) {
            errors.add(new FieldProblem("resolution", "problems.resolve.not-fixed"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        var actor = CurrentUser.actor();
        int resolved = 0;
        int failed = 0;
        int emailed = 0;
        var failures = new ArrayList<Failure>();
        UUID after = null;
        List<UUID> batch;
        do {
            var from = after;
            batch = transactions.execute(tx -> db.select(FEEDBACK_CASE.ID)
                    .from(FEEDBACK_CASE)
                    .where(FEEDBACK_CASE.PROBLEM_ID.eq(problemId))
                    .and(FEEDBACK_CASE.ACTIVE.isTrue())
                    .and(FEEDBACK_CASE.DELETED_AT.isNull())
                    .and(from == null ? DSL.trueCondition() : FEEDBACK_CASE.ID.gt(from))
                    .orderBy(FEEDBACK_CASE.ID)
                    .limit(BATCH)
                    .fetch(FEEDBACK_CASE.ID));
            for (var caseId : batch) {
                try {
                    Boolean sent = transactions.execute(tx -> {
                        var c = caseManagement.resolve(caseId, note, actor, null);
                        return tell(problem, c, note);
                    });
                    resolved++;
                    emailed += Boolean.TRUE.equals(sent) ? 1 : 0;
                } catch (RuntimeException e) {
                    failed++;
                    LOG.info("Case {} of problem {} was not resolved: {}", caseId, problem.number(), e.getMessage());
                    if (failures.size() < FAILURES_LISTED) {
                        failures.add(new Failure(caseId, caseNumber(caseId), reason(e)));
                    }
                }
            }
            after = batch.isEmpty() ? null : batch.getLast();
        } while (batch.size() == BATCH);
        return new Resolution(resolved, failed, emailed, List.copyOf(failures));
    }

    private String caseNumber(UUID caseId) {
        Long caseNo = transactions.execute(tx -> db.select(FEEDBACK_CASE.CASE_NO)
                .from(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.ID.eq(caseId))
                .fetchOne(FEEDBACK_CASE.CASE_NO));
        return caseNo == null ? "" : FeedbackCase.number(caseNo);
    }

    /** Why a case could not be resolved, as a message key. */
    private static String reason(RuntimeException e) {
        return switch (e) {
            case InvalidTransitionException refused -> refused.reason();
            case StaleVersionException stale -> "problems.resolve.failed.changed";
            case dev.dossier.shared.NotFoundException gone -> "problems.resolve.failed.gone";
            default -> "problems.resolve.failed.other";
        };
    }

    /** Asks for the email to the case's reporter or customer; false when neither has an address. */
    private boolean tell(Problem problem, FeedbackCase c, String note) {
        var to = c.reporterEmail() != null
                ? c.reporterEmail()
                : customers.emailAddresses(List.of(c.customerId())).get(c.customerId());
        if (to == null) {
            return false;
        }
        events.publishEvent(new CustomerEmailRequested(
                c.customerId(),
                to,
                languages.of(c.id()),
                "problems.email.fixed.subject",
                "problems.email.fixed.body",
                List.of(c.number(), c.title(), note, problem.fixedInVersion() == null ? "" : problem.fixedInVersion()),
                null,
                "problem-fixed:" + problem.id() + ":" + c.id(),
                CustomerEmailRequested.OWN_CASE));
        return true;
    }

    private List<LinkedCase> linked(Condition condition, int limit) {
        var rows = db.select(
                        FEEDBACK_CASE.ID,
                        FEEDBACK_CASE.CASE_NO,
                        FEEDBACK_CASE.TITLE,
                        FEEDBACK_CASE.STATUS,
                        FEEDBACK_CASE.CUSTOMER_ID,
                        FEEDBACK_CASE.CREATED_AT)
                .from(FEEDBACK_CASE)
                .where(condition)
                .orderBy(FEEDBACK_CASE.CREATED_AT.desc(), FEEDBACK_CASE.ID.desc())
                .limit(limit)
                .fetch();
        var names =
                customers.names(rows.map(r -> r.value5()).stream().distinct().toList());
        return rows.map(r -> new LinkedCase(
                r.value1(),
                FeedbackCase.number(r.value2()),
                r.value3(),
                r.value4(),
                r.value5(),
                names.get(r.value5()),
                r.value6()));
    }
}
