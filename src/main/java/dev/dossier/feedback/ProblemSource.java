package dev.dossier.feedback;

/** Where a problem's change came from: its page, the API, or the product team's tracker through a webhook. */
public enum ProblemSource {
    PAGE,
    API,
    WEBHOOK
}
