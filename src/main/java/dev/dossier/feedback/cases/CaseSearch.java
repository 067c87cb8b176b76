package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.InLists;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.search.SearchDocument;
import dev.dossier.shared.search.SearchSource;
import dev.dossier.shared.search.SearchView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private final Access access;

    CaseSearch(DSLContext db, CaseRepository cases, CustomerDirectory customers, Access access) {
        this.db = db;
        this.cases = cases;
        this.customers = customers;
        this.access = access;
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
        var rows = db.select(
                        FEEDBACK_CASE.ID,
                        FEEDBACK_CASE.CUSTOMER_ID,
                        FEEDBACK_CASE.CASE_NO,
                        FEEDBACK_CASE.TITLE,
                        FEEDBACK_CASE.DESCRIPTION,
                        FEEDBACK_CASE.RESOLUTION,
                        FEEDBACK_CASE.CREATED_AT,
                        FEEDBACK_CASE.ASSIGNEE_ID,
                        FEEDBACK_CASE.TEAM_ID)
                .from(FEEDBACK_CASE)
                .where(InLists.in(db, FEEDBACK_CASE.ID, keys))
                .and(FEEDBACK_CASE.DELETED_AT.isNull())
                .fetch();
        var reach = customers.searchReach(rows.map(r -> r.value2()));
        return rows.map(r -> {
            var terms = new ArrayList<String>(reach.getOrDefault(r.value2(), List.of()));
            if (r.value8() != null) {
                terms.add("assignee:" + r.value8());
            }
            if (r.value9() != null) {
                terms.add("case-team:" + r.value9());
            }
            return new SearchDocument(
                    r.value1(),
                    r.value1(),
                    r.value2(),
                    r.value4(),
                    text(r.value5(), r.value6()),
                    keywords(r.value3()),
                    r.value7(),
                    terms);
        });
    }

    @Override
    @Transactional(readOnly = true)
    public List<UUID> keys(UUID after, int limit) {
        return dev.dossier.db.KeyPages.next(db, FEEDBACK_CASE.ID, FEEDBACK_CASE.DELETED_AT.isNull(), after, limit);
    }

    /**
     * The cases the current user sees, as the queues decide: assigned to them or their team, within their scope of
     * cases, or about a customer they reach.
     */
    @Override
    public Optional<Set<String>> reach() {
        var cases = access.scopeOf(Area.CASES, "case");
        if (cases.isEmpty()) {
            return Optional.empty();
        }
        var customerReach = customers.searchReach();
        if (customerReach.isEmpty()) {
            return Optional.empty();
        }
        if (cases.get().owners().isEmpty()) {
            // No right to read cases at all.
            return Optional.of(Set.of());
        }
        var terms = new HashSet<>(customerReach.get());
        var me = CurrentUser.get();
        terms.add("assignee:" + me.id());
        if (me.teamId() != null) {
            terms.add("case-team:" + me.teamId());
        }
        cases.get().owners().forEach(id -> terms.add("assignee:" + id));
        cases.get().teams().forEach(id -> terms.add("case-team:" + id));
        return Optional.of(Set.copyOf(terms));
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
                .where(InLists.in(db, FEEDBACK_CASE.ID, ids))
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
