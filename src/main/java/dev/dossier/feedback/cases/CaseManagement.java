package dev.dossier.feedback.cases;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.Stamps;
import dev.dossier.feedback.CaseChannel;
import dev.dossier.feedback.CaseEvents.CaseAssigned;
import dev.dossier.feedback.CaseEvents.CaseMessageAdded;
import dev.dossier.feedback.CaseEvents.CaseOpened;
import dev.dossier.feedback.CaseEvents.CasePriorityChanged;
import dev.dossier.feedback.CaseEvents.CaseReopened;
import dev.dossier.feedback.CaseEvents.CaseResolved;
import dev.dossier.feedback.CaseEvents.CaseTransitioned;
import dev.dossier.feedback.CaseKind;
import dev.dossier.feedback.CaseMessageKind;
import dev.dossier.feedback.CasePriority;
import dev.dossier.feedback.CaseStatus;
import dev.dossier.feedback.cases.FeedbackCase.Move;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.Assignees;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.OwnedRecord;
import dev.dossier.identity.UserDirectory;
import dev.dossier.products.ProductCatalogue;
import dev.dossier.shared.Actor;
import dev.dossier.shared.CustomerEmailRequested;
import dev.dossier.shared.EmailAddress;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.NotificationRequested;
import dev.dossier.shared.OneOf;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opening cases and moving them through the workflow: triage, assignment, work, waiting on the customer, resolution,
 * closing and reopening, and the conversation. Every move is checked against the workflow before anything changes,
 * is recorded in the case's history in the same transaction, and is announced as an event.
 *
 * <p>The actor is who the change is recorded for; null stands for the customer or the system. Access is checked for
 * the signed-in user, if any: changes need the cases area's edit right on a case they see.
 */
@Service
public class CaseManagement {

    /**
     * A case as logged by staff, sent to the API or submitted by a customer.
     *
     * @param customerId the customer it is about (required)
     * @param contactId the customer's contact who reported it, or null
     * @param title one line (required, up to 200 characters)
     * @param description what happened, or null (up to 8,000 characters)
     * @param kind DEFECT, COMPLAINT, EXPERIENCE, SERVICE_QUALITY, SUGGESTION or INQUIRY (required)
     * @param priority LOW, NORMAL (default), HIGH or URGENT
     * @param category a free category, or null
     * @param tags short labels, or null
     * @param productId the product it is about, or null
     * @param productVersionId the product's version, or null
     * @param orderRef the order it is about, or null
     * @param channel how it came in: PHONE, EMAIL, WEB_FORM, CHAT, VISIT, SOCIAL, API or OTHER (default)
     * @param reporterName who reported it, when not a known contact
     * @param reporterEmail their email address
     * @param reporterPhone their phone number
     */
    public record NewCase(
            @NotNull UUID customerId,
            UUID contactId,
            @NotNull @Size(max = 200) String title,
            @Size(max = 8000) String description,
            @NotNull @OneOf(CaseKind.class) String kind,
            @OneOf(CasePriority.class) String priority,
            @Size(max = 100) String category,
            List<String> tags,
            UUID productId,
            UUID productVersionId,
            @Size(max = 100) String orderRef,
            @OneOf(CaseChannel.class) String channel,
            @Size(max = 200) String reporterName,
            @Size(max = 254) String reporterEmail,
            @Size(max = 32) String reporterPhone) {

        public NewCase {
            title = Inputs.trim(title);
            description = Inputs.trim(description);
            kind = Inputs.trim(kind);
            priority = Inputs.trim(priority);
            category = Inputs.trim(category);
            orderRef = Inputs.trim(orderRef);
            channel = Inputs.trim(channel);
            reporterName = Inputs.trim(reporterName);
            reporterEmail = Inputs.trim(reporterEmail);
            reporterPhone = Inputs.trim(reporterPhone);
        }
    }

    /**
     * How a case is classified when it is triaged.
     *
     * @param kind the kind (required)
     * @param priority the priority (required)
     * @param category a free category, or null
     * @param tags short labels, or null
     */
    public record Triage(
            @NotNull @OneOf(CaseKind.class) String kind,
            @NotNull @OneOf(CasePriority.class) String priority,
            @Size(max = 100) String category,
            List<String> tags) {

        public Triage {
            kind = Inputs.trim(kind);
            priority = Inputs.trim(priority);
            category = Inputs.trim(category);
        }
    }

