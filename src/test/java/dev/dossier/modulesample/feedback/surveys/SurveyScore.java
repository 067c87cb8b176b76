package dev.dossier.modulesample.feedback.surveys;

/** A survey result of the sample. */
public record SurveyScore(int score) {}
