package dev.dossier.quality;

import static dev.dossier.db.Tables.DUPLICATE_SCAN;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.dossier.customers.CustomerProfiles;
import dev.dossier.db.tables.records.DuplicateScanRecord;
import dev.dossier.jobs.Recurring;
import dev.dossier.quality.DuplicateStore.Pair;
import dev.dossier.quality.DuplicateStore.Scored;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scans of every customer for duplicates, on the shared job schedule (weekly by default, and on demand). A scan
 * works in three phases, each a page at a time in its own transaction, with its place saved in the same
 * transaction, so that a scan taken over after a crash goes on where it stopped: the blocking keys of every customer
 * (by id), then the pairs within each block (by key), then the clusters of the pairs. It never compares all pairs,
 * and never holds a lock that a page waits for.
 */
@org.springframework.stereotype.Component
class DuplicateScans {

    private static final Logger log = LoggerFactory.getLogger(DuplicateScans.class);

    /** What a scan is doing. */
    enum State {
        QUEUED,
        RUNNING,
        DONE,
        FAILED;

        boolean working() {
            return this == QUEUED || this == RUNNING;
        }
    }

    /** Where a scan is. */
    enum Phase {
        KEYS,
        PAIRS,
        CLUSTERS,
        DONE
    }

    /** A scan as the pages and the API show it. */
    record Status(
            UUID id,
            State state,
            Phase phase,
            long customersTotal,
            long customersDone,
            long pairsFound,
            long clustersFound,
            int percent,
            OffsetDateTime createdAt,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt) {}

    private final DSLContext db;
    private final DuplicateStore store;
    private final Duplicates duplicates;
    private final CustomerProfiles profiles;
    private final TransactionTemplate transactions;
    private final SchedulerClient jobs;
    private final Clock clock;
    private final int pageSize;
    private final boolean initialScan;
    private final OneTimeTask<Void> task;

