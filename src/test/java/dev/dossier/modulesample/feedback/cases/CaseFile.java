package dev.dossier.modulesample.feedback.cases;

/** A case of the sample. */
public record CaseFile(long number) {}
