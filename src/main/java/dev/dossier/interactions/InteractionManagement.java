package dev.dossier.interactions;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.UserDirectory;
import dev.dossier.interactions.InteractionEvents.InteractionChanged;
import dev.dossier.interactions.InteractionEvents.InteractionDeleted;
import dev.dossier.interactions.InteractionEvents.InteractionLogged;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.InteractionLog;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.Subject;
import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Logging, changing and deleting interactions. Whoever reaches the customer reads its interactions; changing one
 * also needs the role's operation on that interaction's owner. Each change moves the report roll-ups in the same
 * transaction, so a report never disagrees with the interactions.
 */
@Service
class InteractionManagement implements InteractionLog {

    static final int SUMMARY_MAX = 200;
    static final int CONTENT_MAX = 10_000;
    static final int DURATION_MAX = 1440;
    /** How far in the future a start may lie: clocks differ a little, the future does not happen. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final InteractionRepository repository;
    private final InteractionRollups rollups;
    private final CustomerDirectory customers;
    private final UserDirectory users;
    private final Access access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    InteractionManagement(
            InteractionRepository repository,
            InteractionRollups rollups,
            CustomerDirectory customers,
            UserDirectory users,
            Access access,
            ApplicationEventPublisher events,
            Clock clock) {
        this.repository = repository;
        this.rollups = rollups;
        this.customers = customers;
        this.users = users;
        this.access = access;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<String> channels() {
        return Arrays.stream(Channel.values()).map(Enum::name).toList();
    }

    @Override
    public List<String> outcomes() {
        return Arrays.stream(Outcome.values()).map(Enum::name).toList();
    }

    @Override
    @Transactional
    public UUID log(Entry entry) {
        return log(new InteractionDraft(
                        entry.subject() == null ? null : entry.subject().toString(),
                        entry.channel(),
                        entry.direction(),
                        entry.startedAt(),
                        entry.durationMinutes(),
                        entry.summary(),
                        entry.content(),
                        entry.outcome(),
                        entry.satisfaction(),
                        entry.followUpSucceeded(),
                        null,
                        List.of(),
                        List.of(),
                        entry.taskId()))
                .id();
    }

    /** Logs an interaction; 404 when the subject is out of reach, {@link ValidationException} on bad input. */
    @Transactional
    Interaction log(InteractionDraft draft) {
        access.require(Area.INTERACTIONS, Operation.CREATE);
        var me = CurrentUser.get();
        var subject = subject(draft.subject());
        var customerId = customerOf(subject);
        var ownerId = draft.ownerId() == null ? me.id() : draft.ownerId();
        var checked = check(draft, customerId, ownerId);
        var now = OffsetDateTime.now(clock);
        var interaction = new Interaction(
                UUID.randomUUID(),
                customerId,
                subject,
                checked.channel,
                checked.direction,
                draft.startedAt(),
                draft.durationMinutes(),
                draft.summary(),
                draft.content(),
                checked.outcome,
                draft.satisfaction(),
                draft.followUpSucceeded(),
                ownerId,
                checked.teamId,
                draft.taskId(),
                checked.participants,
                now,
                me.id(),
                now,
                0);
        repository.insert(interaction, me.id());
        rollups.changed(null, interaction);
        events.publishEvent(new InteractionLogged(interaction.id(), customerId, draft.taskId(), me.id()));
        return interaction;
    }

    /** An interaction the current user reaches; 404 otherwise. */
    @Transactional(readOnly = true)
    Interaction get(UUID id) {
        var interaction = repository.find(id).orElseThrow(() -> new NotFoundException("interaction"));
        if (!access.allows(Area.INTERACTIONS, Operation.READ) || !customers.reaches(interaction.customerId())) {
            throw new NotFoundException("interaction");
        }
        return interaction;
    }

    /** Whether the current user may do {@code operation} on the interaction (which they reach). */
    boolean allows(Interaction interaction, Operation operation) {
        return access.allows(Area.INTERACTIONS, operation, interaction.owned());
    }

    /** Changes an interaction that is still at {@code expectedVersion}; the subject stays with its customer. */
    @Transactional
    Interaction revise(UUID id, int expectedVersion, InteractionDraft draft) {
        var before = get(id);
        require(before, Operation.EDIT);
        var me = CurrentUser.get();
        var subject =
                draft.subject() == null || draft.subject().isBlank() ? before.subject() : subject(draft.subject());
        if (!subject.equals(before.subject()) && !before.customerId().equals(customerOf(subject))) {
            throw new ValidationException(List.of(new FieldProblem("subject", "interaction.subject.other-customer")));
        }
        var ownerId = draft.ownerId() == null ? before.ownerId() : draft.ownerId();
        var checked = check(draft, before.customerId(), ownerId);
        if (before.version() != expectedVersion) {
            throw new StaleVersionException("interaction", before.version());
        }
        var teamId = ownerId.equals(before.ownerId()) ? before.teamId() : checked.teamId;
        var now = OffsetDateTime.now(clock);
        var after = new Interaction(
                id,
                before.customerId(),
                subject,
                checked.channel,
                checked.direction,
                draft.startedAt(),
                draft.durationMinutes(),
                draft.summary(),
                draft.content(),
                checked.outcome,
                draft.satisfaction(),
                draft.followUpSucceeded(),
                ownerId,
                teamId,
                before.taskId(),
                checked.participants,
                before.createdAt(),
                before.createdBy(),
                now,
                expectedVersion + 1);
        if (!repository.update(after, expectedVersion, me.id())) {
            throw new StaleVersionException(
                    "interaction", repository.version(id).orElse(expectedVersion));
        }
        rollups.changed(before, after);
        events.publishEvent(new InteractionChanged(id, before.customerId(), me.id()));
        return after;
    }

