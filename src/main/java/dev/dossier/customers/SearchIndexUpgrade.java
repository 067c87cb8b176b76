package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT_POINT;
import static dev.dossier.db.Tables.CUSTOMER;

import dev.dossier.keys.ReEncryption;
import java.util.LinkedHashSet;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings dossiers written before field encryption up to date, in the background after startup: contact points
 * without a blind index get one, and their customers' search terms are rebuilt, so that phone and email terms are
 * kept as keyed hashes only. The values themselves are encrypted by {@link ReEncryption}. Then the search terms
 * written by an older {@link SearchTerms#VERSION} are rebuilt. Batches of customers, each in a short transaction; a
 * restart carries on where it stopped.
 */
@Component
class SearchIndexUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexUpgrade.class);
    private static final int BATCH = 100;

    private final DSLContext db;
    private final CustomerRepository customers;
    private final CustomerCrypto crypto;
    private final TransactionTemplate transactions;

    SearchIndexUpgrade(
            DSLContext db, CustomerRepository customers, CustomerCrypto crypto, TransactionTemplate transactions) {
        this.db = db;
        this.customers = customers;
        this.crypto = crypto;
        this.transactions = transactions;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        Thread.ofVirtual().name("search-index-upgrade").start(() -> {
            try {
                int done = run();
                if (done > 0) {
                    LOG.info("Blind indexes and search terms rebuilt for {} customers written before encryption", done);
                }
                int rebuilt = rebuildOlderTerms();
                if (rebuilt > 0) {
                    LOG.info("Search terms rebuilt for {} customers indexed by an older version", rebuilt);
                }
            } catch (RuntimeException e) {
                LOG.error("Rebuilding blind indexes stopped; it carries on at the next start", e);
            }
        });
    }

    /** Upgrades every customer with a contact point that has no blind index; returns how many. */
    synchronized int run() {
        int done = 0;
        while (true) {
            var ids = new LinkedHashSet<>(db.selectDistinct(CONTACT_POINT.CUSTOMER_ID)
                    .from(CONTACT_POINT)
                    .where(CONTACT_POINT.POINT_INDEX.isNull())
                    .limit(BATCH)
                    .fetch(CONTACT_POINT.CUSTOMER_ID));
            if (ids.isEmpty()) {
                return done;
            }
            transactions.executeWithoutResult(status -> ids.forEach(this::upgrade));
            done += ids.size();
        }
    }

    /** Rebuilds the terms of every customer whose terms an older version wrote, in id order; returns how many. */
    synchronized int rebuildOlderTerms() {
        int done = 0;
        UUID after = null;
        while (true) {
            var from = after;
            var ids = db.select(CUSTOMER.ID)
                    .from(CUSTOMER)
                    .where(CUSTOMER.SEARCH_TERMS_VERSION.lt(SearchTerms.VERSION))
                    .and(from == null ? DSL.trueCondition() : CUSTOMER.ID.gt(from))
                    .orderBy(CUSTOMER.ID)
                    .limit(BATCH)
                    .fetch(CUSTOMER.ID);
            if (ids.isEmpty()) {
                return done;
            }
            transactions.executeWithoutResult(status -> ids.forEach(customers::refreshSearchTerms));
            done += ids.size();
            after = ids.getLast();
        }
    }

    private void upgrade(UUID customerId) {
        var rows = db.selectFrom(CONTACT_POINT)
                .where(CONTACT_POINT.CUSTOMER_ID.eq(customerId))
                .and(CONTACT_POINT.POINT_INDEX.isNull())
                .fetch();
        for (var row : rows) {
            var value = crypto.open(CustomerCrypto.POINT_VALUE, row.getPointValue());
            db.update(CONTACT_POINT)
                    .set(CONTACT_POINT.POINT_INDEX, crypto.pointIndex(row.getKind(), row.getType(), value))
                    .where(CONTACT_POINT.OWNER_ID.eq(row.getOwnerId()))
                    .and(CONTACT_POINT.KIND.eq(row.getKind()))
                    .and(CONTACT_POINT.POSITION.eq(row.getPosition()))
                    .and(CONTACT_POINT.POINT_INDEX.isNull())
                    .execute();
        }
        customers.refreshSearchTerms(customerId);
    }
}
