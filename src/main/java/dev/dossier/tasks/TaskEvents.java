package dev.dossier.tasks;

import java.util.UUID;

/** What happens to tasks, for the audit trail and others to react to. Titles and descriptions do not travel. */
public final class TaskEvents {

    private TaskEvents() {}

    /**
     * A task was created, by someone or by a programme or a recurrence.
     *
     * @param taskId the task
     * @param customerId the customer it is about, or null
     * @param assigneeId who does it, or null for a team queue
     * @param teamId the queue or the assignee's team, or null
     * @param byUserId who, or null for the system
     */
    public record TaskCreated(UUID taskId, UUID customerId, UUID assigneeId, UUID teamId, UUID byUserId) {}

    /**
     * A task was given to someone else or to another queue.
     *
     * @param taskId the task
     * @param customerId the customer it is about, or null
     * @param assigneeId the new assignee, or null for a team queue
     * @param teamId the queue or the assignee's team
     * @param byUserId who
     */
    public record TaskAssigned(UUID taskId, UUID customerId, UUID assigneeId, UUID teamId, UUID byUserId) {}

    /**
     * A task was done.
     *
     * @param taskId the task
     * @param customerId the customer it is about, or null
     * @param interactionId the interaction logged with it, or null
     * @param nextTaskId the next task of a recurring one, or null
     * @param byUserId who
     */
    public record TaskCompleted(UUID taskId, UUID customerId, UUID interactionId, UUID nextTaskId, UUID byUserId) {}

    /**
     * A done or cancelled task was opened again.
     *
     * @param taskId the task
     * @param customerId the customer it is about, or null
     * @param byUserId who
     */
    public record TaskReopened(UUID taskId, UUID customerId, UUID byUserId) {}

    /**
     * A task was cancelled (it stays, with its status).
     *
     * @param taskId the task
     * @param customerId the customer it is about, or null
     * @param byUserId who
     */
    public record TaskCancelled(UUID taskId, UUID customerId, UUID byUserId) {}

    /**
     * A task was deleted (softly: it can be restored from the database).
     *
     * @param taskId the task
     * @param customerId the customer it is about, or null
     * @param byUserId who
     */
    public record TaskDeleted(UUID taskId, UUID customerId, UUID byUserId) {}

    /**
     * A recurring programme ran and gave customers new tasks. The tasks are created in one statement and are not
     * announced one by one as {@link TaskCreated}.
     *
     * @param programmeId the programme
     * @param tasksCreated how many tasks it created
     * @param byUserId who pressed "run now", or null for the nightly run
     */
    public record ProgrammeRan(UUID programmeId, int tasksCreated, UUID byUserId) {}
}
