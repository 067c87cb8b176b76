package dev.dossier.feedback.surveys;

import dev.dossier.shared.CustomerEmailSkipped;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Takes back the invitation of every survey email the outbox skipped because the customer's consent was missing. */
@Component
class SkippedSurveyEmails {

    private final SurveyManagement surveys;

    SkippedSurveyEmails(SurveyManagement surveys) {
        this.surveys = surveys;
    }

    @ApplicationModuleListener
    void on(CustomerEmailSkipped skipped) {
        surveys.skipped(skipped);
    }
}
