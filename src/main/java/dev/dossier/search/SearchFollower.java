package dev.dossier.search;

import dev.dossier.shared.search.SearchDocument;
import dev.dossier.shared.search.SearchSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's index in step with the feed, on a thread of its own: every instance keeps an index of its
 * own, so this runs on each of them, not as a job of the shared schedule. It looks at the feed when woken by a change
 * made here, and at least every {@code dossier.search.poll} (a second) for changes made by other instances; it asks
 * the sources for the current documents of the records that changed, replaces them, and commits them together with
 * the last feed row they include. At start, and whenever the state says so, it rebuilds the index from the sources:
 * a new index, one of another installation or generation, or one that missed rows pruned from the feed.
 *
 * <p>Feed rows are numbered as their transactions begin, so a row can appear after a higher one: a number not seen
 * yet is waited for (a minute at most, for a transaction that rolled back never shows) while the rows after it are
 * applied, and the index records the number below the oldest awaited one, so that a restart applies nothing less.
 * Applying a row twice does no harm.
 */
@Component
class SearchFollower implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SearchFollower.class);
    private static final int BATCH = 2_000;
    private static final int KEYS_PER_LOAD = 500;
    private static final long GAP_PATIENCE_NANOS = Duration.ofMinutes(1).toNanos();

    private final SearchFeed feed;
    private final Map<String, SearchSource> sources;
    private final Path directory;
    private final Duration poll;
    private final int buildThreads;
    private final Object signal = new Object();

    private volatile SearchIndex index;
    private volatile boolean running;
    private volatile boolean ready;
    private volatile boolean woken;
    private Thread thread;

    // Owned by the follower's thread.
    private long watermark;
    private long highest;
    private final TreeMap<Long, Long> gaps = new TreeMap<>();
    private final Set<Long> appliedAbove = new HashSet<>();
    private SearchFeed.State built;

    SearchFollower(
            SearchFeed feed,
            List<SearchSource> sources,
            @Value("${dossier.search.directory:./data/search}") String directory,
            @Value("${dossier.search.poll:1s}") Duration poll,
            @Value("${dossier.search.build-threads:0}") int buildThreads) {
        this.feed = feed;
        this.sources = sources.stream()
                .collect(Collectors.toMap(SearchSource::kind, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        this.directory = Path.of(directory).toAbsolutePath().normalize();
        this.poll = poll;
        this.buildThreads =
                buildThreads > 0 ? buildThreads : Runtime.getRuntime().availableProcessors();
        feed.onAdded(this::wake);
    }

    /** The index, once it is open. */
    SearchIndex index() {
        return index;
    }

    /** Whether the index holds everything up to its last commit (false while it is first built or rebuilt). */
    boolean ready() {
        return ready;
    }

    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    @Override
    public void start() {
        index = new SearchIndex(directory);
        running = true;
        thread = Thread.ofPlatform().daemon().name("search-follower").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            index.close();
        } catch (IOException e) {
            LOG.warn("The search index did not close cleanly: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the database and the job schedule, before the web server. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private void run() {
        long failures = 0;
        while (running) {
            try {
                boolean more = step();
                failures = 0;
                if (more) {
                    continue;
                }
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                failures++;
                LOG.warn(
                        "The search index could not take in the latest changes (attempt {}): {}",
                        failures,
                        e.toString());
            }
            synchronized (signal) {
                if (!woken && running) {
                    try {
                        signal.wait(failures > 0 ? Math.min(30_000, 1000L * failures) : poll.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    /** Brings the index up to date; true when more rows wait. */
    boolean step() throws IOException {
        var state = feed.state();
        if (built == null || state.generation() != built.generation()) {
            var commit = index.commit();
            boolean stale = !state.installation().equals(commit.installation())
                    || state.generation() != commit.generation()
                    || !SearchIndex.LAYOUT.equals(commit.layout())
                    || commit.seq() < state.prunedThrough()
                    || (built == null && commit.seq() > feed.last());
            if (stale) {
                rebuild(state);
            } else {
                watermark = commit.seq();
                highest = watermark;
                built = state;
                ready = true;
            }
        }
        return apply();
    }

    /**
     * Builds the index again from every source: this thread reads the documents a page of keys at a time while
     * {@code dossier.search.build-threads} others (the processors, by default) segment and index the pages read.
     */
    private void rebuild(SearchFeed.State state) throws IOException {
        ready = false;
        long started = System.nanoTime();
        long through = feed.last();
        index.clear();
        var documents = new java.util.concurrent.atomic.AtomicLong();
        var failure = new java.util.concurrent.atomic.AtomicReference<IOException>();
        var pending = new java.util.concurrent.Semaphore(2 * buildThreads);
        var builders = java.util.concurrent.Executors.newFixedThreadPool(
                buildThreads,
                Thread.ofPlatform().daemon().name("search-build-", 1).factory());
        try {
            for (var source : sources.values()) {
                UUID after = null;
                while (running && failure.get() == null) {
                    var keys = source.keys(after, KEYS_PER_LOAD);
                    if (keys.isEmpty()) {
                        break;
                    }
                    var found = source.documents(keys);
                    pending.acquireUninterruptibly();
                    builders.execute(() -> {
                        try {
                            index.add(source.kind(), found);
                            documents.addAndGet(found.size());
                        } catch (IOException e) {
                            failure.compareAndSet(null, e);
                        } finally {
                            pending.release();
                        }
                    });
                    after = keys.getLast();
                }
            }
        } finally {
            builders.shutdown();
            try {
                builders.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        if (!running) {
            return;
        }
        index.commit(new SearchIndex.Commit(state.installation(), state.generation(), through, SearchIndex.LAYOUT));
        watermark = through;
        highest = through;
        gaps.clear();
        appliedAbove.clear();
        built = state;
        ready = true;
        LOG.info(
                "Search index built: {} documents in {} ms",
                documents.get(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private boolean apply() throws IOException {
        var rows = feed.after(watermark, BATCH);
        long now = System.nanoTime();
        long expected = watermark + 1;
        var byKind = new LinkedHashMap<String, Set<UUID>>();
        var applied = new ArrayList<Long>();
        for (var row : rows) {
            if (appliedAbove.contains(row.seq())) {
                expected = row.seq() + 1;
                continue;
            }
            for (long missing = expected; missing < row.seq() && gaps.size() < 100_000; missing++) {
                if (!appliedAbove.contains(missing)) {
                    gaps.putIfAbsent(missing, now);
                }
            }
            expected = row.seq() + 1;
            byKind.computeIfAbsent(row.kind(), k -> new LinkedHashSet<>()).add(row.key());
            applied.add(row.seq());
        }
        var about = byKind.remove(SearchFeed.ABOUT_CUSTOMER);
        if (about != null) {
            for (var customerId : about) {
                index.keysAbout(customerId)
                        .forEach((kind, keys) -> byKind.computeIfAbsent(kind, k -> new LinkedHashSet<>())
                                .addAll(keys));
            }
        }
        for (var entry : byKind.entrySet()) {
            var source = sources.get(entry.getKey());
            if (source == null) {
                continue;
            }
            var keys = new ArrayList<>(entry.getValue());
            for (int from = 0; from < keys.size(); from += KEYS_PER_LOAD) {
                var part = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_LOAD));
                List<SearchDocument> documents = source.documents(part);
                index.replace(source.kind(), part, documents);
            }
        }
        applied.forEach(gaps::remove);
        gaps.values().removeIf(seen -> now - seen > GAP_PATIENCE_NANOS);
        if (!rows.isEmpty()) {
            highest = Math.max(highest, rows.getLast().seq());
        }
        appliedAbove.addAll(applied);
        long next = gaps.isEmpty() ? highest : Math.min(highest, gaps.firstKey() - 1);
        boolean moved = next != watermark || !applied.isEmpty();
        watermark = Math.max(watermark, next);
        appliedAbove.removeIf(seq -> seq <= watermark);
        if (moved) {
            index.commit(
                    new SearchIndex.Commit(built.installation(), built.generation(), watermark, SearchIndex.LAYOUT));
        }
        return rows.size() == BATCH;
    }

    /**
     * Where this instance's index stands.
     *
     * @param ready false while it is first built or rebuilt
     * @param documents records in it
     * @param bytes its size on disk
     * @param through the last feed row it includes
     * @param generation the generation it was built for
     */
    record Status(boolean ready, long documents, long bytes, long through, int generation) {}

    Status status() throws IOException {
        var size = index.size();
        var commit = index.commit();
        return new Status(ready, size[0], size[1], commit.seq(), commit.generation());
    }
}
