package dev.dossier.audit;

import static dev.dossier.db.Tables.AUDIT_ENTRY;
import static dev.dossier.db.Tables.AUDIT_HEAD;

import dev.dossier.identity.UserDirectory;
import dev.dossier.keys.Seals;
import dev.dossier.shared.Upserts;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends entries to the chain, one at a time: the head row is locked by the appending transaction. Each entry is
 * sealed with the newest chain key, and so is the head.
 */
@Service
class AuditTrail {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final UserDirectory directory;
    private final Seals seals;
    private final Clock clock;

    AuditTrail(DSLContext db, UserDirectory directory, Seals seals, Clock clock) {
        this.db = db;
        this.directory = directory;
        this.seals = seals;
        this.clock = clock;
    }

    /**
     * Appends an entry in the caller's transaction, or in one of its own. Concurrent appends wait for each other
     * on the head row, so each entry links to the one committed just before it.
     *
     * @return the new entry's position in the chain
     */
    @Transactional
    public long append(AuditRecord record) {
        var actorName = record.actorName();
        if (actorName == null && record.actorId() != null) {
            actorName = directory
                    .user(record.actorId())
                    .map(UserDirectory.UserSummary::displayName)
                    .orElse(null);
        }
        var detail = JSON.writeValueAsString(record.detail());
        var digest = AuditChain.sha256(detail);
        var subject = record.subject();

        var head = db.select(AUDIT_HEAD.LAST_SEQ, AUDIT_HEAD.LAST_HASH)
                .from(AUDIT_HEAD)
                .where(AUDIT_HEAD.ID.eq(1))
                .forUpdate()
                .fetchOne();
        if (head == null) {
            // The very first entry starts the chain; of two first appends at once, one waits on the other's row.
            Upserts.ifAbsent(() -> db.insertInto(AUDIT_HEAD, AUDIT_HEAD.ID, AUDIT_HEAD.LAST_SEQ, AUDIT_HEAD.LAST_HASH)
                    .values(1, 0L, AuditChain.GENESIS)
                    .onConflictDoNothing()
                    .execute());
            head = db.select(AUDIT_HEAD.LAST_SEQ, AUDIT_HEAD.LAST_HASH)
                    .from(AUDIT_HEAD)
                    .where(AUDIT_HEAD.ID.eq(1))
                    .forUpdate()
                    .fetchSingle();
        }
        long seq = head.value1() + 1;
        // Microseconds: what both databases keep, so the time hashed is the time read back.
        var now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        // Time never runs backwards along the chain (even if the clock does), so time order is chain order.
        var last = head.value1() == 0
                ? null
                : db.select(AUDIT_ENTRY.OCCURRED_AT)
                        .from(AUDIT_ENTRY)
                        .where(AUDIT_ENTRY.SEQ.eq(head.value1()))
                        .fetchOne(AUDIT_ENTRY.OCCURRED_AT);
        if (last != null && now.isBefore(last.toInstant())) {
            now = last.toInstant();
        }
        var link = new AuditChain.Link(
                seq,
                now,
                record.actorId(),
                actorName,
                record.clientAddress(),
                record.action(),
                subject == null ? null : subject.type(),
                subject == null ? null : subject.id(),
                digest);
        var seal = seals.seal(link.sealed(head.value2()));
        var hash = seal.mac();
        db.insertInto(AUDIT_ENTRY)
                .set(AUDIT_ENTRY.SEQ, seq)
                .set(AUDIT_ENTRY.ID, UUID.randomUUID())
                .set(AUDIT_ENTRY.OCCURRED_AT, now.atOffset(ZoneOffset.UTC))
                .set(AUDIT_ENTRY.ACTOR_ID, record.actorId())
                .set(AUDIT_ENTRY.ACTOR_NAME, actorName)
                .set(AUDIT_ENTRY.CLIENT_ADDRESS, record.clientAddress())
                .set(AUDIT_ENTRY.ACTION, record.action())
                .set(AUDIT_ENTRY.SUBJECT_TYPE, link.subjectType())
                .set(AUDIT_ENTRY.SUBJECT_ID, link.subjectId())
                .set(AUDIT_ENTRY.DETAIL, detail)
                .set(AUDIT_ENTRY.DETAIL_DIGEST, digest)
                .set(AUDIT_ENTRY.PREV_HASH, head.value2())
                .set(AUDIT_ENTRY.HASH, hash)
                .set(AUDIT_ENTRY.CHAIN_KEY, seal.keyId())
                .set(AUDIT_ENTRY.REDACTED, false)
                .execute();
        var headSeal = seals.seal(seal.keyId(), AuditChain.head(seq, hash));
        db.update(AUDIT_HEAD)
                .set(AUDIT_HEAD.LAST_SEQ, seq)
                .set(AUDIT_HEAD.LAST_HASH, hash)
                .set(AUDIT_HEAD.CHAIN_KEY, headSeal.keyId())
                .set(AUDIT_HEAD.SEAL, headSeal.mac())
                .where(AUDIT_HEAD.ID.eq(1))
                .execute();
        return seq;
    }
}
