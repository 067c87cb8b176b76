package dev.dossier.feedback.cases;

import dev.dossier.db.tables.records.FeedbackCaseRecord;
import dev.dossier.feedback.CaseChannel;
import dev.dossier.feedback.CaseKind;
import dev.dossier.feedback.CasePriority;
import dev.dossier.feedback.CaseStatus;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A feedback case: what the customer reported, where it stands in the workflow, who works on it and its SLA clocks.
 * Its state changes only through the workflow methods, which refuse a move the workflow does not allow with an
 * {@link InvalidTransitionException} before anything is changed.
 */
public final class FeedbackCase {

    /**
     * A change of status.
     *
     * @param from before
     * @param to after
     */
    record Move(CaseStatus from, CaseStatus to) {}

    private final FeedbackCaseRecord row;

    FeedbackCase(FeedbackCaseRecord row) {
        this.row = row;
    }

    FeedbackCaseRecord row() {
        return row;
    }

    /** The number people quote: {@code C-000123}. */
    public static String number(long caseNo) {
        return String.format("C-%06d", caseNo);
    }

    public UUID id() {
        return row.getId();
    }

    public long caseNo() {
        return row.getCaseNo();
    }

    public String number() {
        return number(caseNo());
    }

    public UUID customerId() {
        return row.getCustomerId();
    }

    public UUID contactId() {
        return row.getContactId();
    }

    public String title() {
        return row.getTitle();
    }

    public String description() {
        return row.getDescription();
    }

    public CaseKind kind() {
        return CaseKind.valueOf(row.getKind());
    }

    public CasePriority priority() {
        return CasePriority.valueOf(row.getPriority());
    }

    public String category() {
        return row.getCategory();
    }

    public List<String> tags() {
        return row.getTags() == null ? List.of() : Arrays.asList(row.getTags().split(","));
    }

    public UUID productId() {
        return row.getProductId();
    }

    public UUID productVersionId() {
        return row.getProductVersionId();
    }

    public String orderRef() {
        return row.getOrderRef();
    }

    public CaseChannel channel() {
        return CaseChannel.valueOf(row.getChannel());
    }

    public CaseStatus status() {
        return CaseStatus.valueOf(row.getStatus());
    }

    public boolean active() {
        return row.getActive();
    }

    public UUID assigneeId() {
        return row.getAssigneeId();
    }

    public UUID teamId() {
        return row.getTeamId();
    }

    public boolean assigned() {
        return assigneeId() != null || teamId() != null;
    }

    public String customerGrade() {
        return row.getCustomerGrade();
    }

    public UUID slaPolicyId() {
        return row.getSlaPolicyId();
    }

    public OffsetDateTime firstResponseDueAt() {
        return row.getFirstResponseDueAt();
    }

    public OffsetDateTime resolutionDueAt() {
        return row.getResolutionDueAt();
    }

    public OffsetDateTime firstRespondedAt() {
        return row.getFirstRespondedAt();
    }

    public OffsetDateTime slaPausedAt() {
        return row.getSlaPausedAt();
    }

    public OffsetDateTime warnedAt() {
        return row.getWarnedAt();
    }

    public OffsetDateTime escalatedAt() {
        return row.getEscalatedAt();
    }

    public boolean firstResponseBreached() {
        return row.getFirstResponseBreached();
    }

    public boolean resolutionBreached() {
        return row.getResolutionBreached();
    }

    public OffsetDateTime resolvedAt() {
        return row.getResolvedAt();
    }

    public OffsetDateTime closedAt() {
        return row.getClosedAt();
    }

    public int reopenCount() {
        return row.getReopenCount();
    }

    public String resolution() {
        return row.getResolution();
    }

    public UUID problemId() {
        return row.getProblemId();
    }

    public Integer csatScore() {
        return row.getCsatScore();
    }

    public String reporterName() {
        return row.getReporterName();
    }

    public String reporterEmail() {
        return row.getReporterEmail();
    }

    public String reporterPhone() {
        return row.getReporterPhone();
    }

    public OffsetDateTime createdAt() {
        return row.getCreatedAt();
    }

    public UUID createdBy() {
        return row.getCreatedBy();
    }

    public OffsetDateTime updatedAt() {
        return row.getUpdatedAt();
    }

    public int version() {
        return row.getVersion();
    }

    /** The moves the workflow allows from here, given who the case is assigned to. */
    public List<CaseStatus> allowedMoves() {
        return status().next().stream()
                .filter(to -> !to.needsAssignment() || assigned())
                .filter(to ->
                        !(status() == CaseStatus.NEW || status() == CaseStatus.TRIAGED) || to != CaseStatus.ASSIGNED)
                .filter(to -> !reopening(to) || to == reopenTarget())
                .toList();
    }

    // The workflow. Each method checks first and changes afterwards, so a refused move leaves the case as it was.

