package dev.dossier.audit;

import static dev.dossier.db.Tables.AUDIT_ENTRY;

import dev.dossier.keys.Seals;
import dev.dossier.shared.PersonalData;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The trail's part in data-subject requests. Erasure blanks the details of the entries about the customer but keeps
 * the entries, their digests and hashes: that something was done, when and by whom stays provable, the chain stays
 * verifiable, and what the values were is gone. Each redacted entry names the erasure that caused it and carries a
 * seal over that link, so that a redaction nobody ordered shows in the verification.
 */
@Component
class AuditPersonalData implements PersonalData {

    private final DSLContext db;
    private final AuditQueries queries;
    private final Seals seals;
    private final AuditChainWriter writer;

    AuditPersonalData(DSLContext db, AuditQueries queries, Seals seals, AuditChainWriter writer) {
        this.db = db;
        this.queries = queries;
        this.seals = seals;
        this.writer = writer;
    }

    @Override
    public String section() {
        return "audit";
    }

    @Override
    public List<Map<String, Object>> export(UUID customerId) {
        return queries.aboutCustomer(customerId);
    }

    /** Refused: a redaction must name the erasure that causes it (see {@link #erase(UUID, UUID)}). */
    @Override
    public void erase(UUID customerId) {
        throw new IllegalStateException("The audit trail redacts only for a named erasure");
    }

    @Override
    public void erase(UUID customerId, UUID erasureId) {
        if (erasureId == null) {
            throw new IllegalStateException("The audit trail redacts only for a named erasure");
        }
        // Entries still waiting in the inbox join the chain first, so that they are redacted too.
        writer.drain();
        var entries = db.select(AUDIT_ENTRY.SEQ, AUDIT_ENTRY.HASH, AUDIT_ENTRY.CHAIN_KEY)
                .from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY
                        .SUBJECT_TYPE
                        .eq("customer")
                        .and(AUDIT_ENTRY.SUBJECT_ID.eq(customerId))
                        .and(AUDIT_ENTRY.REDACTED.isFalse()))
                .orderBy(AUDIT_ENTRY.SEQ)
                .fetch();
        for (var entry : entries) {
            var text = AuditChain.redaction(entry.value1(), entry.value2(), "customer", customerId, erasureId);
            // An entry from before the chain was keyed is sealed with the newest key, and says which.
            var seal = entry.value3() == null ? seals.seal(text) : seals.seal(entry.value3(), text);
            db.update(AUDIT_ENTRY)
                    .set(AUDIT_ENTRY.DETAIL, AuditChain.REDACTED)
                    .set(AUDIT_ENTRY.REDACTED, true)
                    .set(AUDIT_ENTRY.ERASURE_ID, erasureId)
                    .set(AUDIT_ENTRY.REDACTION_SEAL, seal.keyId() + ":" + seal.mac())
                    .where(AUDIT_ENTRY.SEQ.eq(entry.value1()))
                    .and(AUDIT_ENTRY.REDACTED.isFalse())
                    .execute();
        }
    }
}
