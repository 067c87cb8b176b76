package dev.dossier.feedback.surveys;

import dev.dossier.feedback.CaseEvents.CaseResolved;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Sends the customer of every resolved case its one-time CSAT link, after the resolution commits. */
@Component
class CsatInvitations {

    private final SurveyManagement surveys;

    CsatInvitations(SurveyManagement surveys) {
        this.surveys = surveys;
    }

    @ApplicationModuleListener
    void on(CaseResolved resolved) {
        surveys.inviteCsat(resolved.caseId());
    }
}
