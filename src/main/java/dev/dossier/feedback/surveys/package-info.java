/** Satisfaction surveys: a one-time CSAT link after a case is resolved, NPS surveys to a segment, and their results. */
package dev.dossier.feedback.surveys;
