package dev.dossier.tasks;

/** What sort of task: a plain to-do, a follow-up with a customer, or a check of a customer's details. */
enum TaskKind {
    TODO,
    FOLLOW_UP,
    VERIFICATION
}
