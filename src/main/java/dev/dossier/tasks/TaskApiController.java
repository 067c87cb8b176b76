package dev.dossier.tasks;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ETags;
import dev.dossier.shared.Slice;
import dev.dossier.shared.TableFile;
import dev.dossier.tasks.TaskManagement.InteractionPart;
import dev.dossier.tasks.TaskManagement.TaskDraft;
import dev.dossier.tasks.TaskProgrammes.Programme;
import dev.dossier.tasks.TaskProgrammes.ProgrammeDraft;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Tasks over REST: {@code /api/v1/tasks}, and recurring programmes under {@code /api/v1/tasks/programmes}. */
@RestController
@Tag(name = "Tasks", description = "Tasks, follow-ups and reminders, and programmes that create them periodically")
@SecurityRequirement(name = "bearer")
class TaskApiController {

    /**
     * A task to create or change.
     *
     * @param version the version as read (changes; or send If-Match)
     * @param subject what it is about, e.g. {@code customer:<id>}, {@code contact:<id>}, {@code note:<id>}; null for
     *     a personal to-do (fixed once created)
     * @param title title, at most 200 characters
     * @param description plain text, at most 4000 characters
     * @param kind TODO (default), FOLLOW_UP or VERIFICATION
     * @param priority LOW, NORMAL (default), HIGH or URGENT
     * @param status OPEN (default), IN_PROGRESS, or DONE to record a task already done
     * @param assigneeId who does it; with neither assignee nor team, the caller (a change keeps the assignment)
     * @param teamId a team queue, when there is no assignee
     * @param dueAt when it is due; not in the past unless recorded as done
     * @param reminder NONE, AT_DUE, MINUTES_15, HOUR_1 or DAY_1 (default)
     * @param recurrence {@code FREQ=DAILY|WEEKLY|MONTHLY|YEARLY;INTERVAL=n[;BYMONTHDAY=d]}, or null
     * @param shareCustomer true to share the task's customer (to view) with the assignee, or the team of a queue,
     *     when they cannot open it; without it, such an assignment is refused (422 on assigneeId)
     */
    @Schema(requiredProperties = {"title", "dueAt"})
    record TaskPayload(
            Integer version,
            String subject,
            String title,
            String description,
            @Schema(implementation = TaskKind.class) String kind,
            @Schema(implementation = TaskPriority.class) String priority,
            @Schema(implementation = TaskStatus.class) String status,
            UUID assigneeId,
            UUID teamId,
            OffsetDateTime dueAt,
            @Schema(implementation = Reminder.class) String reminder,
            String recurrence,
            Boolean shareCustomer) {

        TaskDraft draft() {
            return new TaskDraft(
                    subject,
                    title,
                    description,
                    kind,
                    priority,
                    status,
                    assigneeId,
                    teamId,
                    dueAt,
                    reminder,
                    recurrence,
                    Boolean.TRUE.equals(shareCustomer));
        }
    }

    /**
     * Completing a task.
     *
     * @param version the version as read, optional
     * @param interaction the interaction to log with it in the same step, optional (follow-ups about a customer)
     */
    record CompletionPayload(Integer version, InteractionPart interaction) {}

    /**
     * A status step.
     *
     * @param version the version as read, optional
     */
    record StepPayload(Integer version) {}