    /** The resolution text of a case being resolved. */
    record Resolution(@Size(max = 4000) String resolution) {

        Resolution {
            resolution = Inputs.trim(resolution);
        }
    }

    /** Why a case is opened again. */
    record Reason(@NotNull @Size(max = 4000) String reason) {

        Reason {
            reason = Inputs.trim(reason);
        }
    }

    /** The priority a case changes to. */
    record PriorityChange(
            @NotNull @OneOf(CasePriority.class) String priority) {

        PriorityChange {
            priority = Inputs.trim(priority);
        }
    }

    /** The text of a message on a case. */
    record Message(@NotNull @Size(max = 8000) String body) {

        Message {
            body = Inputs.trim(body);
        }
    }

    private static final String FIELD = "cases.field";
    private static final int MAX_TAGS = 500;

    private final CaseRepository cases;
    private final Access access;
    private final Assignees assignees;
    private final CustomerDirectory customers;
    private final UserDirectory users;
    private final ProductCatalogue products;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final CaseLanguages languages;

    CaseManagement(
            CaseRepository cases,
            Access access,
            Assignees assignees,
            CustomerDirectory customers,
            UserDirectory users,
            ProductCatalogue products,
            ApplicationEventPublisher events,
            Clock clock,
            CaseLanguages languages) {
        this.assignees = assignees;
        this.languages = languages;
        this.products = products;
        this.cases = cases;
        this.access = access;
        this.customers = customers;
        this.users = users;
        this.events = events;
        this.clock = clock;
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** The case, if the current user sees it; 404 otherwise. */
    @Transactional(readOnly = true)
    public FeedbackCase get(UUID caseId) {
        return cases.require(caseId);
    }

    /** Opens a new case; answers its id. */
    @Transactional
    public UUID open(NewCase draft, Actor actor) {
        if (CurrentUser.find().isPresent()) {
            access.require(Area.CASES, Operation.CREATE);
        }
        var problems = new ArrayList<>(FieldRules.check(FIELD, draft));
        var grade = customer(problems, draft.customerId());
        if (draft.contactId() != null
                && grade != null
                && !customers
                        .customerOfContact(draft.contactId())
                        .map(draft.customerId()::equals)
                        .orElse(false)) {
            problems.add(new FieldProblem("contactId", "cases.field.contact-unknown"));
        }
        var tags = tags(problems, draft.tags());
        var reporterEmail = email(problems, draft.reporterEmail());
        product(problems, draft.productId(), draft.productVersionId());
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var kind = Inputs.choice(CaseKind.class, draft.kind());
        var priority = Inputs.choice(CasePriority.class, draft.priority());
        var channel = Inputs.choice(CaseChannel.class, draft.channel());
        var now = now();
        var by = actorId(actor);
        var row = cases.newRow();
        row.setId(UUID.randomUUID());
        row.setCaseNo(cases.nextNumber());
        row.setCustomerId(draft.customerId());
        row.setContactId(draft.contactId());
        row.setTitle(draft.title());
        row.setDescription(draft.description());
        row.setKind(kind.name());
        row.setPriority((priority == null ? CasePriority.NORMAL : priority).name());
        row.setCategory(draft.category());
        row.setTags(tags);
        row.setProductId(draft.productId());
        row.setProductVersionId(draft.productVersionId());
        row.setOrderRef(draft.orderRef());
        row.setChannel((channel == null ? CaseChannel.OTHER : channel).name());
        row.setStatus(CaseStatus.NEW.name());
        row.setActive(true);
        row.setCustomerGrade(grade);
        row.setReporterName(draft.reporterName());
        row.setReporterEmail(reporterEmail);
        row.setReporterPhone(draft.reporterPhone());
        row.setFirstResponseBreached(false);
        row.setResolutionBreached(false);
        row.setReopenCount(0);
        Stamps.created(row, by, now);
        var created = new FeedbackCase(row);
        cases.insert(created);
        cases.recordTransition(created.id(), null, CaseStatus.NEW, by, now, null);
        events.publishEvent(new CaseOpened(
                created.id(), created.caseNo(), created.customerId(), created.kind(), created.channel(), by));
        return created.id();
    }

    /** Classifies a new case; it becomes triaged. */
    @Transactional
    public FeedbackCase triage(UUID caseId, Triage triage, Actor actor, Integer version) {
        var problems = new ArrayList<>(FieldRules.check(FIELD, triage));
        var tags = tags(problems, triage.tags());
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var kind = Inputs.choice(CaseKind.class, triage.kind());
        var priority = Inputs.choice(CasePriority.class, triage.priority());
        return change(caseId, version, actor, null, c -> c.triage(kind, priority, triage.category(), tags));
    }

    /**
     * Gives the case to a person (whose team it then belongs to) or to a team's queue. A new or triaged case becomes
     * assigned; the person must be able to work on cases, and the person, or every member of the queue, must be able
     * to open the customer.
     */
    @Transactional
    public FeedbackCase assign(UUID caseId, UUID userId, UUID teamId, Actor actor, Integer version) {
        return assign(caseId, userId, teamId, false, actor, version);
    }

    /**
     * Same as {@link #assign(UUID, UUID, UUID, Actor, Integer)}; with {@code shareCustomer}, a person or queue who
     * cannot open the customer is given it to view (a share on the customer, audited) instead of being refused.
     */
    @Transactional
    public FeedbackCase assign(
            UUID caseId, UUID userId, UUID teamId, boolean shareCustomer, Actor actor, Integer version) {
        var c = editable(caseId, version);
        var problems = new ArrayList<FieldProblem>();
        UUID team = teamId;
        if (userId != null) {
            var user = users.user(userId).filter(UserDirectory.UserSummary::enabled);
            if (user.isEmpty()
                    || !access.allowsFor(
                            userId,
                            Area.CASES,
                            Operation.EDIT,
                            new OwnedRecord("case", caseId, userId, user.get().teamId()))) {
                problems.add(new FieldProblem("assigneeId", "cases.field.assignee-unknown"));
            } else {
                team = user.get().teamId();
            }
        } else if (teamId == null) {
            problems.add(new FieldProblem("assigneeId", "cases.field.assignment-required"));
        } else if (users.team(teamId).isEmpty()) {
            problems.add(new FieldProblem("teamId", "cases.field.team-unknown"));
        }
        // The person, or every member of the queue, must be able to open the customer (the rule of mentions too).
        var customer = problems.isEmpty() ? customers.record(c.customerId()).orElse(null) : null;
        var share = customer != null
                && assignees.check(
                        problems,
                        "assigneeId",
                        assignees.nameOf(userId, teamId),
                        userId,
                        teamId,
                        Area.CUSTOMERS,
                        customer,
                        shareCustomer);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        if (share) {
            assignees.share(userId, teamId, customer);
        }
        var before = new OwnedRecord("case", caseId, c.assigneeId(), c.teamId());
        var move = c.assign(userId, team);
        if (move == null && Objects.equals(before.ownerId(), userId) && Objects.equals(before.teamId(), team)) {
            return c;
        }
        var now = now();
        var by = actorId(actor);
        cases.save(c, now, by);
        if (move != null) {
            recordMove(c, move, by, now, null);
        }
        events.publishEvent(new CaseAssigned(c.id(), c.caseNo(), c.customerId(), c.assigneeId(), c.teamId(), by));
        notifyAssigned(c, actor);
        return cases.reload(caseId);
    }

    /** Work starts on the case, or goes on after waiting on the customer. */
    @Transactional
    public FeedbackCase start(UUID caseId, Actor actor, Integer version) {
        return change(caseId, version, actor, null, c -> c.start(now()));
    }

    /** The case waits on the customer; its SLA clocks stop until it moves on. */
    @Transactional
    public FeedbackCase waitOnCustomer(UUID caseId, String comment, Actor actor, Integer version) {
        return change(caseId, version, actor, comment, c -> c.waitOnCustomer(now()));
    }

    /** Resolves the case; {@code version} null skips the version check (resolving many cases at once). */
    @Transactional
    public FeedbackCase resolve(UUID caseId, String resolution, Actor actor, Integer version) {
        var text = new Resolution(resolution);
        FieldRules.require(FIELD, text);
        return change(caseId, version, actor, text.resolution(), c -> c.resolve(text.resolution(), now()));
    }

    /** Closes a resolved case. */
    @Transactional
    public FeedbackCase close(UUID caseId, String comment, Actor actor, Integer version) {
        return change(caseId, version, actor, comment, c -> c.close(now()));
    }

    /** Opens a resolved or closed case again, saying why. */
    @Transactional
    public FeedbackCase reopen(UUID caseId, String reason, Actor actor) {
        var text = new Reason(reason);
        FieldRules.require(FIELD, text);
        return change(caseId, null, actor, text.reason(), FeedbackCase::reopen);
    }

    /** Changes how urgent the case is. */
    @Transactional
    public FeedbackCase changePriority(UUID caseId, String priority, Actor actor, Integer version) {
        var change = new PriorityChange(priority);
        FieldRules.require(FIELD, change);
        var to = Inputs.choice(CasePriority.class, change.priority());
        var c = editable(caseId, version);
        var from = c.priority();
        if (!c.changePriority(to)) {
            return c;
        }
        var by = actorId(actor);
        cases.save(c, now(), by);
        events.publishEvent(new CasePriorityChanged(c.id(), c.caseNo(), c.customerId(), from, to, by));
        return cases.reload(caseId);
    }

    /** Replies to the customer; the first reply is the case's first response. Answers the message's id. */
    @Transactional
    public UUID reply(UUID caseId, String body, Actor actor) {
        return message(caseId, CaseMessageKind.REPLY, body, actor);
    }

    /** Adds a note that only staff see. Answers the message's id. */
    @Transactional
    public UUID addInternalNote(UUID caseId, String body, Actor actor) {
        return message(caseId, CaseMessageKind.INTERNAL, body, actor);
    }

    /** Adds a message from the customer (the public form, an inbound email). Answers the message's id. */
    @Transactional
    public UUID addCustomerMessage(UUID caseId, String body) {
        return message(caseId, CaseMessageKind.CUSTOMER, body, null);
    }

    private UUID message(UUID caseId, CaseMessageKind kind, String body, Actor actor) {
        var message = new Message(body);
        FieldRules.require(FIELD, message);
        var text = message.body();
        var c = editable(caseId, null);
        c.requireOpenForChanges();
        var now = now();
        var by = actorId(actor);
        var id = cases.addMessage(caseId, kind, text, by, now);
        if (kind == CaseMessageKind.REPLY && c.respond(now)) {
            cases.save(c, now, by);
        }
        events.publishEvent(new CaseMessageAdded(c.id(), c.caseNo(), c.customerId(), id, kind, by));
        if (kind == CaseMessageKind.REPLY && c.reporterEmail() != null) {
            // The customer who reported through the form or by email gets the reply by email.
            events.publishEvent(new CustomerEmailRequested(
                    c.customerId(),
                    c.reporterEmail(),
                    languages.of(c.id()),
                    "cases.email.reply.subject",
                    "cases.email.reply.body",
                    List.of(c.number(), c.title(), text, actor == null ? "" : actor.name()),
                    null,
                    "case-reply:" + id,
                    CustomerEmailRequested.OWN_CASE));
        }
        return id;
    }

    /** Loads a case to change, checks the version, applies one workflow step, stores it and records the move. */
    private FeedbackCase change(
            UUID caseId, Integer version, Actor actor, String comment, Function<FeedbackCase, Move> step) {
        var c = editable(caseId, version);
        var move = step.apply(c);
        var now = now();
        var by = actorId(actor);
        cases.save(c, now, by);
        recordMove(c, move, by, now, comment);
        return cases.reload(caseId);
    }

    private void recordMove(FeedbackCase c, Move move, UUID by, OffsetDateTime now, String comment) {
        cases.recordTransition(c.id(), move.from(), move.to(), by, now, comment);
        events.publishEvent(
                new CaseTransitioned(c.id(), c.caseNo(), c.customerId(), move.from(), move.to(), by, comment));
        if (move.to() == CaseStatus.RESOLVED) {
            events.publishEvent(new CaseResolved(c.id(), c.caseNo(), c.customerId(), by));
        }
        if (!move.from().active() && move.to().active()) {
            events.publishEvent(
                    new CaseReopened(c.id(), c.caseNo(), c.customerId(), move.from(), move.to(), c.reopenCount(), by));
        }
    }

    /** The case if the current user (if any) may change it; 404 when they do not see it, 403 without the right. */
    private FeedbackCase editable(UUID caseId, Integer version) {
        var c = cases.require(caseId);
        if (CurrentUser.find().isPresent()) {
            access.require(Area.CASES, Operation.EDIT);
        }
        if (version != null && c.version() != version) {
            throw new StaleVersionException("Case", c.version());
        }
        return c;
    }

    /** Tells the assignee that a case is theirs, or the team that it landed in their queue; never the actor. */
    private void notifyAssigned(FeedbackCase c, Actor actor) {
        Set<UUID> recipients = new LinkedHashSet<>();
        String kind;
        if (c.assigneeId() != null) {
            recipients.add(c.assigneeId());
            kind = "case-assigned";
        } else {
            recipients.addAll(users.activeUsers().stream()
                    .filter(u -> c.teamId().equals(u.teamId()))
                    .map(UserDirectory.UserSummary::id)
                    .collect(Collectors.toSet()));
            kind = "case-queued";
        }
        var by = actorId(actor);
        if (by != null) {
            recipients.remove(by);
        }
        if (recipients.isEmpty()) {
            return;
        }
        var name = actor == null ? "system" : actor.name();
        events.publishEvent(new NotificationRequested(
                recipients,
                kind,
                "notification." + kind,
                List.of(name, c.number(), c.title()),
                "/cases/" + c.id(),
                c.customerId(),
                by,
                kind + ":" + c.id() + ":" + (c.assigneeId() != null ? c.assigneeId() : c.teamId()) + ":"
                        + c.version()));
    }

    /** The customer's grade, or null with a problem when the customer is missing or out of reach. */
    private String customer(List<FieldProblem> problems, UUID customerId) {
        if (customerId == null) {
            return null; // reported by the field rules
        }
        var grade = customers.grade(customerId);
        if (grade.isEmpty() || CurrentUser.find().isPresent() && !customers.reaches(customerId)) {
            problems.add(new FieldProblem("customerId", "cases.field.customer-unknown"));
            return null;
        }
        return grade.get();
    }

    /** A product is optional; a version needs its product, and must be one of its versions. */
    private void product(List<FieldProblem> problems, UUID productId, UUID versionId) {
        if (productId == null) {
            if (versionId != null) {
                problems.add(new FieldProblem("productId", "cases.field.required"));
            }
            return;
        }
        if (!products.exists(productId, null)) {
            problems.add(new FieldProblem("productId", "cases.field.product-unknown"));
        } else if (versionId != null && !products.exists(productId, versionId)) {
            problems.add(new FieldProblem("productVersionId", "cases.field.version-unknown"));
        }
    }

    /** Tags as stored: trimmed, lower case, without repeats, comma-separated; null for none. */
    private static String tags(List<FieldProblem> problems, List<String> tags) {
        if (tags == null) {
            return null;
        }
        var clean = new LinkedHashSet<String>();
        for (var tag : tags) {
            if (tag == null) {
                continue;
            }
            for (var part : tag.split(",")) {
                var text = Inputs.trim(part);
                if (text != null) {
                    clean.add(text.toLowerCase(Locale.ROOT));
                }
            }
        }
        if (clean.isEmpty()) {
            return null;
        }
        var joined = String.join(",", clean);
        if (joined.length() > MAX_TAGS) {
            problems.add(new FieldProblem("tags", FIELD + ".too-long", MAX_TAGS));
        }
        return joined;
    }

    private static String email(List<FieldProblem> problems, String text) {
        if (text == null) {
            return null;
        }
        try {
            return EmailAddress.of(text).value();
        } catch (InvalidValueException e) {
            problems.add(new FieldProblem("reporterEmail", "cases.field.email-invalid"));
            return null;
        }
    }

    private static UUID actorId(Actor actor) {
        return actor == null ? null : actor.userId();
    }
}
