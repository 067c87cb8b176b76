package dev.dossier.audit;

import dev.dossier.interactions.InteractionEvents.InteractionChanged;
import dev.dossier.interactions.InteractionEvents.InteractionDeleted;
import dev.dossier.interactions.InteractionEvents.InteractionLogged;
import dev.dossier.notes.NoteEvents.CommentPosted;
import dev.dossier.notes.NoteEvents.NoteDeleted;
import dev.dossier.notes.NoteEvents.NoteEdited;
import dev.dossier.notes.NoteEvents.NoteWritten;
import dev.dossier.tasks.TaskEvents.ProgrammeRan;
import dev.dossier.tasks.TaskEvents.TaskAssigned;
import dev.dossier.tasks.TaskEvents.TaskCancelled;
import dev.dossier.tasks.TaskEvents.TaskCompleted;
import dev.dossier.tasks.TaskEvents.TaskCreated;
import dev.dossier.tasks.TaskEvents.TaskDeleted;
import dev.dossier.tasks.TaskEvents.TaskReopened;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The customer's story in the audit trail: who logged, changed or deleted an interaction, wrote, changed or deleted
 * a note, commented, and created, assigned, completed, reopened, cancelled or deleted a task. Entries name the record
 * and its customer; no text travels into the trail.
 */
@Component
class StoryAuditListeners {

    private final AuditTrail trail;

    StoryAuditListeners(AuditTrail trail) {
        this.trail = trail;
    }

    private void append(String action, UUID by, String type, UUID id, UUID customerId, Object... facts) {
        var record = AuditRecord.of(action).by(by).about(type, id);
        if (customerId != null) {
            record = record.with("customerId", customerId.toString());
        }
        for (int i = 0; i + 1 < facts.length; i += 2) {
            if (facts[i + 1] != null) {
                record = record.with((String) facts[i], facts[i + 1].toString());
            }
        }
        trail.append(record);
    }

    @EventListener
    void on(InteractionLogged e) {
        append(
                "interaction.logged",
                e.byUserId(),
                "interaction",
                e.interactionId(),
                e.customerId(),
                "taskId",
                e.taskId());
    }

    @EventListener
    void on(InteractionChanged e) {
        append("interaction.changed", e.byUserId(), "interaction", e.interactionId(), e.customerId());
    }

    @EventListener
    void on(InteractionDeleted e) {
        append("interaction.deleted", e.byUserId(), "interaction", e.interactionId(), e.customerId());
    }

    @EventListener
    void on(NoteWritten e) {
        append("note.written", e.byUserId(), "note", e.noteId(), e.customerId());
    }

    @EventListener
    void on(NoteEdited e) {
        append("note.edited", e.byUserId(), "note", e.noteId(), e.customerId(), "revision", e.revision());
    }

    @EventListener
    void on(NoteDeleted e) {
        append("note.deleted", e.byUserId(), "note", e.noteId(), e.customerId());
    }

    @EventListener
    void on(CommentPosted e) {
        append("comment.posted", e.byUserId(), "comment", e.commentId(), e.customerId(), "on", e.subject());
    }

    @EventListener
    void on(TaskCreated e) {
        append(
                "task.created",
                e.byUserId(),
                "task",
                e.taskId(),
                e.customerId(),
                "assigneeId",
                e.assigneeId(),
                "teamId",
                e.teamId());
    }

    @EventListener
    void on(TaskAssigned e) {
        append(
                "task.assigned",
                e.byUserId(),
                "task",
                e.taskId(),
                e.customerId(),
                "assigneeId",
                e.assigneeId(),
                "teamId",
                e.teamId());
    }

    @EventListener
    void on(TaskCompleted e) {
        append(
                "task.completed",
                e.byUserId(),
                "task",
                e.taskId(),
                e.customerId(),
                "interactionId",
                e.interactionId(),
                "nextTaskId",
                e.nextTaskId());
    }

    @EventListener
    void on(TaskReopened e) {
        append("task.reopened", e.byUserId(), "task", e.taskId(), e.customerId());
    }

    @EventListener
    void on(TaskCancelled e) {
        append("task.cancelled", e.byUserId(), "task", e.taskId(), e.customerId());
    }

    @EventListener
    void on(TaskDeleted e) {
        append("task.deleted", e.byUserId(), "task", e.taskId(), e.customerId());
    }

    @EventListener
    void on(ProgrammeRan e) {
        append(
                "task.programme-ran",
                e.byUserId(),
                "task-programme",
                e.programmeId(),
                null,
                "tasksCreated",
                e.tasksCreated());
    }
}
