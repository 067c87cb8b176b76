package dev.dossier.identity;

import static dev.dossier.db.Tables.IDENTITY_GENERATION;

import dev.dossier.shared.Upserts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What every request needs to know about who asks — a bearer token's row, a user with roles and team, whom and
 * which teams a user reaches, the roles' rights — kept in memory between requests instead of read for each.
 *
 * <p>Every change to any of it calls {@link #changed()} in its transaction: that moves the number in
 * {@code identity_generation} with the change, and this instance forgets everything it kept once the transaction
 * ends, so the next request here sees the change. Other instances on the same database compare the number at most
 * once every {@link #CHECK_INTERVAL} (the first lookup after the interval does it) and forget when it moved: there
 * a change holds within about a second. What is kept is also forgotten every {@link #MAX_AGE} whatever the number
 * says, for changes that bypass it (a restore, SQL by hand).
 *
 * <p>Each value is stamped with the epoch in which its load began; forgetting starts a new epoch, so a load that raced
 * with a change is never served afterwards. Lookups that find nothing (an unknown token) are not kept.
 */
@Component
class IdentityCache {

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private final DSLContext db;
    private final List<Cached<?, ?>> caches = new CopyOnWriteArrayList<>();
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicLong nextCheck = new AtomicLong(System.nanoTime());
    private volatile long generation = Long.MIN_VALUE;
    private volatile long forgotAt = System.nanoTime();

    IdentityCache(DSLContext db) {
        this.db = db;
    }

    /** A new cache of at most {@code capacity} entries, forgotten with all the others. */
    <K, V> Cached<K, V> cache(int capacity) {
        var cache = new Cached<K, V>(capacity);
        caches.add(cache);
        return cache;
    }

    /**
     * Records a change to users, roles, teams, rights, shares or tokens. Inside a transaction, the generation moves
     * with it and this instance forgets when the transaction ends (committed or not: loads during it may have seen
     * its rows); outside one, at once.
     */
    void changed() {
        int bumped = db.update(IDENTITY_GENERATION)
                .set(IDENTITY_GENERATION.GENERATION, IDENTITY_GENERATION.GENERATION.plus(1))
                .where(IDENTITY_GENERATION.ID.eq(1))
                .execute();
        if (bumped == 0) {
            // A new database has no row until its first change.
            Upserts.merge(
                    () -> db.insertInto(IDENTITY_GENERATION, IDENTITY_GENERATION.ID, IDENTITY_GENERATION.GENERATION)
                            .values(1, 1L)
                            .onConflict(IDENTITY_GENERATION.ID)
                            .doUpdate()
                            .set(IDENTITY_GENERATION.GENERATION, IDENTITY_GENERATION.GENERATION.plus(1))
                            .execute());
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forget();
                }
            });
        } else {
            forget();
        }
    }

    /** Forgets everything kept here. */
    void forget() {
        epoch.incrementAndGet();
        forgotAt = System.nanoTime();
        caches.forEach(c -> c.entries.clear());
    }

    /** Forgets when another instance changed something since the last look, at most once an interval. */
    private void checkGeneration() {
        long now = System.nanoTime();
        long due = nextCheck.get();
        if (now - due < 0 || !nextCheck.compareAndSet(due, now + CHECK_INTERVAL.toNanos())) {
            return;
        }
        long current = db.select(IDENTITY_GENERATION.GENERATION)
                .from(IDENTITY_GENERATION)
                .where(IDENTITY_GENERATION.ID.eq(1))
                .fetchOptional(IDENTITY_GENERATION.GENERATION)
                .orElse(0L);
        if (current != generation || now - forgotAt > MAX_AGE.toNanos()) {
            forget();
            generation = current;
        }
    }

    /** One kind of value kept, by key. */
    final class Cached<K, V> {

        private record Entry<V>(V value, long epoch) {}

        private final int capacity;
        private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

        private Cached(int capacity) {
            this.capacity = capacity;
        }

        /** The value kept for {@code key}, or what {@code load} answers (kept unless null). */
        V get(K key, Function<K, V> load) {
            checkGeneration();
            long current = epoch.get();
            var entry = entries.get(key);
            if (entry != null && entry.epoch() == current) {
                return entry.value();
            }
            var value = load.apply(key);
            if (value != null) {
                if (entries.size() >= capacity) {
                    // Full: make room by dropping any one entry; a busy one comes back at its next request.
                    var keys = entries.keySet().iterator();
                    if (keys.hasNext()) {
                        keys.next();
                        keys.remove();
                    }
                }
                entries.put(key, new Entry<>(value, current));
            }
            return value;
        }

        /** Changes a kept value in place (in its epoch), if there is one. */
        void update(K key, UnaryOperator<V> change) {
            entries.computeIfPresent(key, (k, entry) -> new Entry<>(change.apply(entry.value()), entry.epoch()));
        }
    }
}
