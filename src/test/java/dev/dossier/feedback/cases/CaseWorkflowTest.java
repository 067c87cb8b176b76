package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.CASE_TRANSITION;
import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static dev.dossier.feedback.cases.CaseFixtures.complaint;
import static dev.dossier.feedback.cases.CaseFixtures.customer;
import static dev.dossier.feedback.cases.CaseFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dossier.DossierTest;
import dev.dossier.feedback.CaseChannel;
import dev.dossier.feedback.CaseEvents.CaseAssigned;
import dev.dossier.feedback.CaseEvents.CaseOpened;
import dev.dossier.feedback.CaseEvents.CaseReopened;
import dev.dossier.feedback.CaseEvents.CaseResolved;
import dev.dossier.feedback.CaseEvents.CaseTransitioned;
import dev.dossier.feedback.CaseKind;
import dev.dossier.feedback.CasePriority;
import dev.dossier.feedback.CaseStatus;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.Role;
import dev.dossier.shared.Actor;
import dev.dossier.shared.CustomerEmailRequested;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.NotificationRequested;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** The case workflow: opening, the moves staff make, what each records, and the moves it refuses. */
@DossierTest
@RecordApplicationEvents
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("clock")
class CaseWorkflowTest {

    @LocalServerPort
    int port;

    @Autowired
    CaseManagement management;

    @Autowired
    DSLContext db;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    ApplicationEvents events;

    private String agent;
    private String colleague;
    private UUID team;
    private UUID customerId;

    @BeforeAll
    void customers() {
        team = users.team(null);
        agent = users.createInTeam(team, Role.SERVICE);
        colleague = users.createInTeam(team, Role.SERVICE);
        var seller = users.create(Role.SALES);
        customerId = customer(new ApiClient(port).signIn(seller, TestUsers.PASSWORD), "Workflow " + unique(), "VIP");
    }

