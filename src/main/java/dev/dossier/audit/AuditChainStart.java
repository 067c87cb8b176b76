package dev.dossier.audit;

import static dev.dossier.db.Tables.AUDIT_HEAD;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start: a trail begun before the chain was keyed gets a first sealed entry, {@code audit.chain-keyed}, which
 * records how many entries came before (they keep their plain hashes and are verified as before), and the head is
 * anchored outside the database. A verification run only reads, and does neither.
 */
@Component
class AuditChainStart {

    private static final Logger LOG = LoggerFactory.getLogger(AuditChainStart.class);

    private final DSLContext db;
    private final AuditTrail trail;
    private final AuditChainWriter writer;
    private final AuditAnchors anchors;
    private final TransactionTemplate transactions;
    private final boolean verifyMode;

    AuditChainStart(
            DSLContext db,
            AuditTrail trail,
            AuditChainWriter writer,
            AuditAnchors anchors,
            TransactionTemplate transactions,
            Environment environment) {
        this.db = db;
        this.trail = trail;
        this.writer = writer;
        this.anchors = anchors;
        this.transactions = transactions;
        this.verifyMode = environment.containsProperty(AuditVerifyRunner.OPTION);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (verifyMode) {
            return;
        }
        keyChain();
        try {
            anchors.checkpoint();
        } catch (RuntimeException e) {
            LOG.error("Could not write a checkpoint of the audit trail to {}", anchors.location(), e);
        }
    }

    /** Seals the head of a trail begun before the chain was keyed; of two instances starting at once, one does. */
    void keyChain() {
        transactions.executeWithoutResult(status -> {
            var head = db.select(AUDIT_HEAD.LAST_SEQ, AUDIT_HEAD.CHAIN_KEY)
                    .from(AUDIT_HEAD)
                    .where(AUDIT_HEAD.ID.eq(1))
                    .forUpdate()
                    .fetchOne();
            if (head != null && head.value1() > 0 && head.value2() == null) {
                trail.append(AuditRecord.of("audit.chain-keyed").with("legacyEntries", head.value1()));
                // Keyed in this transaction, under the head's lock: of two instances starting at once, one does it.
                writer.appendBatch();
            }
        });
    }
}
