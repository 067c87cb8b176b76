/** Feedback cases: intake by staff, the workflow with its history, assignment, the conversation, queues and pages. */
package dev.dossier.feedback.cases;