    /** Classifies a new case: what it is, how urgent, its category and tags. */
    Move triage(CaseKind kind, CasePriority priority, String category, String tags) {
        var from = check(CaseStatus.TRIAGED);
        row.setKind(kind.name());
        row.setPriority(priority.name());
        row.setCategory(category);
        row.setTags(tags);
        return moveTo(from, CaseStatus.TRIAGED);
    }

    /**
     * Gives the case to a person or a team. A new or triaged case becomes assigned; a case further on keeps its
     * status. Resolved and closed cases are reopened first.
     *
     * @return the move, or null when the status stays
     */
    Move assign(UUID assigneeId, UUID teamId) {
        var from = status();
        if (!from.active()) {
            throw new InvalidTransitionException(from, CaseStatus.ASSIGNED, "cases.transition.reopen-first");
        }
        if (assigneeId == null && teamId == null) {
            throw new InvalidTransitionException(from, CaseStatus.ASSIGNED, "cases.transition.needs-assignment");
        }
        row.setAssigneeId(assigneeId);
        row.setTeamId(teamId);
        return from.needsAssignment() ? null : moveTo(from, CaseStatus.ASSIGNED);
    }

    /** Work starts, or goes on after the customer answered; counts as the first response if there was none. */
    Move start(OffsetDateTime now) {
        var from = check(CaseStatus.IN_PROGRESS);
        leaveWaiting();
        respond(now);
        return moveTo(from, CaseStatus.IN_PROGRESS);
    }

    /** The case waits on the customer: its SLA clocks stand still until it moves on. */
    Move waitOnCustomer(OffsetDateTime now) {
        var from = check(CaseStatus.WAITING);
        row.setSlaPausedAt(now);
        return moveTo(from, CaseStatus.WAITING);
    }

    /** The case is solved; it leaves the queues. */
    Move resolve(String resolution, OffsetDateTime now) {
        var from = check(CaseStatus.RESOLVED);
        leaveWaiting();
        row.setResolution(resolution);
        row.setResolvedAt(now);
        row.setActive(false);
        return moveTo(from, CaseStatus.RESOLVED);
    }

    /** A resolved case is closed for good (it can still be reopened). */
    Move close(OffsetDateTime now) {
        var from = status();
        if (from != CaseStatus.RESOLVED) {
            throw new InvalidTransitionException(
                    from,
                    CaseStatus.CLOSED,
                    from == CaseStatus.CLOSED ? "cases.transition.not-allowed" : "cases.transition.close-unresolved");
        }
        row.setClosedAt(now);
        return moveTo(from, CaseStatus.CLOSED);
    }

    /** A resolved or closed case comes back: in progress with its assignee, or assigned to its team's queue. */
    Move reopen() {
        var from = status();
        if (from.active()) {
            throw new InvalidTransitionException(from, CaseStatus.IN_PROGRESS, "cases.transition.not-resolved");
        }
        var to = reopenTarget();
        row.setActive(true);
        row.setResolvedAt(null);
        row.setClosedAt(null);
        row.setReopenCount(reopenCount() + 1);
        return moveTo(from, to);
    }

    /** Records the first response to the customer; later ones change nothing. */
    boolean respond(OffsetDateTime now) {
        if (row.getFirstRespondedAt() != null) {
            return false;
        }
        row.setFirstRespondedAt(now);
        return true;
    }

    /** Refuses changes other than reopening on a case that is closed. */
    void requireOpenForChanges() {
        if (status() == CaseStatus.CLOSED) {
            throw new InvalidTransitionException(CaseStatus.CLOSED, null, "cases.transition.closed");
        }
    }

    /** @return whether the priority changed */
    boolean changePriority(CasePriority priority) {
        requireOpenForChanges();
        if (priority() == priority) {
            return false;
        }
        row.setPriority(priority.name());
        return true;
    }

    private CaseStatus reopenTarget() {
        return assigneeId() != null ? CaseStatus.IN_PROGRESS : CaseStatus.ASSIGNED;
    }

    private boolean reopening(CaseStatus to) {
        return !status().active() && to.active();
    }

    private CaseStatus check(CaseStatus to) {
        var from = status();
        // The missing assignment is what to fix first, even where the move would not be allowed anyway.
        if (to.needsAssignment() && !assigned()) {
            throw new InvalidTransitionException(from, to, "cases.transition.needs-assignment");
        }
        if (!from.canMoveTo(to)) {
            throw new InvalidTransitionException(from, to, "cases.transition.not-allowed");
        }
        return from;
    }

    /**
     * The SLA clocks run again. The SLA module moves the due times on by the business time waited, when it hears of
     * the move out of waiting.
     */
    private void leaveWaiting() {
        row.setSlaPausedAt(null);
    }

    private Move moveTo(CaseStatus from, CaseStatus to) {
        row.setStatus(to.name());
        return new Move(from, to);
    }
}
