package dev.dossier.feedback.problems;

/** How bad a defect is; also the priority suggested to the tracker. */
enum Severity {
    CRITICAL, MAJOR, MINOR, TRIVIAL
}
