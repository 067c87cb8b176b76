package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.FEEDBACK_CASE;

import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The language to write to a case's customer in: the customer's preferred language, else the language they used to
 * report the case, else (null) the installation's default.
 */
@Component
public class CaseLanguages {

    private final DSLContext db;
    private final dev.dossier.customers.CustomerDirectory customers;

    CaseLanguages(DSLContext db, dev.dossier.customers.CustomerDirectory customers) {
        this.db = db;
        this.customers = customers;
    }

    /** Records the language the customer used to report the case. */
    @Transactional
    public void remember(UUID caseId, Locale locale) {
        if (locale == null || locale.getLanguage().isEmpty()) {
            return;
        }
        var tag = dev.dossier.shared.Languages.of(locale);
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.REPORTER_LOCALE, tag)
                .where(FEEDBACK_CASE.ID.eq(caseId))
                .execute();
    }

    /**
     * The language tag to write to the case's customer in: the customer's preferred language, else the case's,
     * else null for the installation's default.
     */
    @Transactional(readOnly = true)
    public String of(UUID caseId) {
        var row = db.select(FEEDBACK_CASE.CUSTOMER_ID, FEEDBACK_CASE.REPORTER_LOCALE)
                .from(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.ID.eq(caseId))
                .fetchOne();
        if (row == null) {
            return null;
        }
        return row.value1() == null
                ? row.value2()
                : customers.preferredLanguage(row.value1()).orElse(row.value2());
    }
}
