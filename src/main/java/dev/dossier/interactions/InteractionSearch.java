package dev.dossier.interactions;

import static dev.dossier.db.Tables.INTERACTION;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.InLists;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.shared.search.SearchDocument;
import dev.dossier.shared.search.SearchSource;
import dev.dossier.shared.search.SearchView;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Interactions in the one search: the summary as title, the content as text; an anonymised one is left out. Shown to
 * whoever may read interactions and reaches the customer, as the list shows them.
 */
@Component
class InteractionSearch implements SearchSource {

    private final DSLContext db;
    private final CustomerDirectory customers;
    private final Access access;
    private final MessageSource messages;

    InteractionSearch(DSLContext db, CustomerDirectory customers, Access access, MessageSource messages) {
        this.db = db;
        this.customers = customers;
        this.access = access;
        this.messages = messages;
    }

    @Override
    public String kind() {
        return "interaction";
    }

    @Override
    @Transactional(readOnly = true)
    public List<SearchDocument> documents(Collection<UUID> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        var rows = db.select(
                        INTERACTION.ID,
                        INTERACTION.CUSTOMER_ID,
                        INTERACTION.SUMMARY,
                        INTERACTION.CONTENT,
                        INTERACTION.STARTED_AT)
                .from(INTERACTION)
                .where(InLists.in(db, INTERACTION.ID, keys))
                .and(INTERACTION.DELETED_AT.isNull())
                .and(INTERACTION.ANONYMISED_AT.isNull())
                .fetch();
        var reach = customers.searchReach(rows.map(r -> r.value2()));
        return rows.map(r -> new SearchDocument(
                r.value1(), r.value1(), r.value2(), r.value3(), r.value4(), null, r.value5(), reach.get(r.value2())));
    }

    @Override
    @Transactional(readOnly = true)
    public List<UUID> keys(UUID after, int limit) {
        return dev.dossier.db.KeyPages.next(
                db,
                INTERACTION.ID,
                INTERACTION.DELETED_AT.isNull().and(INTERACTION.ANONYMISED_AT.isNull()),
                after,
                limit);
    }

    @Override
    public java.util.Optional<java.util.Set<String>> reach() {
        if (!access.allows(Area.INTERACTIONS, Operation.READ)) {
            return java.util.Optional.of(java.util.Set.of());
        }
        return customers.searchReach();
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, SearchView> visible(Collection<UUID> ids) {
        if (ids.isEmpty() || !access.allows(Area.INTERACTIONS, Operation.READ)) {
            return Map.of();
        }
        var locale = LocaleContextHolder.getLocale();
        var name = customers.name(INTERACTION.CUSTOMER_ID);
        var views = new HashMap<UUID, SearchView>();
        db.select(
                        INTERACTION.ID,
                        INTERACTION.SUMMARY,
                        INTERACTION.CONTENT,
                        INTERACTION.CHANNEL,
                        INTERACTION.STARTED_AT,
                        name)
                .from(INTERACTION)
                .where(InLists.in(db, INTERACTION.ID, ids))
                .and(INTERACTION.DELETED_AT.isNull())
                .and(INTERACTION.ANONYMISED_AT.isNull())
                .and(customers.reachable(INTERACTION.CUSTOMER_ID))
                .forEach(r -> views.put(
                        r.value1(),
                        new SearchView(
                                r.value1(),
                                r.value2(),
                                r.value3(),
                                null,
                                messages.getMessage("interaction.channel." + r.value4(), null, r.value4(), locale)
                                        + " · " + r.value6(),
                                "/interactions/" + r.value1(),
                                r.value5())));
        return views;
    }
}
