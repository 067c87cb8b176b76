package dev.dossier.feedback.sla;

import static dev.dossier.db.Tables.AUDIT_ENTRY;
import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dossier.DossierTest;
import dev.dossier.feedback.CasePriority;
import dev.dossier.feedback.SlaEvents.CaseEscalated;
import dev.dossier.feedback.SlaEvents.CaseSlaWarned;
import dev.dossier.feedback.SlaTarget;
import dev.dossier.feedback.cases.CaseManagement;
import dev.dossier.feedback.sla.SlaPolicies.PolicyDraft;
import dev.dossier.feedback.sla.WorkCalendars.CalendarDraft;
import dev.dossier.feedback.sla.WorkCalendars.DayKind;
import dev.dossier.feedback.sla.WorkCalendars.SpecialDay;
import dev.dossier.identity.Role;
import dev.dossier.shared.Actor;
import dev.dossier.shared.NotificationRequested;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.TestPropertySource;

/**
 * The SLA clocks of real cases: due times counted on the calendar (lunch, National Day), standing still while the
 * case waits on the customer, a re-plan when the priority changes, one warning before the breach and one escalation
 * at it, with the manager told and the priority raised, even when two monitors race for the same case.
 */
@DossierTest
@Import(SlaEscalationTest.Config.class)
@TestPropertySource(properties = "dossier.sla.poll=1h")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlaEscalationTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** Everything the SLA publishes. */
    @TestConfiguration
    static class Config {

        static class Published {
            final List<Object> events = new CopyOnWriteArrayList<>();

            @EventListener
            void on(CaseSlaWarned e) {
                events.add(e);
            }

            @EventListener
            void on(CaseEscalated e) {
                events.add(e);
            }

            @EventListener
            void on(NotificationRequested e) {
                events.add(e);
            }

            <T> List<T> of(Class<T> type, UUID caseId) {
                return events.stream()
                        .filter(type::isInstance)
                        .map(type::cast)
                        .filter(e -> switch (e) {
                            case CaseSlaWarned w -> w.caseId().equals(caseId);
                            case CaseEscalated x -> x.caseId().equals(caseId);
                            case NotificationRequested n ->
                                n.link() != null && n.link().endsWith(caseId.toString());
                            default -> false;
                        })
                        .toList();
            }
        }

        @Bean
        Published published() {
            return new Published();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    TestClock clock;

    @Autowired
    Config.Published published;

    @Autowired
    CaseManagement cases;

    @Autowired
    SlaMonitor monitor;

    @Autowired
    SlaPolicies policies;

    @Autowired
    SlaPlanner planner;

    @Autowired
    WorkCalendars calendars;

    @Autowired
    DSLContext db;

    UUID vipCustomer;
    UUID ordinaryCustomer;
    UUID agent;
    UUID manager;
    UUID vipComplaints;
    UUID vipUrgentComplaints;

    /** Sets the clock to a time of day in Shanghai, where it stands until set again. */
    private void set(String localDateTime) {
        clock.pinAt(LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant());
    }

    @AfterAll
    void runOn() {
        clock.reset();
    }

    @BeforeAll
    void setUp() {
        var admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        vipCustomer = customer(admin, "VIP");
        ordinaryCustomer = customer(admin, "ORDINARY");
        var team = users.team(null);
        var managerName = users.createInTeam(team, Role.MANAGER);
        var agentName = users.createInTeam(team, Role.SERVICE);
        users.reportsTo(agentName, managerName);
        agent = users.id(agentName);
        manager = users.id(managerName);

        var days = new ArrayList<SpecialDay>();
        LocalDate.parse("2026-10-01")
                .datesUntil(LocalDate.parse("2026-10-08"))
                .forEach(d -> days.add(new SpecialDay(d, DayKind.HOLIDAY, "National Day", null)));
        days.add(new SpecialDay(LocalDate.parse("2026-09-27"), DayKind.WORKDAY, "Make-up day", null));
        days.add(new SpecialDay(LocalDate.parse("2026-10-10"), DayKind.WORKDAY, "Make-up day", null));
        var china = calendars.create(
                new CalendarDraft("China 2026", "Asia/Shanghai", "MON-FRI 09:00-12:00,13:30-18:00", false, days));
        vipComplaints = policies.create(new PolicyDraft(
                        "VIP complaints",
                        "COMPLAINT",
                        "VIP",
                        null,
                        60,
                        240,
                        30,
                        china.id(),
                        true,
                        true,
                        null,
                        null,
                        true))
                .id();
        vipUrgentComplaints = policies.create(new PolicyDraft(
                        "VIP urgent complaints",
                        "COMPLAINT",
                        "VIP",
                        "URGENT",
                        30,
                        120,
                        15,
                        china.id(),
                        true,
                        true,
                        null,
                        null,
                        true))
                .id();
    }

    private static UUID customer(ApiClient api, String grade) {
        var answer = api.post(
                "/api/v1/customers",
                ApiClient.json(Map.of(
                        "type",
                        "INDIVIDUAL",
                        "name",
                        "SLA " + grade + " " + UUID.randomUUID().toString().substring(0, 6),
                        "grade",
                        grade,
                        "emails",
                        List.of(Map.of(
                                "address", "sla-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com")))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return UUID.fromString(answer.json().get("id").asString());
    }

    private UUID open(UUID customer, String kind, String priority) {
        return cases.open(
                new CaseManagement.NewCase(
                        customer,
                        null,
                        "The parcel came broken",
                        null,
                        kind,
                        priority,
                        null,
                        null,
                        null,
                        null,
                        null,
                        "PHONE",
                        null,
                        null,
                        null),
                Actor.SYSTEM);
    }

    private dev.dossier.db.tables.records.FeedbackCaseRecord row(UUID id) {
        return db.selectFrom(FEEDBACK_CASE).where(FEEDBACK_CASE.ID.eq(id)).fetchOne();
    }

    private static OffsetDateTime cn(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toOffsetDateTime();
    }

    private static Actor actor(UUID id) {
        return new Actor(id, "agent");
    }

    @Test
    void dueTimesPauseWarningAndOneEscalationWithTheManagerToldAndThePriorityRaised() throws Exception {
        set("2026-09-30T17:00");
        var id = open(vipCustomer, "COMPLAINT", "HIGH");
        var opened = row(id);
        assertThat(opened.getSlaPolicyId()).isEqualTo(vipComplaints);
        assertThat(opened.getFirstResponseDueAt())
                .as("an hour: the rest of Wednesday")
                .isEqualTo(cn("2026-09-30T18:00"));
        assertThat(opened.getResolutionDueAt())
                .as("four hours: one on Wednesday, National Day off, three on the 8th")
                .isEqualTo(cn("2026-10-08T12:00"));

        cases.assign(id, agent, null, actor(manager), null);
        set("2026-09-30T17:10");
        cases.start(id, actor(agent), null);
        set("2026-09-30T17:30");
        cases.waitOnCustomer(id, "Asked for a photo of the parcel", actor(agent), null);

        set("2026-10-08T11:45");
        monitor.check();
        assertThat(published.of(CaseSlaWarned.class, id))
                .as("waiting on the customer: no warning")
                .isEmpty();

        cases.start(id, actor(agent), null);
        assertThat(row(id).getResolutionDueAt())
                .as("moved by the 3 h 15 min of working time spent waiting, " + "across lunch")
                .isEqualTo(cn("2026-10-08T16:45"));
        assertThat(row(id).getSlaPausedAt()).isNull();

        set("2026-10-08T16:00");
        monitor.check();
        assertThat(published.of(CaseSlaWarned.class, id))
                .as("45 minutes left, warned at 30")
                .isEmpty();

        set("2026-10-08T16:20");
        monitor.check();
        monitor.check();
        var warnings = published.of(CaseSlaWarned.class, id);
        assertThat(warnings).as("warned once").hasSize(1);
        assertThat(warnings.getFirst().target()).isEqualTo(SlaTarget.RESOLUTION);
        assertThat(warnings.getFirst().notified()).containsExactly(agent);
        assertThat(row(id).getWarnedAt()).isNotNull();

        set("2026-10-08T16:46");
        var barrier = new CyclicBarrier(2);
        Callable<Integer> race = () -> {
            barrier.await();
            return monitor.check();
        };
        try (var pool = Executors.newFixedThreadPool(2)) {
            var a = pool.submit(race);
            var b = pool.submit(race);
            a.get();
            b.get();
        }
        monitor.check();

        var escalations = published.of(CaseEscalated.class, id);
        assertThat(escalations).as("escalated once, however many monitors").hasSize(1);
        var escalation = escalations.getFirst();
        assertThat(escalation.target()).isEqualTo(SlaTarget.RESOLUTION);
        assertThat(escalation.notified()).contains(manager, agent);
        assertThat(escalation.priorityFrom()).isEqualTo(CasePriority.HIGH);
        assertThat(escalation.priorityTo()).isEqualTo(CasePriority.URGENT);
        var notices = published.of(NotificationRequested.class, id).stream()
                .filter(n -> n.kind().equals("case-escalated"))
                .toList();
        assertThat(notices).hasSize(1);
        assertThat(notices.getFirst().recipients()).contains(manager);

        var after = row(id);
        assertThat(after.getResolutionBreached()).isTrue();
        assertThat(after.getFirstResponseBreached()).as("answered in time").isFalse();
        assertThat(after.getEscalatedAt()).isNotNull();
        assertThat(after.getPriority()).isEqualTo("URGENT");
        assertThat(after.getSlaPolicyId())
                .as("an escalated case keeps its plan")
                .isEqualTo(vipComplaints);
        // The audit trail records the escalation once, as the system's act.
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> auditedEscalations(id) > 0);
        assertThat(auditedEscalations(id)).isEqualTo(1);
    }

    private int auditedEscalations(UUID caseId) {
        return db.fetchCount(
                AUDIT_ENTRY,
                AUDIT_ENTRY
                        .ACTION
                        .eq("case.escalated")
                        .and(AUDIT_ENTRY.SUBJECT_ID.eq(caseId))
                        .and(AUDIT_ENTRY.ACTOR_ID.isNull()));
    }

    @Test
    void aPriorityChangePlansAgainAndACaseWithoutAPolicyHasNoSla() {
        set("2026-11-23T09:00");
        var id = open(vipCustomer, "COMPLAINT", "NORMAL");
        assertThat(row(id).getResolutionDueAt()).isEqualTo(cn("2026-11-23T14:30"));
        set("2026-11-23T09:20");
        cases.changePriority(id, "URGENT", actor(manager), null);
        var urgent = row(id);
        assertThat(urgent.getSlaPolicyId()).isEqualTo(vipUrgentComplaints);
        assertThat(urgent.getFirstResponseDueAt())
                .as("counted from the opening")
                .isEqualTo(cn("2026-11-23T09:30"));
        assertThat(urgent.getResolutionDueAt()).isEqualTo(cn("2026-11-23T11:00"));
        assertThat(planner.left(vipUrgentComplaints, urgent.getResolutionDueAt().toInstant(), clock.instant()))
                .as("business time left")
                .isEqualTo(java.time.Duration.ofMinutes(100));

        var none = open(ordinaryCustomer, "INQUIRY", "LOW");
        assertThat(row(none).getSlaPolicyId()).isNull();
        assertThat(row(none).getResolutionDueAt()).isNull();
    }

    @Test
    void aBreachWhileWaitingOrAfterResolvingIsNeverEscalated() {
        set("2026-11-24T09:00");
        var waiting = open(vipCustomer, "COMPLAINT", "HIGH");
        cases.assign(waiting, agent, null, actor(manager), null);
        cases.start(waiting, actor(agent), null);
        cases.waitOnCustomer(waiting, null, actor(agent), null);
        var resolved = open(vipCustomer, "COMPLAINT", "HIGH");
        cases.assign(resolved, agent, null, actor(manager), null);
        cases.start(resolved, actor(agent), null);
        cases.resolve(resolved, "Replaced the parcel", actor(agent), null);

        set("2026-11-27T09:00");
        monitor.check();
        assertThat(published.of(CaseEscalated.class, waiting)).isEmpty();
        assertThat(published.of(CaseSlaWarned.class, waiting)).isEmpty();
        assertThat(published.of(CaseEscalated.class, resolved)).isEmpty();
        assertThat(row(waiting).getEscalatedAt()).isNull();
        assertThat(row(resolved).getResolutionBreached()).isFalse();
    }
}
