package dev.dossier.search;

import static dev.dossier.db.Tables.SEARCH_FEED;
import static dev.dossier.db.Tables.SEARCH_STATE;

import dev.dossier.jobs.Recurring;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The feed every instance's index follows: a row per record that changed ({@code search_feed}), and the state the
 * indexes check against ({@code search_state}). Rows are added in the transaction of the listener that heard of the
 * change; once it commits, this instance's follower is woken at once, the others find the rows at their next look.
 */
@Component
class SearchFeed {

    /** A row of the feed that stands for "everything about this customer": its key is the customer's id. */
    static final String ABOUT_CUSTOMER = "about-customer";

    /**
     * A change to take in.
     *
     * @param seq its place in the feed
     * @param kind the kind of record, or {@link #ABOUT_CUSTOMER}
     * @param key the record's key
     */
    record Change(long seq, String kind, UUID key) {}

    /**
     * The state the indexes are built for.
     *
     * @param installation the installation
     * @param generation raised to rebuild every index
     * @param prunedThrough the last row pruned from the feed
     */
    record State(String installation, int generation, long prunedThrough) {}

    private final DSLContext db;
    private final Clock clock;
    private final Duration keep;
    private volatile Runnable wake = () -> {};

    SearchFeed(DSLContext db, Clock clock, @Value("${dossier.search.feed-keep:7d}") Duration keep) {
        this.db = db;
        this.clock = clock;
        this.keep = keep;
    }

    void onAdded(Runnable wake) {
        this.wake = wake;
    }

    /** Adds a row for each key, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    void add(String kind, Collection<UUID> keys) {
        if (keys.isEmpty()) {
            return;
        }
        var now = OffsetDateTime.now(clock);
        var insert = db.insertInto(SEARCH_FEED, SEARCH_FEED.KIND, SEARCH_FEED.RECORD_KEY, SEARCH_FEED.CHANGED_AT);
        for (var key : keys) {
            if (key != null) {
                insert = insert.values(kind, key, now);
            }
        }
        insert.execute();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake.run();
                }
            });
        }
    }

    /** Up to {@code limit} rows after {@code seq}, in order. */
    List<Change> after(long seq, int limit) {
        return db.select(SEARCH_FEED.SEQ, SEARCH_FEED.KIND, SEARCH_FEED.RECORD_KEY)
                .from(SEARCH_FEED)
                .where(SEARCH_FEED.SEQ.gt(seq))
                .orderBy(SEARCH_FEED.SEQ)
                .limit(limit)
                .fetch(r -> new Change(r.value1(), r.value2(), r.value3()));
    }

    /** The last row of the feed, 0 when it is empty. */
    long last() {
        var last = db.select(DSL.max(SEARCH_FEED.SEQ)).from(SEARCH_FEED).fetchOne(0, Long.class);
        var pruned = state().prunedThrough();
        return Math.max(last == null ? 0 : last, pruned);
    }

    /** The state, made on first use. */
    State state() {
        var row = db.selectFrom(SEARCH_STATE).where(SEARCH_STATE.ID.eq(1)).fetchOne();
        if (row == null) {
            db.insertInto(SEARCH_STATE)
                    .set(SEARCH_STATE.ID, 1)
                    .set(SEARCH_STATE.INSTALLATION, UUID.randomUUID())
                    .set(SEARCH_STATE.GENERATION, 1)
                    .set(SEARCH_STATE.PRUNED_THROUGH, 0L)
                    .set(SEARCH_STATE.UPDATED_AT, OffsetDateTime.now(clock))
                    .onConflictDoNothing()
                    .execute();
            row = db.selectFrom(SEARCH_STATE).where(SEARCH_STATE.ID.eq(1)).fetchSingle();
        }
        return new State(row.getInstallation().toString(), row.getGeneration(), row.getPrunedThrough());
    }

    /** Asks every instance to rebuild its index from the data. */
    @Transactional
    int rebuildEverywhere() {
        state();
        db.update(SEARCH_STATE)
                .set(SEARCH_STATE.GENERATION, SEARCH_STATE.GENERATION.plus(1))
                .set(SEARCH_STATE.UPDATED_AT, OffsetDateTime.now(clock))
                .where(SEARCH_STATE.ID.eq(1))
                .execute();
        wake.run();
        return state().generation();
    }

    /**
     * Removes the rows older than the time kept ({@code dossier.search.feed-keep}, a week): an index that had not
     * taken them in by then (an instance stopped for longer) is rebuilt when it starts.
     */
    @Recurring(name = "search-feed-prune", fixedDelay = "${dossier.search.prune:1h}")
    @Transactional
    void prune() {
        var before = OffsetDateTime.now(clock).minus(keep);
        var through = db.select(DSL.max(SEARCH_FEED.SEQ))
                .from(SEARCH_FEED)
                .where(SEARCH_FEED.CHANGED_AT.lt(before))
                .fetchOne(0, Long.class);
        if (through == null) {
            return;
        }
        state();
        db.update(SEARCH_STATE)
                .set(SEARCH_STATE.PRUNED_THROUGH, DSL.greatest(SEARCH_STATE.PRUNED_THROUGH, DSL.val(through)))
                .set(SEARCH_STATE.UPDATED_AT, OffsetDateTime.now(clock))
                .where(SEARCH_STATE.ID.eq(1))
                .execute();
        db.deleteFrom(SEARCH_FEED).where(SEARCH_FEED.SEQ.le(through)).execute();
    }
}
