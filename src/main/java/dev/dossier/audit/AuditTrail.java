package dev.dossier.audit;

import static dev.dossier.db.Tables.AUDIT_INBOX;

import dev.dossier.db.RenderedOnce;
import dev.dossier.identity.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes entries for the chain: each is written to the audit inbox by the transaction that did what it records, and
 * so is on disk when that transaction commits. Appends take no lock and never wait for each other; the
 * {@link AuditChainWriter} links what the inbox holds into the chain, a batch at a time, once they commit.
 */
@Service
class AuditTrail {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final UserDirectory directory;
    private final AuditChainWriter writer;
    private final Clock clock;
    private final RenderedOnce rendered;

    AuditTrail(DSLContext db, UserDirectory directory, AuditChainWriter writer, Clock clock, RenderedOnce rendered) {
        this.db = db;
        this.rendered = rendered;
        this.directory = directory;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Appends an entry in the caller's transaction, or in one of its own; it joins the chain soon after commit.
     *
     * @return the entry's id, which it keeps in the chain
     */
    @Transactional
    public UUID append(AuditRecord record) {
        var actorName = record.actorName();
        if (actorName == null && record.actorId() != null) {
            // Most entries are the signed-in user's own: their name is at hand (kept current, see IdentityCache).
            var signedIn = dev.dossier.identity.CurrentUser.find()
                    .filter(u -> u.id().equals(record.actorId()))
                    .map(dev.dossier.identity.SignedInUser::displayName);
            actorName = signedIn.isPresent()
                    ? signedIn.get()
                    : directory
                            .user(record.actorId())
                            .map(UserDirectory.UserSummary::displayName)
                            .orElse(null);
        }
        var subject = record.subject();
        // Microseconds: what both databases keep, so the time hashed is the time read back.
        var now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        var id = UUID.randomUUID();
        rendered.execute(
                "audit inbox entry",
                () -> db.insertInto(AUDIT_INBOX)
                        .set(AUDIT_INBOX.ID, DSL.param("id", AUDIT_INBOX.ID))
                        .set(AUDIT_INBOX.RECEIVED_AT, DSL.param("receivedAt", AUDIT_INBOX.RECEIVED_AT))
                        .set(AUDIT_INBOX.ACTOR_ID, DSL.param("actorId", AUDIT_INBOX.ACTOR_ID))
                        .set(AUDIT_INBOX.ACTOR_NAME, DSL.param("actorName", AUDIT_INBOX.ACTOR_NAME))
                        .set(AUDIT_INBOX.CLIENT_ADDRESS, DSL.param("clientAddress", AUDIT_INBOX.CLIENT_ADDRESS))
                        .set(AUDIT_INBOX.ACTION, DSL.param("action", AUDIT_INBOX.ACTION))
                        .set(AUDIT_INBOX.SUBJECT_TYPE, DSL.param("subjectType", AUDIT_INBOX.SUBJECT_TYPE))
                        .set(AUDIT_INBOX.SUBJECT_ID, DSL.param("subjectId", AUDIT_INBOX.SUBJECT_ID))
                        .set(AUDIT_INBOX.DETAIL, DSL.param("detail", AUDIT_INBOX.DETAIL)),
                DSL.val(id, AUDIT_INBOX.ID),
                DSL.val(now.atOffset(ZoneOffset.UTC), AUDIT_INBOX.RECEIVED_AT),
                DSL.val(record.actorId(), AUDIT_INBOX.ACTOR_ID),
                DSL.val(actorName, AUDIT_INBOX.ACTOR_NAME),
                DSL.val(record.clientAddress(), AUDIT_INBOX.CLIENT_ADDRESS),
                DSL.val(record.action(), AUDIT_INBOX.ACTION),
                DSL.val(subject == null ? null : subject.type(), AUDIT_INBOX.SUBJECT_TYPE),
                DSL.val(subject == null ? null : subject.id(), AUDIT_INBOX.SUBJECT_ID),
                DSL.val(JSON.writeValueAsString(record.detail()), AUDIT_INBOX.DETAIL));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    writer.wake();
                }
            });
        } else {
            writer.wake();
        }
        return id;
    }
}
