package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.FEEDBACK_CASE;

import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The language each case's customer wrote in, which every email to them about the case is written in. */
@Component
public class CaseLanguages {

    private final DSLContext db;

    CaseLanguages(DSLContext db) {
        this.db = db;
    }

    /** Records the language the customer used to report the case. */
    @Transactional
    public void remember(UUID caseId, Locale locale) {
        if (locale == null || locale.getLanguage().isEmpty()) {
            return;
        }
        var tag = locale.getLanguage().equals("zh") ? "zh-CN" : locale.getLanguage();
        db.update(FEEDBACK_CASE).set(FEEDBACK_CASE.REPORTER_LOCALE, tag).where(FEEDBACK_CASE.ID.eq(caseId)).execute();
    }

    /** The language tag to write to the case's customer in, or null for the installation's default. */
    @Transactional(readOnly = true)
    public String of(UUID caseId) {
        return db.select(FEEDBACK_CASE.REPORTER_LOCALE).from(FEEDBACK_CASE).where(FEEDBACK_CASE.ID.eq(caseId))
                .fetchOptional(FEEDBACK_CASE.REPORTER_LOCALE).orElse(null);
    }
}