    /**
     * A task as the API shows it.
     *
     * @param id id
     * @param subject what it is about, or null
     * @param customerId the customer, or null
     * @param title title
     * @param description description
     * @param kind kind
     * @param priority priority
     * @param status status
     * @param assigneeId assignee, or null for a team queue
     * @param teamId the queue or the assignee's team
     * @param dueAt due time
     * @param overdue still to do and past due
     * @param reminder reminder setting
     * @param recurrence recurrence rule, or null
     * @param previousTaskId the recurring task it continues
     * @param programmeId the programme that created it
     * @param completedAt when done
     * @param completedBy who did it
     * @param createdAt when created
     * @param createdBy who created it
     * @param version version
     */
    record TaskResource(
            UUID id,
            String subject,
            UUID customerId,
            String title,
            String description,
            TaskKind kind,
            TaskPriority priority,
            TaskStatus status,
            UUID assigneeId,
            UUID teamId,
            OffsetDateTime dueAt,
            boolean overdue,
            Reminder reminder,
            String recurrence,
            UUID previousTaskId,
            UUID programmeId,
            OffsetDateTime completedAt,
            UUID completedBy,
            OffsetDateTime createdAt,
            UUID createdBy,
            int version) {

        static TaskResource of(Task t, OffsetDateTime now) {
            return new TaskResource(
                    t.id(),
                    t.subject() == null ? null : t.subject().toString(),
                    t.customerId(),
                    t.title(),
                    t.description(),
                    t.kind(),
                    t.priority(),
                    t.status(),
                    t.assigneeId(),
                    t.teamId(),
                    t.dueAt(),
                    t.overdue(now),
                    t.reminder(),
                    t.recurrence(),
                    t.previousTaskId(),
                    t.programmeId(),
                    t.completedAt(),
                    t.completedBy(),
                    t.createdAt(),
                    t.createdBy(),
                    t.version());
        }
    }

    /**
     * What completing a task did.
     *
     * @param task the task after it
     * @param interactionId the interaction logged with it, or null
     * @param nextTaskId the next occurrence of a recurring task, or null
     * @param alreadyDone it was done before; nothing changed
     */
    record CompletionResource(TaskResource task, UUID interactionId, UUID nextTaskId, boolean alreadyDone) {}

    private final TaskManagement management;
    private final TaskQueries queries;
    private final TaskProgrammes programmes;

    private final TaskExport export;
    private final dev.dossier.shared.ExportJobs jobs;

