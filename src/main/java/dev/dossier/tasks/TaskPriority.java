package dev.dossier.tasks;

/** How urgent a task is, least first. */
enum TaskPriority {
    LOW,
    NORMAL,
    HIGH,
    URGENT
}