    /** Deletes an interaction that is still at {@code expectedVersion}; the reports stop counting it. */
    @Transactional
    Interaction delete(UUID id, int expectedVersion) {
        var before = get(id);
        require(before, Operation.DELETE);
        var me = CurrentUser.get();
        if (before.version() != expectedVersion
                || !repository.delete(id, expectedVersion, OffsetDateTime.now(clock), me.id())) {
            throw new StaleVersionException(
                    "interaction", repository.version(id).orElse(before.version()));
        }
        rollups.changed(before, null);
        events.publishEvent(new InteractionDeleted(id, before.customerId(), me.id()));
        return before;
    }

    private void require(Interaction interaction, Operation operation) {
        if (!allows(interaction, operation)) {
            throw new AccessDeniedException(Area.INTERACTIONS + ":" + operation);
        }
    }

    /** The customer a customer or contact subject belongs to, if the current user reaches it; 404 otherwise. */
    private UUID customerOf(Subject subject) {
        var customerId = subject.type().equals("customer")
                ? subject.id()
                : customers.customerOfContact(subject.id()).orElseThrow(() -> new NotFoundException("contact"));
        customers.requireReach(customerId);
        return customerId;
    }

    private static Subject subject(String text) {
        Subject subject;
        try {
            subject = Subject.parse(text);
        } catch (InvalidValueException e) {
            throw new ValidationException(List.of(new FieldProblem("subject", "interaction.subject.invalid")));
        }
        if (!subject.type().equals("customer") && !subject.type().equals("contact")) {
            throw new ValidationException(List.of(new FieldProblem("subject", "interaction.subject.invalid")));
        }
        return subject;
    }

    record Checked(
            Channel channel,
            Direction direction,
            Outcome outcome,
            UUID teamId,
            List<Interaction.Participant> participants) {}

    /** Every field's problems at once, so a form shows them all; nothing is written before this passes. */
    Checked check(InteractionDraft draft, UUID customerId, UUID ownerId) {
        return check(draft, customerId, ownerId, users::user);
    }

    /** {@link #check(InteractionDraft, UUID, UUID)}, finding the owner through {@code owners}. */
    Checked check(
            InteractionDraft draft,
            UUID customerId,
            UUID ownerId,
            java.util.function.Function<UUID, java.util.Optional<UserDirectory.UserSummary>> owners) {
        var problems = new ArrayList<>(FieldRules.check("field", draft));
        if (draft.startedAt() != null
                && draft.startedAt().isAfter(OffsetDateTime.now(clock).plus(FUTURE_TOLERANCE))) {
            problems.add(new FieldProblem("startedAt", "interaction.started.future"));
        }
        if (draft.durationMinutes() != null
                && (draft.durationMinutes() < 0 || draft.durationMinutes() > DURATION_MAX)) {
            problems.add(
                    new FieldProblem("durationMinutes", "interaction.duration.range", String.valueOf(DURATION_MAX)));
        }
        if (draft.summary() != null
                && draft.summary().length() <= SUMMARY_MAX
                && draft.summary().contains("\n")) {
            problems.add(new FieldProblem("summary", "interaction.summary.one-line"));
        }
        var owner = owners.apply(ownerId);
        if (owner.isEmpty()) {
            problems.add(new FieldProblem("ownerId", "interaction.owner.unknown"));
        }
        if (!draft.userIds().isEmpty() && !users.users(draft.userIds()).keySet().containsAll(draft.userIds())) {
            problems.add(new FieldProblem("userIds", "interaction.participant.unknown-user"));
        }
        if (!draft.contactIds().isEmpty()
                && !customers.contacts(customerId).keySet().containsAll(draft.contactIds())) {
            problems.add(new FieldProblem("contactIds", "interaction.participant.unknown-contact"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var participants = Stream.concat(
                        draft.contactIds().stream().map(c -> new Interaction.Participant(null, c)),
                        draft.userIds().stream().map(u -> new Interaction.Participant(u, null)))
                .toList();
        return new Checked(
                Inputs.choice(Channel.class, draft.channel()),
                Inputs.choice(Direction.class, draft.direction()),
                Inputs.choice(Outcome.class, draft.outcome()),
                owner.get().teamId(),
                participants);
    }
}
