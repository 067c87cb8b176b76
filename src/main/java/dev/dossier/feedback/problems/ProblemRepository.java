package dev.dossier.feedback.problems;

import static dev.dossier.db.Tables.PROBLEM;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.NotFoundException;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * Reads problems. A problem hangs on no customer: whoever may read the problems area sees every problem that is not
 * deleted; nobody signed in (the schedulers, the inbound webhook once its signature is checked) sees them all.
 */
@Component
class ProblemRepository {

    private final DSLContext db;
    private final Access access;

    ProblemRepository(DSLContext db, Access access) {
        this.db = db;
        this.access = access;
    }

    Condition visible() {
        if (CurrentUser.find().isPresent() && !access.allows(Area.PROBLEMS, Operation.READ)) {
            return DSL.falseCondition();
        }
        return PROBLEM.DELETED_AT.isNull();
    }

    Optional<Problem> find(UUID id) {
        return db.selectFrom(PROBLEM)
                .where(PROBLEM.ID.eq(id))
                .and(visible())
                .fetchOptional()
                .map(Problem::of);
    }

    Optional<Problem> findByNumber(long problemNo) {
        return db.selectFrom(PROBLEM)
                .where(PROBLEM.PROBLEM_NO.eq(problemNo))
                .and(visible())
                .fetchOptional()
                .map(Problem::of);
    }

    Problem require(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("problem"));
    }

    int currentVersion(UUID id) {
        var v = db.select(PROBLEM.VERSION)
                .from(PROBLEM)
                .where(PROBLEM.ID.eq(id))
                .fetchOne(PROBLEM.VERSION);
        return v == null ? -1 : v;
    }
}
