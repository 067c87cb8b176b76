package dev.dossier.feedback.problems;

import dev.dossier.feedback.hooks.InboundSignatures;
import dev.dossier.feedback.problems.InboundProblemHookController.TrackerUpdate;
import dev.dossier.feedback.problems.ProblemManagement.StatusChange;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.NotFoundException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Applies a signed call of the tracker: the status change and the record of the call, together or not at all. */
@Service
class TrackerUpdates {

    private final ProblemRepository problems;
    private final ProblemManagement management;
    private final InboundSignatures hooks;

    TrackerUpdates(ProblemRepository problems, ProblemManagement management, InboundSignatures hooks) {
        this.problems = problems;
        this.management = management;
        this.hooks = hooks;
    }

    @Transactional
    Problem apply(UUID hookId, TrackerUpdate update, String body) {
        FieldRules.require(ProblemManagement.FIELD, update);
        var problem = find(update.problem()).orElseThrow(() -> new NotFoundException("problem"));
        var moved = management.changeStatusFromTracker(
                problem,
                new StatusChange(
                        update.status().toUpperCase(Locale.ROOT),
                        update.comment(),
                        update.externalRef(),
                        update.externalUrl(),
                        update.fixedInVersion()));
        hooks.record(hookId, problem.id(), moved.status().name(), body);
        return moved;
    }

    /** The problem named by its id or its number ({@code P-00042}). */
    private Optional<Problem> find(String reference) {
        try {
            return problems.find(UUID.fromString(reference));
        } catch (IllegalArgumentException e) {
            var number = Problem.parseNumber(reference, "P");
            return number == null ? Optional.empty() : problems.findByNumber(number);
        }
    }
}
