package dev.dossier.audit;

import static dev.dossier.db.Tables.AUDIT_ENTRY;

import dev.dossier.shared.PersonalData;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The trail's part in data-subject requests. Erasure blanks the details of the entries about the customer but keeps
 * the entries, their digests and hashes: that something was done, when and by whom stays provable, the chain stays
 * verifiable, and what the values were is gone.
 */
@Component
class AuditPersonalData implements PersonalData {

    private final DSLContext db;
    private final AuditQueries queries;

    AuditPersonalData(DSLContext db, AuditQueries queries) {
        this.db = db;
        this.queries = queries;
    }

    @Override
    public String section() {
        return "audit";
    }

    @Override
    public List<Map<String, Object>> export(UUID customerId) {
        return queries.aboutCustomer(customerId);
    }

    @Override
    public void erase(UUID customerId) {
        db.update(AUDIT_ENTRY).set(AUDIT_ENTRY.DETAIL, AuditChain.REDACTED).set(AUDIT_ENTRY.REDACTED, true)
                .where(AUDIT_ENTRY.SUBJECT_TYPE.eq("customer").and(AUDIT_ENTRY.SUBJECT_ID.eq(customerId))
                        .and(AUDIT_ENTRY.REDACTED.isFalse()))
                .execute();
    }
}
