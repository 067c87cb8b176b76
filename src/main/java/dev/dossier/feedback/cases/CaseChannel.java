package dev.dossier.feedback.cases;

/** How a case came in. */
enum CaseChannel {
    PHONE, EMAIL, WEB_FORM, CHAT, VISIT, SOCIAL, API, OTHER
}
