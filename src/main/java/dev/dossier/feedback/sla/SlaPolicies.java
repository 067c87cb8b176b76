package dev.dossier.feedback.sla;

import static dev.dossier.db.Tables.SLA_POLICY;

import dev.dossier.customers.Grade;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.SlaPolicyRecord;
import dev.dossier.feedback.CaseKind;
import dev.dossier.feedback.CasePriority;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.OneOf;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.validator.constraints.Range;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * SLA policies: what a case of a kind, from a customer of a grade, at a priority is promised (first response and
 * resolution, in business minutes on a work calendar), when its assignee is warned and how a breach is escalated.
 * Each of kind, grade and priority may be left open ("any"); of the active policies that match a case, the most
 * specific wins (the one that names the most of the three), and between equally specific ones the tighter promise.
 * When none matches, the case has no SLA.
 */
@Service
class SlaPolicies {

    /** Case kinds a policy may name. */
    public static final List<String> KINDS =
            List.of("DEFECT", "COMPLAINT", "EXPERIENCE", "SERVICE_QUALITY", "SUGGESTION", "INQUIRY");
    /** Priorities from lowest to highest. */
    public static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "HIGH", "URGENT");
    /** Customer grades a policy may name. */
    public static final List<String> GRADES =
            java.util.Arrays.stream(Grade.values()).map(Grade::name).toList();

    static final int MAX_MINUTES = 366 * 24 * 60;

    private static final String INVALID = "{field.invalid}";
    private static final String RANGE = "{sla.policy.minutes.range}";

    /**
     * A policy.
     *
     * @param id id
     * @param name name
     * @param kind case kind, or null for any
     * @param grade customer grade, or null for any
     * @param priority priority, or null for any
     * @param firstResponseMinutes business minutes to the first response
     * @param resolutionMinutes business minutes to the resolution
     * @param warnBeforeMinutes business minutes before a due time that the assignee is warned
     * @param calendarId the work calendar, or null for the default one
     * @param notifyManager on a breach, notify the assignee's manager (or the team's members)
     * @param raisePriority on a breach, raise the priority one step
     * @param escalateToUserId on a breach, reassign to this user (optional)
     * @param escalateToTeamId on a breach, reassign to this team (optional)
     * @param active whether it applies to new cases
     * @param version version
     */
    public record SlaPolicy(
            UUID id,
            String name,
            String kind,
            String grade,
            String priority,
            int firstResponseMinutes,
            int resolutionMinutes,
            int warnBeforeMinutes,
            UUID calendarId,
            boolean notifyManager,
            boolean raisePriority,
            UUID escalateToUserId,
            UUID escalateToTeamId,
            boolean active,
            int version) {

        /** How many of kind, grade and priority the policy names. */
        public int specificity() {
            return (kind == null ? 0 : 1) + (grade == null ? 0 : 1) + (priority == null ? 0 : 1);
        }

        boolean matches(String caseKind, String caseGrade, String casePriority) {
            return (kind == null || kind.equals(caseKind))
                    && (grade == null || grade.equals(caseGrade))
                    && (priority == null || priority.equals(casePriority));
        }
    }

    /**
     * A policy to create or change.
     *
     * @param name name, at most 200 characters
     * @param kind case kind, or null / ANY
     * @param grade customer grade, or null / ANY
     * @param priority priority, or null / ANY
     * @param firstResponseMinutes business minutes to the first response, 1 to a year
     * @param resolutionMinutes business minutes to the resolution, at least the first response
     * @param warnBeforeMinutes warning lead time in business minutes, below the resolution target (default 60)
     * @param calendarId work calendar, or null for the default
     * @param notifyManager notify the manager on a breach (default true)
     * @param raisePriority raise the priority one step on a breach (default false)
     * @param escalateToUserId reassign to this user on a breach, optional
     * @param escalateToTeamId reassign to this team on a breach, optional
     * @param active applies to new cases (default true)
     */
    public record PolicyDraft(
            @NotNull @Size(max = 200) String name,

            @OneOf(value = CaseKind.class, message = INVALID)
            String kind,

            @OneOf(value = Grade.class, message = INVALID) String grade,

            @OneOf(value = CasePriority.class, message = INVALID)
            String priority,

            @NotNull @Range(min = 1, max = MAX_MINUTES, message = RANGE)
            Integer firstResponseMinutes,

            @NotNull @Range(min = 1, max = MAX_MINUTES, message = RANGE)
            Integer resolutionMinutes,

            @Range(min = 0, max = MAX_MINUTES, message = RANGE)
            Integer warnBeforeMinutes,

            UUID calendarId,
            Boolean notifyManager,
            Boolean raisePriority,
            UUID escalateToUserId,
            UUID escalateToTeamId,
            Boolean active) {

        public PolicyDraft {
            name = Inputs.trim(name);
            kind = anyAsNull(kind);
            grade = anyAsNull(grade);
            priority = anyAsNull(priority);
        }

        /** The code in upper case; null for none or ANY (the policy applies to every value). */
        private static String anyAsNull(String code) {
            var text = Inputs.trim(code);
            return text == null || text.equalsIgnoreCase("ANY") ? null : text.toUpperCase(Locale.ROOT);
        }
    }

    private final DSLContext db;
    private final WorkCalendars calendars;
    private final UserDirectory users;
    private final Clock clock;

    SlaPolicies(DSLContext db, WorkCalendars calendars, UserDirectory users, Clock clock) {
        this.db = db;
        this.calendars = calendars;
        this.users = users;
        this.clock = clock;
    }

    /** Policies not deleted, active first, most specific first. */
    @Transactional(readOnly = true)
    public List<SlaPolicy> list() {
        return db.selectFrom(SLA_POLICY).where(SLA_POLICY.DELETED_AT.isNull()).fetch(SlaPolicies::policy).stream()
                .sorted(Comparator.comparing(SlaPolicy::active)
                        .reversed()
                        .thenComparing(
                                Comparator.comparingInt(SlaPolicy::specificity).reversed())
                        .thenComparing(p -> Objects.requireNonNullElse(p.kind(), "~"))
                        .thenComparing(p -> Objects.requireNonNullElse(p.grade(), "~"))
                        .thenComparing(p -> p.priority() == null ? 9 : PRIORITIES.indexOf(p.priority()))
                        .thenComparing(SlaPolicy::name))
                .toList();
    }

    @Transactional(readOnly = true)
    public SlaPolicy get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("SLA policy"));
    }

    /** Every policy, retired and deleted ones too: cases planned on them still count on their calendars. */
    List<SlaPolicy> all() {
        return db.selectFrom(SLA_POLICY).fetch(SlaPolicies::policy);
    }

    /** A policy even if it was deleted since (cases keep counting on the calendar of theirs). */
    Optional<SlaPolicy> findAny(UUID id) {
        return db.selectFrom(SLA_POLICY)
                .where(SLA_POLICY.ID.eq(id))
                .fetchOptional()
                .map(SlaPolicies::policy);
    }

    private Optional<SlaPolicy> find(UUID id) {
        return db.selectFrom(SLA_POLICY)
                .where(SLA_POLICY.ID.eq(id))
                .and(SLA_POLICY.DELETED_AT.isNull())
                .fetchOptional()
                .map(SlaPolicies::policy);
    }

    /** The policy that applies to a case of this kind, grade and priority, if any. */
    @Transactional(readOnly = true)
    public Optional<SlaPolicy> match(String kind, String grade, String priority) {
        return best(
                db.selectFrom(SLA_POLICY)
                        .where(SLA_POLICY.DELETED_AT.isNull())
                        .and(SLA_POLICY.ACTIVE.isTrue())
                        .and(SLA_POLICY.CASE_KIND.isNull().or(SLA_POLICY.CASE_KIND.eq(kind)))
                        .and(SLA_POLICY.CUSTOMER_GRADE.isNull().or(SLA_POLICY.CUSTOMER_GRADE.eq(grade)))
                        .and(SLA_POLICY.PRIORITY.isNull().or(SLA_POLICY.PRIORITY.eq(priority)))
                        .fetch(SlaPolicies::policy),
                kind,
                grade,
                priority);
    }

    /** Of the policies given, the one that applies: most specific, then tightest, then oldest. */
    static Optional<SlaPolicy> best(List<SlaPolicy> policies, String kind, String grade, String priority) {
        return policies.stream()
                .filter(SlaPolicy::active)
                .filter(p -> p.matches(kind, grade, priority))
                .min(Comparator.comparingInt(SlaPolicy::specificity)
                        .reversed()
                        .thenComparingInt(SlaPolicy::resolutionMinutes)
                        .thenComparingInt(SlaPolicy::firstResponseMinutes)
                        .thenComparing(p -> p.id().toString()));
    }

    @Transactional
    public SlaPolicy create(PolicyDraft draft) {
        var d = check(draft, null);
        var id = UUID.randomUUID();
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        var record = db.newRecord(SLA_POLICY);
        record.setId(id);
        fill(record, d);
        Stamps.created(record, by, now);
        record.insert();
        return get(id);
    }

    @Transactional
    public SlaPolicy update(UUID id, int version, PolicyDraft draft) {
        var current = get(id);
        var d = check(draft, id);
        var record = db.newRecord(SLA_POLICY);
        fill(record, d);
        Stamps.changed(record, CurrentUser.actor().userId(), OffsetDateTime.now(clock), version);
        record.changed(SLA_POLICY.ID, false);
        int updated = db.update(SLA_POLICY)
                .set(record)
                .where(SLA_POLICY.ID.eq(id))
                .and(SLA_POLICY.VERSION.eq(version))
                .and(SLA_POLICY.DELETED_AT.isNull())
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("SLA policy", current.version());
        }
        return get(id);
    }

    /** Retires a policy (new cases no longer get it) or brings it back. */
    @Transactional
    public SlaPolicy retire(UUID id, int version, boolean retired) {
        var p = get(id);
        return update(
                id,
                version,
                new PolicyDraft(
                        p.name(),
                        p.kind(),
                        p.grade(),
                        p.priority(),
                        p.firstResponseMinutes(),
                        p.resolutionMinutes(),
                        p.warnBeforeMinutes(),
                        p.calendarId(),
                        p.notifyManager(),
                        p.raisePriority(),
                        p.escalateToUserId(),
                        p.escalateToTeamId(),
                        !retired));
    }

    /** Deletes a policy; cases already planned on it keep their due times. */
    @Transactional
    public void delete(UUID id, Integer version) {
        var current = get(id);
        var now = OffsetDateTime.now(clock);
        int updated = db.update(SLA_POLICY)
                .set(SLA_POLICY.DELETED_AT, now)
                .set(SLA_POLICY.ACTIVE, false)
                .set(Stamps.changed(SLA_POLICY, CurrentUser.actor().userId(), now))
                .where(SLA_POLICY.ID.eq(id))
                .and(version == null ? org.jooq.impl.DSL.noCondition() : SLA_POLICY.VERSION.eq(version))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("SLA policy", current.version());
        }
    }

    /**
     * Adds the recommended policies that are not there yet (by their combination of kind, grade and priority):
     * a standard promise for everything, and faster ones for urgent and high priority, complaints, important and VIP
     * customers. Answers how many were added.
     */
    @Transactional
    public int addRecommended(java.util.function.Function<String, String> names) {
        var present = list().stream()
                .filter(SlaPolicy::active)
                .map(p -> p.kind() + "/" + p.grade() + "/" + p.priority())
                .collect(java.util.stream.Collectors.toSet());
        int added = 0;
        for (var r : RECOMMENDED) {
            if (present.add(r.kind() + "/" + r.grade() + "/" + r.priority())) {
                create(new PolicyDraft(
                        names.apply(r.code()),
                        r.kind(),
                        r.grade(),
                        r.priority(),
                        r.firstResponse(),
                        r.resolution(),
                        r.warnBefore(),
                        null,
                        true,
                        r.raise(),
                        null,
                        null,
                        true));
                added++;
            }
        }
        return added;
    }

    private record Recommended(
            String code,
            String kind,
            String grade,
            String priority,
            int firstResponse,
            int resolution,
            int warnBefore,
            boolean raise) {}

    private static final int HOUR = 60;
    private static final List<Recommended> RECOMMENDED = List.of(
            new Recommended("standard", null, null, null, 8 * HOUR, 40 * HOUR, 4 * HOUR, false),
            new Recommended("urgent", null, null, "URGENT", 1 * HOUR, 8 * HOUR, 1 * HOUR, false),
            new Recommended("high", null, null, "HIGH", 4 * HOUR, 24 * HOUR, 2 * HOUR, false),
            new Recommended("low", null, null, "LOW", 16 * HOUR, 80 * HOUR, 8 * HOUR, false),
            new Recommended("complaint", "COMPLAINT", null, null, 4 * HOUR, 24 * HOUR, 2 * HOUR, true),
            new Recommended("defect", "DEFECT", null, null, 8 * HOUR, 80 * HOUR, 8 * HOUR, false),
            new Recommended("important", null, "IMPORTANT", null, 4 * HOUR, 24 * HOUR, 2 * HOUR, false),
            new Recommended("vip", null, "VIP", null, 2 * HOUR, 16 * HOUR, 2 * HOUR, true),
            new Recommended("vip-urgent", null, "VIP", "URGENT", 30, 4 * HOUR, 30, true),
            new Recommended("vip-complaint", "COMPLAINT", "VIP", null, 1 * HOUR, 8 * HOUR, 1 * HOUR, true));

    /** The codes of the recommended policies, for their names in the messages. */
    static List<String> recommendedCodes() {
        return RECOMMENDED.stream().map(Recommended::code).toList();
    }

    private record Checked(PolicyDraft draft, String kind, String grade, String priority) {}

    private Checked check(PolicyDraft draft, UUID id) {
        var problems = new ArrayList<>(FieldRules.check("field", draft));
        var kind = draft.kind();
        var grade = draft.grade();
        var priority = draft.priority();
        var first = draft.firstResponseMinutes();
        var resolution = draft.resolutionMinutes();
        if (first != null && resolution != null && first > 0 && resolution > 0 && first > resolution) {
            problems.add(new FieldProblem("resolutionMinutes", "sla.policy.resolution.before-response"));
        }
        var warn = Objects.requireNonNullElse(draft.warnBeforeMinutes(), 60);
        if (resolution != null && warn >= resolution && resolution > 0) {
            problems.add(new FieldProblem("warnBeforeMinutes", "sla.policy.warn.too-long"));
        }
        if (draft.calendarId() != null && !calendars.exists(draft.calendarId())) {
            problems.add(new FieldProblem("calendarId", "sla.policy.calendar.unknown"));
        }
        if (draft.escalateToUserId() != null
                && users.user(draft.escalateToUserId())
                        .filter(UserDirectory.UserSummary::enabled)
                        .isEmpty()) {
            problems.add(new FieldProblem("escalateToUserId", "sla.policy.user.unknown"));
        }
        if (draft.escalateToTeamId() != null
                && users.team(draft.escalateToTeamId()).isEmpty()) {
            problems.add(new FieldProblem("escalateToTeamId", "sla.policy.team.unknown"));
        }
        boolean active = !Boolean.FALSE.equals(draft.active());
        if (active && problems.isEmpty()) {
            var same = db.fetchExists(
                    SLA_POLICY,
                    SLA_POLICY
                            .DELETED_AT
                            .isNull()
                            .and(SLA_POLICY.ACTIVE.isTrue())
                            .and(kind == null ? SLA_POLICY.CASE_KIND.isNull() : SLA_POLICY.CASE_KIND.eq(kind))
                            .and(
                                    grade == null
                                            ? SLA_POLICY.CUSTOMER_GRADE.isNull()
                                            : SLA_POLICY.CUSTOMER_GRADE.eq(grade))
                            .and(priority == null ? SLA_POLICY.PRIORITY.isNull() : SLA_POLICY.PRIORITY.eq(priority))
                            .and(id == null ? org.jooq.impl.DSL.noCondition() : SLA_POLICY.ID.ne(id)));
            if (same) {
                problems.add(new FieldProblem("kind", "sla.policy.duplicate"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new Checked(draft, kind, grade, priority);
    }

    private static void fill(SlaPolicyRecord r, Checked c) {
        var d = c.draft();
        r.setName(d.name());
        r.setCaseKind(c.kind());
        r.setCustomerGrade(c.grade());
        r.setPriority(c.priority());
        r.setFirstResponseMinutes(d.firstResponseMinutes());
        r.setResolutionMinutes(d.resolutionMinutes());
        r.setWarnBeforeMinutes(Objects.requireNonNullElse(d.warnBeforeMinutes(), 60));
        r.setCalendarId(d.calendarId());
        r.setEscalateNotifyManager(!Boolean.FALSE.equals(d.notifyManager()));
        r.setEscalateRaisePriority(Boolean.TRUE.equals(d.raisePriority()));
        r.setEscalateToUserId(d.escalateToUserId());
        r.setEscalateToTeamId(d.escalateToTeamId());
        r.setActive(!Boolean.FALSE.equals(d.active()));
    }

    private static SlaPolicy policy(SlaPolicyRecord r) {
        return new SlaPolicy(
                r.getId(),
                r.getName(),
                r.getCaseKind(),
                r.getCustomerGrade(),
                r.getPriority(),
                r.getFirstResponseMinutes(),
                r.getResolutionMinutes(),
                r.getWarnBeforeMinutes(),
                r.getCalendarId(),
                r.getEscalateNotifyManager(),
                r.getEscalateRaisePriority(),
                r.getEscalateToUserId(),
                r.getEscalateToTeamId(),
                r.getActive(),
                r.getVersion());
    }
}
