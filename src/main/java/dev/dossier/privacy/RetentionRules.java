package dev.dossier.privacy;

import static dev.dossier.db.Tables.RETENTION_RULE;
import static dev.dossier.db.Tables.RETENTION_RUN;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.RetentionRuleRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.jobs.Recurring;
import dev.dossier.shared.Actor;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention rules: which customers are kept how long after their last update, and what happens to them then. A
 * schedule runs the enabled rules in batches, each batch its own transaction, and records a report of every run.
 */
@Service
class RetentionRules {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionRules.class);
    static final int BATCH = 100;

    /**
     * A rule.
     *
     * @param id id
     * @param name what people call it
     * @param stages lifecycle stages it applies to
     * @param inactiveMonths months since the customer's last update
     * @param action what it does
     * @param enabled whether the schedule runs it
     * @param version version
     */
    record Rule(
            UUID id,
            String name,
            Set<String> stages,
            int inactiveMonths,
            RetentionAction action,
            boolean enabled,
            int version) {}

    /**
     * A rule as typed or sent.
     *
     * @param name name
     * @param stages lifecycle stage names
     * @param inactiveMonths months, 1 to 1200
     * @param action a {@link RetentionAction} name
     * @param enabled whether the schedule runs it
     */
    @Schema(requiredProperties = {"name", "action"})
    record RuleDraft(
            @NotNull @Size(max = 200) String name,
            List<String> stages,
            @NotNull Integer inactiveMonths,

            @Schema(implementation = RetentionAction.class) @NotNull @OneOf(RetentionAction.class)
            String action,

            Boolean enabled) {

        RuleDraft {
            name = Inputs.trim(name);
            action = Inputs.trim(action);
        }
    }

    /**
     * The report of one run of one rule.
     *
     * @param id id
     * @param ruleId rule
     * @param ruleName its name then
     * @param startedAt start
     * @param finishedAt end, null while running
     * @param customers how many customers it acted on
     * @param outcome RUNNING, SUCCEEDED or FAILED
     * @param message what went wrong
     * @param triggeredBy who ran it now, null for the schedule
     */
    record Run(
            UUID id,
            UUID ruleId,
            String ruleName,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            int customers,
            String outcome,
            String message,
            UUID triggeredBy) {}

    private final DSLContext db;
    private final Access access;
    private final CustomerDirectory customers;
    private final Erasure erasure;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RetentionRules(
            DSLContext db,
            Access access,
            CustomerDirectory customers,
            Erasure erasure,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.db = db;
        this.access = access;
        this.customers = customers;
        this.erasure = erasure;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    List<Rule> rules() {
        access.require(Area.PRIVACY, Operation.READ);
        return db.selectFrom(RETENTION_RULE)
                .where(RETENTION_RULE.DELETED_AT.isNull())
                .orderBy(RETENTION_RULE.NAME, RETENTION_RULE.ID)
                .fetch(RetentionRules::toRule);
    }

    @Transactional(readOnly = true)
    List<Run> runs(int limit) {
        access.require(Area.PRIVACY, Operation.READ);
        return db.selectFrom(RETENTION_RUN)
                .orderBy(RETENTION_RUN.STARTED_AT.desc(), RETENTION_RUN.ID)
                .limit(limit)
                .fetch(r -> new Run(
                        r.getId(),
                        r.getRuleId(),
                        r.getRuleName(),
                        r.getStartedAt(),
                        r.getFinishedAt(),
                        r.getCustomers(),
                        r.getOutcome(),
                        r.getMessage(),
                        r.getTriggeredBy()));
    }

    /** Defining rules acts on many customers at once: administrators only (the PURGE of the privacy area). */
    @Transactional
    Rule define(RuleDraft draft) {
        access.require(Area.PRIVACY, Operation.PURGE);
        var valid = validate(draft);
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        var row = db.newRecord(RETENTION_RULE);
        row.setId(UUID.randomUUID());
        write(row, valid);
        Stamps.created(row, by, now);
        row.insert();
        return toRule(row);
    }

    @Transactional
    Rule revise(UUID id, Integer expectedVersion, RuleDraft draft) {
        access.require(Area.PRIVACY, Operation.PURGE);
        var row = find(id);
        if (expectedVersion == null || row.getVersion() != expectedVersion.intValue()) {
            throw new StaleVersionException("Retention rule", row.getVersion());
        }
        var valid = validate(draft);
        write(row, valid);
        Stamps.changed(row, CurrentUser.actor().userId(), OffsetDateTime.now(clock), expectedVersion);
        int updated = db.update(RETENTION_RULE)
                .set(row)
                .where(RETENTION_RULE.ID.eq(id))
                .and(RETENTION_RULE.VERSION.eq(expectedVersion))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Retention rule", expectedVersion + 1);
        }
        return toRule(row);
    }

    /** Runs one rule now, on behalf of the signed-in administrator. */
    Run runNow(UUID id) {
        access.require(Area.PRIVACY, Operation.PURGE);
        var rule = toRule(find(id));
        return run(rule, CurrentUser.actor());
    }

    /** Runs every enabled rule, as the system. */
    @Recurring(name = "retention", cron = "${dossier.privacy.retention-cron:0 30 2 * * *}")
    void runAll() {
        var enabled = db.selectFrom(RETENTION_RULE)
                .where(RETENTION_RULE.DELETED_AT.isNull())
                .and(RETENTION_RULE.ENABLED.isTrue())
                .orderBy(RETENTION_RULE.NAME)
                .fetch(RetentionRules::toRule);
        for (var rule : enabled) {
            run(rule, Actor.SYSTEM);
        }
    }

    private Run run(Rule rule, Actor actor) {
        var runId = UUID.randomUUID();
        var started = OffsetDateTime.now(clock);
        transactions.executeWithoutResult(tx -> db.insertInto(RETENTION_RUN)
                .set(RETENTION_RUN.ID, runId)
                .set(RETENTION_RUN.RULE_ID, rule.id())
                .set(RETENTION_RUN.RULE_NAME, rule.name())
                .set(RETENTION_RUN.STARTED_AT, started)
                .set(RETENTION_RUN.CUSTOMERS, 0)
                .set(RETENTION_RUN.OUTCOME, "RUNNING")
                .set(RETENTION_RUN.TRIGGERED_BY, actor.userId())
                .execute());
        var cutoff = started.minusMonths(rule.inactiveMonths());
        int done = 0;
        String outcome = "SUCCEEDED";
        String message = null;
        try {
            UUID after = null;
            while (true) {
                var batch = customers.inactive(rule.stages(), cutoff, after, BATCH);
                if (batch.isEmpty()) {
                    break;
                }
                after = batch.getLast();
                Integer acted = transactions.execute(tx -> {
                    int n = 0;
                    for (var customerId : batch) {
                        if (act(rule, customerId, actor)) {
                            n++;
                        }
                    }
                    return n;
                });
                done += acted == null ? 0 : acted;
                int sofar = done;
                transactions.executeWithoutResult(tx -> db.update(RETENTION_RUN)
                        .set(RETENTION_RUN.CUSTOMERS, sofar)
                        .where(RETENTION_RUN.ID.eq(runId))
                        .execute());
            }
        } catch (RuntimeException e) {
            LOG.warn("Retention rule {} failed after {} customers", rule.id(), done, e);
            outcome = "FAILED";
            message = truncate(e.getClass().getSimpleName() + ": " + e.getMessage(), 1000);
        }
        var finished = OffsetDateTime.now(clock);
        int total = done;
        var result = outcome;
        var why = message;
        transactions.executeWithoutResult(tx -> db.update(RETENTION_RUN)
                .set(RETENTION_RUN.FINISHED_AT, finished)
                .set(RETENTION_RUN.CUSTOMERS, total)
                .set(RETENTION_RUN.OUTCOME, result)
                .set(RETENTION_RUN.MESSAGE, why)
                .where(RETENTION_RUN.ID.eq(runId))
                .execute());
        return new Run(runId, rule.id(), rule.name(), started, finished, total, outcome, message, actor.userId());
    }

    private boolean act(Rule rule, UUID customerId, Actor actor) {
        return switch (rule.action()) {
            case TRASH -> customers.trash(customerId, actor);
            case ANONYMISE -> {
                if (erasure.erased(customerId)) {
                    yield false;
                }
                erasure.erase(customerId, "RETENTION", rule.id(), actor);
                yield true;
            }
        };
    }

    private RuleDraft validate(RuleDraft draft) {
        var problems = new ArrayList<>(FieldRules.check("privacy.field", draft));
        var stages = new LinkedHashSet<String>();
        var known = CustomerDirectory.stages();
        for (var stage : draft.stages() == null ? List.<String>of() : draft.stages()) {
            if (stage == null || stage.isBlank()) {
                continue;
            }
            if (!known.contains(stage)) {
                problems.add(new FieldProblem("stages", "privacy.field.unknown-option"));
            } else {
                stages.add(stage);
            }
        }
        if (stages.isEmpty() && problems.stream().noneMatch(p -> p.field().equals("stages"))) {
            problems.add(new FieldProblem("stages", "privacy.retention.stages.required"));
        }
        var months = draft.inactiveMonths();
        if (months != null && (months < 1 || months > 1200)) {
            problems.add(new FieldProblem("inactiveMonths", "privacy.retention.months.range", 1, 1200));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new RuleDraft(
                draft.name(), List.copyOf(stages), months, draft.action(), !Boolean.FALSE.equals(draft.enabled()));
    }

    private RetentionRuleRecord find(UUID id) {
        var row = db.selectFrom(RETENTION_RULE)
                .where(RETENTION_RULE.ID.eq(id))
                .and(RETENTION_RULE.DELETED_AT.isNull())
                .fetchOne();
        if (row == null) {
            throw new NotFoundException("Retention rule");
        }
        return row;
    }

    private static void write(RetentionRuleRecord row, RuleDraft valid) {
        row.setName(valid.name());
        row.setStages(String.join(",", valid.stages()));
        row.setInactiveMonths(valid.inactiveMonths());
        row.setAction(valid.action());
        row.setEnabled(valid.enabled());
    }

    private static Rule toRule(RetentionRuleRecord r) {
        return new Rule(
                r.getId(),
                r.getName(),
                new LinkedHashSet<>(Arrays.asList(r.getStages().split(","))),
                r.getInactiveMonths(),
                RetentionAction.valueOf(r.getAction()),
                r.getEnabled(),
                r.getVersion());
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