    TaskApiController(
            TaskManagement management,
            TaskQueries queries,
            TaskProgrammes programmes,
            TaskExport export,
            dev.dossier.shared.ExportJobs jobs) {
        this.jobs = jobs;
        this.management = management;
        this.queries = queries;
        this.programmes = programmes;
        this.export = export;
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EXPORT)
    @PostMapping("/api/v1/tasks/export")
    @Operation(
            summary = "Export tasks in the background",
            description =
                    "The same file as GET, written in the background; download it from /api/v1/exports/{id}/file.")
    @dev.dossier.shared.BackgroundExportAccepted
    ResponseEntity<dev.dossier.shared.ExportJobs.Started> exportInBackground(
            @org.springdoc.core.annotations.ParameterObject TaskQueries.Params params,
            @Parameter(description = "CSV or XLSX") @RequestParam(defaultValue = "CSV") TableFile.Format format) {
        return dev.dossier.shared.ExportJobs.accepted(
                TaskController.inBackground(export, jobs, params.filter(), format));
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EXPORT)
    @GetMapping("/api/v1/tasks/export")
    @Operation(
            summary = "Export tasks as CSV or XLSX",
            description = "The tasks the view and filters find, as the list shows them, soonest due first. Streamed.")
    @dev.dossier.shared.SpreadsheetDownload
    void export(
            @org.springdoc.core.annotations.ParameterObject TaskQueries.Params params,
            @Parameter(description = "CSV or XLSX") @RequestParam(defaultValue = "CSV") TableFile.Format format,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        TaskController.export(export, params.filter(), format, response);
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/tasks")
    @Operation(
            summary = "Tasks the caller sees, soonest due first",
            description = "view: MINE (default), TEAM, OVERDUE, WEEK or ALL. Without status, only tasks still to do; "
                    + "status=ANY for every status. Keyset paging: pass nextCursor as cursor.")
    Slice<TaskResource> list(
            @org.springdoc.core.annotations.ParameterObject TaskQueries.Params params,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        var filter = params.filter();
        var page = queries.list(filter, cursor, limit);
        var now = management.now();
        return new Slice<>(
                page.items().stream().map(t -> TaskResource.of(t, now)).toList(), page.nextCursor());
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/tasks/{id}")
    @Operation(summary = "A task", description = "With its version as ETag.")
    ResponseEntity<TaskResource> get(@PathVariable UUID id) {
        return answer(management.get(id), HttpStatus.OK);
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.CREATE)
    @PostMapping("/api/v1/tasks")
    @Operation(
            summary = "Create a task",
            description = "About a subject or about nothing; a due time in the past "
                    + "is refused unless the task is recorded as done. Assigning someone else notifies them.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<TaskResource> create(@RequestBody TaskPayload payload) {
        var task = management.create(payload.draft());
        return ResponseEntity.created(URI.create("/api/v1/tasks/" + task.id()))
                .eTag(ETags.of(task.version()))
                .body(TaskResource.of(task, management.now()));
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/tasks/{id}")
    @Operation(
            summary = "Change a task",
            description =
                    "Needs If-Match or the version as read; the subject stays. "
                            + "Status moves between OPEN and IN_PROGRESS here; done, reopened and cancelled have their own steps.")
    ResponseEntity<TaskResource> update(
            @PathVariable UUID id,
            @RequestBody TaskPayload payload,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = management.get(id);
        int version = ETags.expectedVersion(ifMatch, payload.version(), current.version());
        return answer(management.update(id, version, payload.draft()), HttpStatus.OK);
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/tasks/{id}/completion")
    @Operation(
            summary = "Complete a task",
            description = "Idempotent: a task already done stays as it is. A "
                    + "recurring task gets its next occurrence (one interval after the previous due time, the first one "
                    + "still ahead). With interaction, the interaction is logged in the same transaction: if it is invalid, "
                    + "nothing is saved (422 with errors named interaction.<field>).")
    CompletionResource complete(@PathVariable UUID id, @RequestBody(required = false) CompletionPayload payload) {
        var body = payload == null ? new CompletionPayload(null, null) : payload;
        var done = management.complete(id, body.version(), body.interaction());
        return new CompletionResource(
                TaskResource.of(done.task(), management.now()),
                done.interactionId(),
                done.nextTaskId(),
                done.alreadyDone());
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/tasks/{id}/reopening")
    @Operation(summary = "Reopen a done or cancelled task")
    TaskResource reopen(@PathVariable UUID id, @RequestBody(required = false) StepPayload payload) {
        return TaskResource.of(management.reopen(id, payload == null ? null : payload.version()), management.now());
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/tasks/{id}/cancellation")
    @Operation(summary = "Cancel a task", description = "Its reminders stop; a done task cannot be cancelled.")
    TaskResource cancel(@PathVariable UUID id, @RequestBody(required = false) StepPayload payload) {
        return TaskResource.of(management.cancel(id, payload == null ? null : payload.version()), management.now());
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.DELETE)
    @DeleteMapping("/api/v1/tasks/{id}")
    @Operation(summary = "Delete a task", description = "Soft delete: it leaves every list; If-Match optional.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> delete(
            @PathVariable UUID id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = management.get(id);
        Integer version = ifMatch == null ? null : ETags.expectedVersion(ifMatch, null, current.version());
        management.delete(id, version);
        return ResponseEntity.noContent().build();
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @GetMapping("/api/v1/tasks/programmes")
    @Operation(summary = "Recurring task programmes", description = "For administrators.")
    List<Programme> programmes() {
        return programmes.list();
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/tasks/programmes")
    @Operation(
            summary = "Define a recurring programme",
            description = "A customer filter (grades, stages, types), "
                    + "a recurrence, an assignee rule (OWNER or TEAM) and the tasks' kind and title; runs every night.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Programme> define(@RequestBody ProgrammeDraft payload) {
        var programme = programmes.define(payload);
        return ResponseEntity.created(URI.create("/api/v1/tasks/programmes/" + programme.id()))
                .body(programme);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/tasks/programmes/{id}/runs")
    @Operation(
            summary = "Run a programme now",
            description = "Gives every matching customer without an open task "
                    + "of the programme one; running it again creates none.")
    Map<String, Integer> run(@PathVariable UUID id) {
        return Map.of("tasksCreated", programmes.runNow(id));
    }

    private ResponseEntity<TaskResource> answer(Task task, HttpStatus status) {
        return ResponseEntity.status(status)
                .eTag(ETags.of(task.version()))
                .body(TaskResource.of(task, management.now()));
    }
}