    @BeforeEach
    void signIn() {
        var details = userDetails.loadUserByUsername(agent);
        SecurityContextHolder.getContext()
                .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities()));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private Actor me() {
        return CurrentUser.actor();
    }

    private int transitions(UUID caseId) {
        return db.fetchCount(CASE_TRANSITION, CASE_TRANSITION.CASE_ID.eq(caseId));
    }

    @Test
    void openingACaseNumbersItKeepsTheCustomersGradeAndRecordsItsFirstStatus() {
        var id = management.open(complaint(customerId, "Late delivery"), me());
        var second = management.open(complaint(customerId, "Late again"), me());

        var c = management.get(id);
        assertThat(c.status()).isEqualTo(CaseStatus.NEW);
        assertThat(c.active()).isTrue();
        assertThat(c.customerGrade()).isEqualTo("VIP");
        assertThat(c.kind()).isEqualTo(CaseKind.COMPLAINT);
        assertThat(c.priority()).isEqualTo(CasePriority.HIGH);
        assertThat(c.channel()).isEqualTo(CaseChannel.PHONE);
        assertThat(c.tags()).containsExactly("late", "delivery");
        assertThat(c.number()).matches("C-\\d{6}");
        assertThat(management.get(second).caseNo()).isGreaterThan(c.caseNo());
        assertThat(transitions(id)).isEqualTo(1);
        assertThat(events.stream(CaseOpened.class).filter(e -> e.caseId().equals(id)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(CaseKind.COMPLAINT);
                    assertThat(e.actorId()).isEqualTo(users.id(agent));
                });
    }

    @Test
    void aCaseWithoutTitleKindOrAReachableCustomerIsRefusedWithTheFieldsToFix() {
        var draft = new CaseManagement.NewCase(
                UUID.randomUUID(),
                null,
                " ",
                null,
                "PRAISE",
                null,
                null,
                null,
                null,
                null,
                null,
                "PIGEON",
                null,
                "not-an-address",
                null);
        assertThatThrownBy(() -> management.open(draft, me()))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldProblem::field)
                                .containsExactlyInAnyOrder("customerId", "title", "kind", "channel", "reporterEmail"));
    }

    @Test
    void aCaseGoesFromNewToClosedAndEveryMoveIsRecorded() {
        var id = management.open(complaint(customerId, "Broken lid"), me());
        var c = management.triage(
                id, new CaseManagement.Triage("DEFECT", "URGENT", "Packaging", List.of("lid")), me(), 0);
        assertThat(c.status()).isEqualTo(CaseStatus.TRIAGED);
        assertThat(c.kind()).isEqualTo(CaseKind.DEFECT);

        c = management.assign(id, users.id(colleague), null, me(), c.version());
        assertThat(c.status()).isEqualTo(CaseStatus.ASSIGNED);
        assertThat(c.teamId()).isEqualTo(team);
        assertThat(events.stream(CaseAssigned.class).filter(e -> e.caseId().equals(id)))
                .hasSize(1);
        assertThat(events.stream(NotificationRequested.class)
                        .filter(n -> n.link().equals("/cases/" + id)))
                .singleElement()
                .satisfies(n -> assertThat(n.recipients()).containsExactly(users.id(colleague)));

        c = management.start(id, me(), c.version());
        assertThat(c.status()).isEqualTo(CaseStatus.IN_PROGRESS);
        assertThat(c.firstRespondedAt()).isNotNull();

        c = management.waitOnCustomer(id, "Asked for a photo", me(), c.version());
        assertThat(c.status()).isEqualTo(CaseStatus.WAITING);
        assertThat(c.slaPausedAt()).isNotNull();

        c = management.resolve(id, "Sent a new lid", me(), c.version());
        assertThat(c.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(c.active()).isFalse();
        assertThat(c.slaPausedAt()).isNull();
        assertThat(c.resolvedAt()).isNotNull();
        assertThat(events.stream(CaseResolved.class).filter(e -> e.caseId().equals(id)))
                .hasSize(1);

        c = management.close(id, null, me(), c.version());
        assertThat(c.status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(c.closedAt()).isNotNull();

        var history = db.select(
                        CASE_TRANSITION.FROM_STATUS,
                        CASE_TRANSITION.TO_STATUS,
                        CASE_TRANSITION.ACTOR_ID,
                        CASE_TRANSITION.COMMENT)
                .from(CASE_TRANSITION)
                .where(CASE_TRANSITION.CASE_ID.eq(id))
                .orderBy(CASE_TRANSITION.AT, CASE_TRANSITION.ID)
                .fetch();
        assertThat(history)
                .extracting(r -> r.value1() + ">" + r.value2())
                .containsExactly(
                        "null>NEW",
                        "NEW>TRIAGED",
                        "TRIAGED>ASSIGNED",
                        "ASSIGNED>IN_PROGRESS",
                        "IN_PROGRESS>WAITING",
                        "WAITING>RESOLVED",
                        "RESOLVED>CLOSED");
        assertThat(history).extracting(r -> r.value3()).containsOnly(users.id(agent));
        assertThat(history).extracting(r -> r.value4()).contains("Asked for a photo", "Sent a new lid");
        assertThat(events.stream(CaseTransitioned.class).filter(e -> e.caseId().equals(id)))
                .hasSize(6);
    }

    @Test
    void closingAnUnassignedCaseIsRefusedAndChangesNothing() {
        var id = management.open(complaint(customerId, "Rude driver"), me());
        var before = db.fetchOne(FEEDBACK_CASE, FEEDBACK_CASE.ID.eq(id));

        assertThatThrownBy(() -> management.close(id, null, me(), 0))
                .isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(CaseStatus.NEW);
                    assertThat(e.to()).isEqualTo(CaseStatus.CLOSED);
                    assertThat(e.reason()).isEqualTo("cases.transition.close-unresolved");
                });
        assertThatThrownBy(() -> management.start(id, me(), 0))
                .isInstanceOfSatisfying(
                        InvalidTransitionException.class,
                        e -> assertThat(e.reason()).isEqualTo("cases.transition.needs-assignment"));
        assertThatThrownBy(() -> management.resolve(id, "Apologised", me(), null))
                .isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> management.reopen(id, "Why not", me())).isInstanceOf(InvalidTransitionException.class);

        assertThat(db.fetchOne(FEEDBACK_CASE, FEEDBACK_CASE.ID.eq(id))).isEqualTo(before);
        assertThat(transitions(id)).isEqualTo(1);
        assertThat(events.stream(CaseTransitioned.class).filter(e -> e.caseId().equals(id)))
                .isEmpty();
    }

    @Test
    void anEditMadeOnAnOldVersionIsRefused() {
        var id = management.open(complaint(customerId, "Wrong colour"), me());
        management.assign(id, null, team, me(), 0);
        assertThatThrownBy(() -> management.changePriority(id, "URGENT", me(), 0))
                .isInstanceOf(StaleVersionException.class);
        assertThat(management.get(id).priority()).isEqualTo(CasePriority.HIGH);
    }

    @Test
    void aResolvedCaseIsReopenedWithAReasonAndComesBackToItsAssignee() {
        var id = management.open(complaint(customerId, "Noisy fan"), me());
        var c = management.assign(id, users.id(agent), null, me(), 0);
        c = management.resolve(id, "Replaced the fan", me(), null);
        assertThatThrownBy(() -> management.reopen(id, " ", me())).isInstanceOf(ValidationException.class);

        c = management.reopen(id, "Still noisy", me());
        assertThat(c.status()).isEqualTo(CaseStatus.IN_PROGRESS);
        assertThat(c.active()).isTrue();
        assertThat(c.reopenCount()).isEqualTo(1);
        assertThat(c.resolvedAt()).isNull();
        assertThat(events.stream(CaseReopened.class).filter(e -> e.caseId().equals(id)))
                .singleElement()
                .satisfies(e -> assertThat(e.from()).isEqualTo(CaseStatus.RESOLVED));

        // A case in a team's queue only comes back to the queue.
        var queued = management.open(complaint(customerId, "Loose screw"), me());
        management.assign(queued, null, team, me(), 0);
        management.resolve(queued, "Tightened", me(), null);
        management.close(queued, null, me(), null);
        assertThat(management.reopen(queued, "Loose again", me()).status()).isEqualTo(CaseStatus.ASSIGNED);
    }

    @Test
    void theFirstReplyIsTheFirstResponseAndInternalNotesAreNot() {
        var id = management.open(complaint(customerId, "Missing manual"), me());
        management.addInternalNote(id, "Probably the old print run", me());
        assertThat(management.get(id).firstRespondedAt()).isNull();

        management.reply(id, "We are sending you the manual.", me());
        var first = management.get(id).firstRespondedAt();
        assertThat(first).isNotNull();
        // Nobody left an address on this case: no email.
        assertThat(events.stream(CustomerEmailRequested.class)
                        .filter(e -> e.customerId().equals(customerId)))
                .isEmpty();
        management.reply(id, "It is on its way.", me());
        assertThat(management.get(id).firstRespondedAt()).isEqualTo(first);
        assertThatThrownBy(() -> management.reply(id, "", me())).isInstanceOf(ValidationException.class);
    }

    @Test
    void aReplyGoesByEmailToWhoeverReportedTheCaseWithAnAddress() {
        var draft = new CaseManagement.NewCase(
                customerId,
                null,
                "No hot water",
                null,
                "DEFECT",
                null,
                null,
                null,
                null,
                null,
                null,
                "WEB_FORM",
                "Wang Fang",
                "wang.fang@example.com",
                null);
        var id = management.open(draft, null);
        var replyId = management.reply(id, "A technician comes on Monday.", me());
        assertThat(events.stream(CustomerEmailRequested.class)
                        .filter(e -> e.key().equals("case-reply:" + replyId)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.to()).isEqualTo("wang.fang@example.com");
                    assertThat(e.args()).contains("No hot water", "A technician comes on Monday.");
                    // A reply about the customer's own case needs no consent: the outbox sends it regardless.
                    assertThat(e.purpose()).isEqualTo(CustomerEmailRequested.OWN_CASE);
                });
        assertThat(transitionsBy(id)).containsOnlyNulls();
    }

    private List<UUID> transitionsBy(UUID caseId) {
        return db.select(CASE_TRANSITION.ACTOR_ID)
                .from(CASE_TRANSITION)
                .where(CASE_TRANSITION.CASE_ID.eq(caseId))
                .fetch(CASE_TRANSITION.ACTOR_ID);
    }

    @Test
    void waitingOnTheCustomerStopsTheSlaClockUntilTheCaseMovesOn() {
        var id = management.open(complaint(customerId, "Invoice wrong"), me());
        management.assign(id, users.id(agent), null, me(), 0);
        var due = TestClock.utcNow().plusHours(1).truncatedTo(ChronoUnit.SECONDS);
        // A due time of its own, not one an SLA policy would plan again.
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.RESOLUTION_DUE_AT, due)
                .setNull(FEEDBACK_CASE.SLA_POLICY_ID)
                .setNull(FEEDBACK_CASE.FIRST_RESPONSE_DUE_AT)
                .where(FEEDBACK_CASE.ID.eq(id))
                .execute();

        var waiting = management.waitOnCustomer(id, "Asked for the invoice number", me(), null);
        assertThat(waiting.slaPausedAt()).isNotNull();
        var paused = SlaState.of(waiting, TestClock.utcNow().plusHours(5), Duration.ofHours(4));
        assertThat(paused.status()).isEqualTo(SlaState.Status.PAUSED);
        assertThat(paused.left()).isPositive();

        var resumed = management.start(id, me(), null);
        assertThat(resumed.slaPausedAt()).isNull();
        assertThat(SlaState.of(resumed, TestClock.utcNow().plusHours(5), Duration.ofHours(4))
                        .status())
                .isEqualTo(SlaState.Status.BREACHED);
    }
}