    DuplicateScans(
            DSLContext db,
            DuplicateStore store,
            Duplicates duplicates,
            CustomerProfiles profiles,
            TransactionTemplate transactions,
            SchedulerClient jobs,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${dossier.quality.scan-page:2000}") int pageSize,
            @org.springframework.beans.factory.annotation.Value("${dossier.quality.initial-scan:true}")
                    boolean initialScan) {
        this.initialScan = initialScan;
        this.db = db;
        this.store = store;
        this.duplicates = duplicates;
        this.profiles = profiles;
        this.transactions = transactions;
        this.jobs = jobs;
        this.clock = clock;
        this.pageSize = pageSize;
        this.task = Tasks.oneTime("duplicate-scan")
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(
                        3, new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(30))))
                .execute((instance, context) -> run(UUID.fromString(instance.getId())));
    }

    /** The job, for the {@link dev.dossier.jobs.JobScheduler}. */
    @Bean
    Task<Void> duplicateScanJob() {
        return task;
    }

    /** The weekly scan. */
    @Recurring(name = "duplicate-scan-weekly", cron = "${dossier.quality.scan-cron:0 0 3 * * SUN}")
    void weekly() {
        start(null);
    }

    /**
     * The first start of a release that brings duplicate matching to an installation with customers already: their
     * keys are written by a first scan at once, not a week later, so that the check on entry finds them by name.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void firstScan() {
        if (initialScan && db.fetchCount(DUPLICATE_SCAN) == 0 && profiles.count() > 0) {
            log.info("Scanning the customers for duplicates for the first time");
            start(null);
        }
    }

    /** Starts a scan, or answers the one that is queued or running. */
    Status start(UUID by) {
        var status = transactions.execute(tx -> {
            var working = db.selectFrom(DUPLICATE_SCAN)
                    .where(DUPLICATE_SCAN.STATE.in(State.QUEUED.name(), State.RUNNING.name()))
                    .orderBy(DUPLICATE_SCAN.CREATED_AT.desc())
                    .limit(1)
                    .fetchOptional();
            if (working.isPresent()) {
                return status(working.get());
            }
            var scan = db.newRecord(DUPLICATE_SCAN);
            scan.setId(UUID.randomUUID());
            scan.setState(State.QUEUED.name());
            scan.setPhase(Phase.KEYS.name());
            scan.setCustomersTotal(profiles.count());
            scan.setCustomersDone(0L);
            scan.setPairsFound(0L);
            scan.setClustersFound(0L);
            scan.setCreatedAt(OffsetDateTime.now(clock));
            scan.setCreatedBy(by);
            scan.setVersion(0);
            scan.insert();
            jobs.scheduleIfNotExists(task.instance(scan.getId().toString()), Instant.now(clock));
            return status(scan);
        });
        return status;
    }

    /** The latest scan, if there was one. */
    Optional<Status> latest() {
        return db.selectFrom(DUPLICATE_SCAN)
                .orderBy(DUPLICATE_SCAN.CREATED_AT.desc(), DUPLICATE_SCAN.ID)
                .limit(1)
                .fetchOptional()
                .map(DuplicateScans::status);
    }

    Optional<Status> find(UUID id) {
        return db.selectFrom(DUPLICATE_SCAN)
                .where(DUPLICATE_SCAN.ID.eq(id))
                .fetchOptional()
                .map(DuplicateScans::status);
    }

    /** Takes the scan as far as it goes. */
    void run(UUID scanId) {
        var scan = load(scanId);
        if (scan == null || !State.valueOf(scan.getState()).working()) {
            return;
        }
        if (scan.getStartedAt() == null) {
            scan.setStartedAt(OffsetDateTime.now(clock));
            scan.setState(State.RUNNING.name());
            scan.store();
        }
        try {
            while (Phase.valueOf(scan.getPhase()) != Phase.DONE) {
                var current = scan;
                transactions.executeWithoutResult(tx -> step(current));
                scan = load(scanId);
            }
        } catch (TakenOver e) {
            // Another instance goes on with it.
        } catch (RuntimeException e) {
            log.warn("Duplicate scan {} failed", scanId, e);
            db.update(DUPLICATE_SCAN)
                    .set(DUPLICATE_SCAN.STATE, State.FAILED.name())
                    .set(DUPLICATE_SCAN.FINISHED_AT, OffsetDateTime.now(clock))
                    .where(DUPLICATE_SCAN.ID.eq(scanId))
                    .execute();
        }
    }

    private DuplicateScanRecord load(UUID id) {
        return db.selectFrom(DUPLICATE_SCAN).where(DUPLICATE_SCAN.ID.eq(id)).fetchOne();
    }

    /** One page of the scan's current phase, and its place saved, in the caller's transaction. */
    private void step(DuplicateScanRecord scan) {
        switch (Phase.valueOf(scan.getPhase())) {
            case KEYS -> keys(scan);
            case PAIRS -> pairs(scan);
            case CLUSTERS -> clusters(scan);
            case DONE -> {}
        }
        scan.setVersion(scan.getVersion() + 1);
        int saved = db.update(DUPLICATE_SCAN)
                .set(scan)
                .where(DUPLICATE_SCAN.ID.eq(scan.getId()))
                .and(DUPLICATE_SCAN.VERSION.eq(scan.getVersion() - 1))
                .execute();
        if (saved == 0) {
            throw new TakenOver();
        }
    }

    /** Another instance moved the scan on: this one's page is rolled back and it stops. */
    private static final class TakenOver extends RuntimeException {
        TakenOver() {
            super("The scan was taken over", null, false, false);
        }
    }

    private void keys(DuplicateScanRecord scan) {
        var after = scan.getCursorId();
        var page = profiles.page(after, pageSize);
        if (page.isEmpty()) {
            store.dropKeysBetween(after, null, List.of());
            scan.setPhase(Phase.PAIRS.name());
            scan.setCursorKey(null);
            return;
        }
        var ids = page.stream().map(p -> p.id()).toList();
        store.replaceKeys(ids, page);
        var last = ids.getLast();
        store.dropKeysBetween(after, last, ids);
        scan.setCursorId(last);
        scan.setCustomersDone(scan.getCustomersDone() + page.size());
    }

    private void pairs(DuplicateScanRecord scan) {
        int limit = pageSize * 10;
        var rows = store.keysAfter(scan.getCursorKey(), limit);
        if (rows.isEmpty()) {
            store.dropPairsNotFoundSince(scan.getId(), scan.getStartedAt());
            scan.setPhase(Phase.CLUSTERS.name());
            return;
        }
        long lastKey = rows.getLast().value1();
        if (rows.size() == limit) {
            if (rows.getFirst().value1() == lastKey) {
                // One key fills the page: a block far too large to say anything.
                scan.setCursorKey(lastKey);
                return;
            }
            // The last key may go on in the next page: it is read whole there.
            rows = rows.stream().filter(r -> r.value1() != lastKey).toList();
        }
        var pairs = new LinkedHashSet<Pair>();
        var ids = new HashSet<UUID>();
        int from = 0;
        while (from < rows.size()) {
            int to = from;
            long key = rows.get(from).value1();
            while (to < rows.size() && rows.get(to).value1() == key) {
                to++;
            }
            if (to - from >= 2 && to - from <= DuplicateStore.MAX_BLOCK) {
                for (int i = from; i < to; i++) {
                    for (int j = i + 1; j < to; j++) {
                        pairs.add(Pair.of(rows.get(i).value2(), rows.get(j).value2()));
                    }
                    ids.add(rows.get(i).value2());
                }
            }
            from = to;
        }
        List<Scored> scored = pairs.isEmpty() ? List.of() : duplicates.scorePairs(pairs, List.of(), ids);
        store.savePairs(scored, scan.getId(), OffsetDateTime.now(clock));
        scan.setPairsFound(scan.getPairsFound() + scored.size());
        scan.setCursorKey(rows.getLast().value1());
    }

    private void clusters(DuplicateScanRecord scan) {
        scan.setClustersFound((long) duplicates.reclusterAll());
        scan.setPhase(Phase.DONE.name());
        scan.setState(State.DONE.name());
        scan.setFinishedAt(OffsetDateTime.now(clock));
    }

    static Status status(DuplicateScanRecord r) {
        var phase = Phase.valueOf(r.getPhase());
        long total = Math.max(1, r.getCustomersTotal());
        int percent = switch (phase) {
            case KEYS -> (int) Math.min(50, 50 * r.getCustomersDone() / total);
            case PAIRS -> {
                var key = r.getCursorKey();
                double through = key == null ? 0 : (key.doubleValue() - Long.MIN_VALUE) / Math.pow(2, 64);
                yield 50 + (int) Math.min(45, 45 * through);
            }
            case CLUSTERS -> 95;
            case DONE -> 100;
        };
        return new Status(
                r.getId(),
                State.valueOf(r.getState()),
                phase,
                r.getCustomersTotal(),
                r.getCustomersDone(),
                r.getPairsFound(),
                r.getClustersFound(),
                percent,
                r.getCreatedAt(),
                r.getStartedAt(),
                r.getFinishedAt());
    }
}
