package dev.dossier.tasks;

/** Where a task stands: open and in progress are still to do; done and cancelled are closed. */
enum TaskStatus {
    OPEN,
    IN_PROGRESS,
    DONE,
    CANCELLED;

    public boolean open() {
        return this == OPEN || this == IN_PROGRESS;
    }
}
