package dev.dossier.feedback;

/** How bad a defect is; also the priority suggested to the tracker. */
public enum Severity {
    CRITICAL,
    MAJOR,
    MINOR,
    TRIVIAL
}
