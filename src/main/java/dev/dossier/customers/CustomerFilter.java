package dev.dossier.customers;

import io.swagger.v3.oas.annotations.Parameter;
import java.util.UUID;

/**
 * Which customers a list shows, bound from the query parameters of the list page, its count and the API's list. A
 * value that is not one of the options is a bad parameter, not an empty list.
 *
 * @param type only this type
 * @param grade only this grade
 * @param lifecycleStage only this stage
 * @param region only this region
 * @param industry only this industry
 * @param tag only customers with this tag (by name)
 * @param ownerId only customers owned by this user
 * @param teamId only customers of this team
 * @param q quick search: a name, pinyin, phone or email fragment
 */
record CustomerFilter(
        CustomerType type,
        Grade grade,
        LifecycleStage lifecycleStage,
        Region region,
        Industry industry,

        @Parameter(description = "Only customers with this tag (by name)")
        String tag,

        UUID ownerId,
        UUID teamId,

        @Parameter(description = "Name, pinyin (full or initials), phone (4+ digits) or email fragment")
        String q) {

    /** Every customer. */
    static CustomerFilter all() {
        return new CustomerFilter(null, null, null, null, null, null, null, null, null);
    }

    /** The same filter with another quick search. */
    CustomerFilter withQuery(String query) {
        return new CustomerFilter(type, grade, lifecycleStage, region, industry, tag, ownerId, teamId, query);
    }

    /** Whether the quick search has something to look for. */
    public boolean searching() {
        return q != null && !q.isBlank();
    }
}
