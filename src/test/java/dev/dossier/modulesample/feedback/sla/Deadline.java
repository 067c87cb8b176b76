package dev.dossier.modulesample.feedback.sla;

import dev.dossier.modulesample.feedback.cases.CaseFile;
import dev.dossier.modulesample.feedback.surveys.SurveyScore;

/** Uses cases, as it may, and surveys, which its module does not allow. */
public record Deadline(CaseFile caseFile, SurveyScore lastScore) {}
