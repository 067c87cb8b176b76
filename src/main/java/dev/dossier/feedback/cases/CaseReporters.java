package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.identity.Access;
import dev.dossier.identity.FieldGroup;
import dev.dossier.shared.Masks;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who reported a case and how to reach them. Their phone and email are contact details like a customer's: the pages
 * and the API show them in full, masked or not at all as the current user's level in the contact field group says;
 * their name is basic information.
 */
@Component("caseReporters")
public class CaseReporters {

    /**
     * A case's reporter as the current user may see them.
     *
     * @param name their name, or null
     * @param email their email address (masked for a masked level), or null when none or hidden
     * @param phone their phone number (masked for a masked level), or null when none or hidden
     * @param masked whether the email and phone are masked
     */
    public record Reporter(String name, String email, String phone, boolean masked) {}

    private final DSLContext db;
    private final CaseCrypto crypto;
    private final Access access;

    CaseReporters(DSLContext db, CaseCrypto crypto, Access access) {
        this.db = db;
        this.crypto = crypto;
        this.access = access;
    }

    /**
     * The email address the case was reported from, in full, or null. Checks no access: it is asked for when an
     * email goes to the reporter.
     */
    @Transactional(readOnly = true)
    public String email(UUID caseId) {
        return db.select(FEEDBACK_CASE.REPORTER_EMAIL)
                .from(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.ID.eq(caseId))
                .fetchOptional(FEEDBACK_CASE.REPORTER_EMAIL)
                .map(crypto::email)
                .orElse(null);
    }

    /** The case's reporter as the current user may see them; null when the case names none or nothing is shown. */
    public Reporter view(FeedbackCase c) {
        var contact = access.field(FieldGroup.CONTACT);
        var name = access.field(FieldGroup.BASIC).visible() ? c.reporterName() : null;
        String email = null;
        String phone = null;
        if (contact.visible()) {
            email = contact.full() ? c.reporterEmail() : Masks.email(c.reporterEmail());
            phone = contact.full() ? c.reporterPhone() : Masks.phone(c.reporterPhone());
        }
        if (name == null && email == null && phone == null) {
            return null;
        }
        return new Reporter(name, email, phone, !contact.full());
    }
}
