package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.customers.CustomerDirectory;
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
 * Cases in the one search: the number and title as title (found by {@code C-000123} or {@code 123}), the
 * description and resolution as text. Shown to whoever sees the case in the queues.
 */
@Component
class CaseSearch implements SearchSource {

    private final DSLContext db;
    private final CaseRepository cases;
    private final CustomerDirectory customers;

    CaseSearch(DSLContext db, CaseRepository cases, CustomerDirectory customers) {
        this.db = db;
        this.cases = cases;
        this.customers = customers;
    }

    @Override
    public String kind() {
        return "case";
    }

    @Override
    @Transactional(readOnly = true)
    public List<SearchDocument> documents(Collection<UUID> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return db.select(
                        FEEDBACK_CASE.ID,
                        FEEDBACK_CASE.CUSTOMER_ID,
                        FEEDBACK_CASE.CASE_NO,
                        FEEDBACK_CASE.TITLE,
                        FEEDBACK_CASE.DESCRIPTION,
                        FEEDBACK_CASE.RESOLUTION,
                        FEEDBACK_CASE.CREATED_AT)
                .from(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.ID.in(keys))
                .and(FEEDBACK_CASE.DELETED_AT.isNull())
                .fetch(r -> new SearchDocument(
                        r.value1(),
                        r.value1(),
                        r.value2(),
                        r.value4(),
                        text(r.value5(), r.value6()),
                        keywords(r.value3()),
                        r.value7()));
    }

    @Override
    @Transactional(readOnly = true)
    public List<UUID> keys(UUID after, int limit) {
        return dev.dossier.db.KeyPages.next(db, FEEDBACK_CASE.ID, FEEDBACK_CASE.DELETED_AT.isNull(), after, limit);
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, SearchView> visible(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        var name = customers.name(FEEDBACK_CASE.CUSTOMER_ID);
        var views = new HashMap<UUID, SearchView>();
        db.select(
                        FEEDBACK_CASE.ID,
                        FEEDBACK_CASE.CASE_NO,
                        FEEDBACK_CASE.TITLE,
                        FEEDBACK_CASE.DESCRIPTION,
                        FEEDBACK_CASE.RESOLUTION,
                        FEEDBACK_CASE.CREATED_AT,
                        name)
                .from(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.ID.in(ids))
                .and(cases.visible())
                .forEach(r -> views.put(
                        r.value1(),
                        new SearchView(
                                r.value1(),
                                FeedbackCase.number(r.value2()) + " " + r.value3(),
                                text(r.value4(), r.value5()),
                                keywords(r.value2()),
                                r.value7(),
                                "/cases/" + r.value1(),
                                r.value6())));
        return views;
    }

    private static String text(String description, String resolution) {
        if (resolution == null || resolution.isBlank()) {
            return description;
        }
        return description == null || description.isBlank() ? resolution : description + "\n" + resolution;
    }

    /** C-000123 and 123. */
    static String keywords(long caseNo) {
        return FeedbackCase.number(caseNo) + " " + caseNo;
    }
}
