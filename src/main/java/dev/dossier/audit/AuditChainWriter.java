package dev.dossier.audit;

import static dev.dossier.db.Tables.AUDIT_ENTRY;
import static dev.dossier.db.Tables.AUDIT_HEAD;
import static dev.dossier.db.Tables.AUDIT_INBOX;

import dev.dossier.db.InLists;
import dev.dossier.jobs.Recurring;
import dev.dossier.keys.Seals;
import dev.dossier.shared.Upserts;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Links the entries waiting in the audit inbox into the chain, a batch at a time: one transaction a batch locks the
 * head once, seals each entry onto the one before it, inserts them all in one statement, deletes them from the inbox
 * and moves the head. Woken after each append commits, on a virtual thread of its own, so that a request never waits
 * for the chain; a recurring job picks up whatever an instance left behind (a crash between commit and wake-up).
 * Of several instances, the head's row lock lets one write at a time; within one instance a plain lock does.
 */
@Component
class AuditChainWriter {

    static final int BATCH = 500;

    private static final Logger LOG = LoggerFactory.getLogger(AuditChainWriter.class);

    private final DSLContext db;
    private final Seals seals;
    private final TransactionTemplate transactions;
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();

    private final boolean verifyMode;

    AuditChainWriter(
            DSLContext db, Seals seals, PlatformTransactionManager transactionManager, Environment environment) {
        this.db = db;
        this.seals = seals;
        this.verifyMode = environment.containsProperty(AuditVerifyRunner.OPTION);
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** At start, links in what the last run left in the inbox (a crash between a commit and its wake-up). */
    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        if (!verifyMode) {
            wake();
        }
    }

    /** Asks for the inbox to be linked into the chain soon, without waiting for it. */
    void wake() {
        requested.set(true);
        if (running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("audit-chain").start(this::work);
        }
    }

    private void work() {
        try {
            while (requested.getAndSet(false)) {
                drain();
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not link the audit inbox into the chain yet: {}", e.getMessage());
        } finally {
            running.set(false);
        }
        if (requested.get()) {
            wake();
        }
    }

    /**
     * Links everything the inbox holds now into the chain and returns how many entries that was; readers call it
     * first, so that they see every entry committed before they asked.
     */
    @Recurring(name = "audit-chain", fixedDelay = "${dossier.audit.chain-interval:10s}")
    long drain() {
        writing.lock();
        try {
            long total = 0;
            int appended;
            do {
                appended = transactions.execute(status -> appendBatch());
                total += appended;
            } while (appended == BATCH);
            return total;
        } finally {
            writing.unlock();
        }
    }

    /** Links the oldest batch of the inbox into the chain, in the caller's transaction; returns its size. */
    int appendBatch() {
        var head = lockHead();
        var waiting = db.selectFrom(AUDIT_INBOX)
                .orderBy(AUDIT_INBOX.RECEIVED_AT, AUDIT_INBOX.ID)
                .limit(BATCH)
                .fetch();
        if (waiting.isEmpty()) {
            return 0;
        }
        long seq = head.value1();
        var previous = head.value2();
        // Time never runs backwards along the chain (even if the clock does), so time order is chain order.
        var last = seq == 0
                ? null
                : db.select(AUDIT_ENTRY.OCCURRED_AT)
                        .from(AUDIT_ENTRY)
                        .where(AUDIT_ENTRY.SEQ.eq(seq))
                        .fetchOne(AUDIT_ENTRY.OCCURRED_AT);
        var lastAt = last == null ? null : last.toInstant();
        var insert = db.insertInto(
                AUDIT_ENTRY,
                AUDIT_ENTRY.SEQ,
                AUDIT_ENTRY.ID,
                AUDIT_ENTRY.OCCURRED_AT,
                AUDIT_ENTRY.ACTOR_ID,
                AUDIT_ENTRY.ACTOR_NAME,
                AUDIT_ENTRY.CLIENT_ADDRESS,
                AUDIT_ENTRY.ACTION,
                AUDIT_ENTRY.SUBJECT_TYPE,
                AUDIT_ENTRY.SUBJECT_ID,
                AUDIT_ENTRY.DETAIL,
                AUDIT_ENTRY.DETAIL_DIGEST,
                AUDIT_ENTRY.PREV_HASH,
                AUDIT_ENTRY.HASH,
                AUDIT_ENTRY.CHAIN_KEY,
                AUDIT_ENTRY.REDACTED);
        var ids = new ArrayList<UUID>(waiting.size());
        String keyId = null;
        for (var entry : waiting) {
            seq++;
            var at = entry.getReceivedAt().toInstant();
            if (lastAt != null && at.isBefore(lastAt)) {
                at = lastAt;
            }
            lastAt = at;
            var digest = AuditChain.sha256(entry.getDetail());
            var link = new AuditChain.Link(
                    seq,
                    at,
                    entry.getActorId(),
                    entry.getActorName(),
                    entry.getClientAddress(),
                    entry.getAction(),
                    entry.getSubjectType(),
                    entry.getSubjectId(),
                    digest);
            var seal = seals.seal(link.sealed(previous));
            insert = insert.values(
                    seq,
                    entry.getId(),
                    at.atOffset(ZoneOffset.UTC),
                    entry.getActorId(),
                    entry.getActorName(),
                    entry.getClientAddress(),
                    entry.getAction(),
                    entry.getSubjectType(),
                    entry.getSubjectId(),
                    entry.getDetail(),
                    digest,
                    previous,
                    seal.mac(),
                    seal.keyId(),
                    false);
            previous = seal.mac();
            keyId = seal.keyId();
            ids.add(entry.getId());
        }
        insert.execute();
        db.deleteFrom(AUDIT_INBOX).where(InLists.in(db, AUDIT_INBOX.ID, ids)).execute();
        var headSeal = seals.seal(keyId, AuditChain.head(seq, previous));
        db.update(AUDIT_HEAD)
                .set(AUDIT_HEAD.LAST_SEQ, seq)
                .set(AUDIT_HEAD.LAST_HASH, previous)
                .set(AUDIT_HEAD.CHAIN_KEY, headSeal.keyId())
                .set(AUDIT_HEAD.SEAL, headSeal.mac())
                .where(AUDIT_HEAD.ID.eq(1))
                .execute();
        return waiting.size();
    }

    private Record2<Long, String> lockHead() {
        var head = db.select(AUDIT_HEAD.LAST_SEQ, AUDIT_HEAD.LAST_HASH)
                .from(AUDIT_HEAD)
                .where(AUDIT_HEAD.ID.eq(1))
                .forUpdate()
                .fetchOne();
        if (head != null) {
            return head;
        }
        // The very first entry starts the chain; of two first writers at once, one waits on the other's row.
        Upserts.ifAbsent(() -> db.insertInto(AUDIT_HEAD, AUDIT_HEAD.ID, AUDIT_HEAD.LAST_SEQ, AUDIT_HEAD.LAST_HASH)
                .values(1, 0L, AuditChain.GENESIS)
                .onConflictDoNothing()
                .execute());
        return db.select(AUDIT_HEAD.LAST_SEQ, AUDIT_HEAD.LAST_HASH)
                .from(AUDIT_HEAD)
                .where(AUDIT_HEAD.ID.eq(1))
                .forUpdate()
                .fetchSingle();
    }

    /** Whether the inbox is empty: every entry committed so far is in the chain. */
    boolean idle() {
        return !db.fetchExists(AUDIT_INBOX);
    }
}
