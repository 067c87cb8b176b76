package dev.dossier.feedback.problems;

import static dev.dossier.db.Tables.PROBLEM;

import dev.dossier.db.InLists;
import dev.dossier.shared.search.SearchDocument;
import dev.dossier.shared.search.SearchSource;
import dev.dossier.shared.search.SearchView;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Problems in the one search: number and title as title (found by {@code P-00042} or {@code 42}), the description
 * and the steps to reproduce as text, the tracker's reference as a keyword. Shown to whoever may read problems.
 */
@Component
class ProblemSearch implements SearchSource {

    private final DSLContext db;
    private final ProblemRepository problems;

    ProblemSearch(DSLContext db, ProblemRepository problems) {
        this.db = db;
        this.problems = problems;
    }

    @Override
    public String kind() {
        return "problem";
    }

    @Override
    @Transactional(readOnly = true)
    public List<SearchDocument> documents(Collection<UUID> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return db.select(
                        PROBLEM.ID,
                        PROBLEM.PROBLEM_NO,
                        PROBLEM.TITLE,
                        PROBLEM.DESCRIPTION,
                        PROBLEM.REPRODUCTION_STEPS,
                        PROBLEM.EXTERNAL_REF,
                        PROBLEM.UPDATED_AT)
                .from(PROBLEM)
                .where(InLists.in(db, PROBLEM.ID, keys))
                .and(PROBLEM.DELETED_AT.isNull())
                .fetch(r -> new SearchDocument(
                        r.value1(),
                        r.value1(),
                        null,
                        r.value3(),
                        text(r.value4(), r.value5()),
                        keywords(r.value2(), r.value6()),
                        r.value7(),
                        null));
    }

    @Override
    @Transactional(readOnly = true)
    public List<UUID> keys(UUID after, int limit) {
        return dev.dossier.db.KeyPages.next(db, PROBLEM.ID, PROBLEM.DELETED_AT.isNull(), after, limit);
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, SearchView> visible(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        var views = new HashMap<UUID, SearchView>();
        db.select(
                        PROBLEM.ID,
                        PROBLEM.PROBLEM_NO,
                        PROBLEM.TITLE,
                        PROBLEM.DESCRIPTION,
                        PROBLEM.REPRODUCTION_STEPS,
                        PROBLEM.EXTERNAL_REF,
                        PROBLEM.UPDATED_AT)
                .from(PROBLEM)
                .where(InLists.in(db, PROBLEM.ID, ids))
                .and(problems.visible())
                .forEach(r -> views.put(
                        r.value1(),
                        new SearchView(
                                r.value1(),
                                Problem.number(r.value2()) + " " + r.value3(),
                                text(r.value4(), r.value5()),
                                keywords(r.value2(), r.value6()),
                                r.value6(),
                                "/problems/" + r.value1(),
                                r.value7())));
        return views;
    }

    private static String text(String description, String steps) {
        if (steps == null || steps.isBlank()) {
            return description;
        }
        return description == null || description.isBlank() ? steps : description + "\n" + steps;
    }

    private static String keywords(long problemNo, String externalRef) {
        var number = Problem.number(problemNo) + " " + problemNo;
        return externalRef == null || externalRef.isBlank() ? number : number + " " + externalRef.strip();
    }
}
