package dev.dossier.tasks;

import static dev.dossier.db.Tables.TASK;
import static dev.dossier.tasks.TaskFixtures.aTask;
import static dev.dossier.tasks.TaskFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The task pages as people use them: from the timeline, the form, completing, the calendar, the report. */
@DossierTest
@AutoConfigureMockMvc
@Import(TaskTestConfig.class)
@TestPropertySource(properties = "dossier.tasks.reminder-poll=1s")
@Tag("clock")
class TaskPagesTest {

    private static final ZoneId ZONE = TestClock.zone();

    @LocalServerPort
    int port;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    DSLContext db;

    private RequestPostProcessor as(String username) {
        return user(userDetails.loadUserByUsername(username));
    }

    private String customer(RequestPostProcessor who, String name, String grade) throws Exception {
        var result = mvc.perform(post("/customers")
                        .with(who)
                        .with(csrf())
                        .param("type", "INDIVIDUAL")
                        .param("name", name)
                        .param("phones[0].type", "MOBILE")
                        .param("phones[0].number", TaskFixtures.mobile())
                        .param("grade", grade)
                        .param("lifecycleStage", "LEAD"))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        return result.getResponse().getRedirectedUrl().substring("/customers/".length());
    }

    private String page(String path, RequestPostProcessor who, Locale locale) throws Exception {
        return mvc.perform(get(path).with(who).locale(locale))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private UUID newestTask(String title) {
        return db.select(TASK.ID).from(TASK).where(TASK.TITLE.eq(title)).fetchOne(TASK.ID);
    }

    @Test
    void aTaskIsPlannedFromTheCustomersTimelineAndAPastDueTimeIsRefused() throws Exception {
        var sales = as(users.create(Role.SALES));
        var name = "Timeline " + unique();
        var id = customer(sales, name, "ORDINARY");
        var timeline = page("/customers/" + id + "?tab=timeline", sales, Locale.ENGLISH);
        assertThat(timeline).contains("/tasks/new?subject=customer:" + id, "New task");

        var fragment = mvc.perform(get("/tasks/new")
                        .param("subject", "customer:" + id)
                        .with(sales)
                        .header("HX-Request", "true")
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(fragment).doesNotContain("<html").contains(name, "name=\"title\"", "Follow-up");
        assertThat(page("/tasks/new?subject=customer:" + id, sales, Locale.ENGLISH))
                .contains("<html", name);

        var past = mvc.perform(post("/tasks")
                        .with(sales)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .header("HX-Request", "true")
                        .param("subject", "customer:" + id)
                        .param("title", "Too late")
                        .param(
                                "dueDate",
                                LocalDate.ofInstant(TestClock.now(), ZONE)
                                        .minusDays(1)
                                        .toString())
                        .param("dueTime", "09:00")
                        .param("kind", "FOLLOW_UP")
                        .param("back", "/customers/" + id + "?tab=timeline"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(past).contains("The due time is in the past", "Too late").doesNotContain("<html");
        assertThat(newestTask("Too late")).isNull();

        var title = "Call about the renewal " + unique();
        var saved = mvc.perform(post("/tasks")
                        .with(sales)
                        .with(csrf())
                        .header("HX-Request", "true")
                        .param("subject", "customer:" + id)
                        .param("title", title)
                        .param(
                                "dueDate",
                                LocalDate.ofInstant(TestClock.now(), ZONE)
                                        .plusDays(3)
                                        .toString())
                        .param("dueTime", "10:30")
                        .param("kind", "FOLLOW_UP")
                        .param("repeat", "MONTHLY")
                        .param("repeatEvery", "6")
                        .param("back", "/customers/" + id + "?tab=timeline"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(saved.getHeader("HX-Redirect")).isEqualTo("/customers/" + id + "?tab=timeline");
        assertThat(page("/customers/" + id + "?tab=timeline", sales, Locale.ENGLISH))
                .contains("Follow-up: " + title, "Open");
        var show = page("/tasks/" + newestTask(title), sales, Locale.ENGLISH);
        assertThat(show).contains(title, name, "every 6 months", "1 day before");
        assertThat(page("/tasks/" + newestTask(title), sales, Locale.SIMPLIFIED_CHINESE))
                .contains("每 6 个月", "跟进");

        var bad = mvc.perform(post("/tasks")
                        .with(sales)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("title", "Odd")
                        .param(
                                "dueDate",
                                LocalDate.ofInstant(TestClock.now(), ZONE)
                                        .plusDays(3)
                                        .toString())
                        .param("repeat", "WEEKLY")
                        .param("repeatEvery", "1")
                        .param("repeatDay", "15"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(bad).contains("goes only with monthly repeats");
    }

    @Test
    void theFormRefusesAnAssigneeWhoCannotOpenTheCustomerUnlessTheCustomerIsSharedWithThem() throws Exception {
        var owner = users.create(Role.SALES);
        var other = users.create(Role.SALES);
        var sales = as(owner);
        var id = customer(sales, "Hand-over " + unique(), "ORDINARY");
        var title = "Visit together " + unique();
        var refused = mvc.perform(post("/tasks")
                        .with(sales)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("subject", "customer:" + id)
                        .param("title", title)
                        .param(
                                "dueDate",
                                LocalDate.ofInstant(TestClock.now(), ZONE)
                                        .plusDays(2)
                                        .toString())
                        .param("dueTime", "10:00")
                        .param("assignee", "user:" + users.id(other)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused)
                .contains(
                        "class=\"field-error\">Test " + other + " cannot open this customer.",
                        "Share the customer with the assignee");
        assertThat(newestTask(title)).isNull();
        var chinese = mvc.perform(post("/tasks")
                        .with(sales)
                        .with(csrf())
                        .locale(Locale.SIMPLIFIED_CHINESE)
                        .param("subject", "customer:" + id)
                        .param("title", title)
                        .param(
                                "dueDate",
                                LocalDate.ofInstant(TestClock.now(), ZONE)
                                        .plusDays(2)
                                        .toString())
                        .param("assignee", "user:" + users.id(other)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(chinese).contains("Test " + other + " 无权查看该客户");

        mvc.perform(post("/tasks")
                        .with(sales)
                        .with(csrf())
                        .param("subject", "customer:" + id)
                        .param("title", title)
                        .param(
                                "dueDate",
                                LocalDate.ofInstant(TestClock.now(), ZONE)
                                        .plusDays(2)
                                        .toString())
                        .param("dueTime", "10:00")
                        .param("assignee", "user:" + users.id(other))
                        .param("shareCustomer", "true"))
                .andExpect(status().is3xxRedirection());
        assertThat(newestTask(title)).isNotNull();
        assertThat(page("/customers/" + id + "?tab=sharing", sales, Locale.ENGLISH))
                .contains("Test " + other);
        assertThat(page("/customers/" + id, as(other), Locale.ENGLISH)).contains("Hand-over");
    }

    @Test
    void completingAFollowUpWithAnInvalidInteractionShowsTheErrorsAndSavesNothing() throws Exception {
        var sales = as(users.create(Role.SALES));
        var id = customer(sales, "Complete " + unique(), "IMPORTANT");
        var title = "Follow up the offer " + unique();
        mvc.perform(post("/tasks")
                        .with(sales)
                        .with(csrf())
                        .param("subject", "customer:" + id)
                        .param("title", title)
                        .param(
                                "dueDate",
                                LocalDate.ofInstant(TestClock.now(), ZONE)
                                        .plusDays(1)
                                        .toString())
                        .param("kind", "FOLLOW_UP"))
                .andExpect(status().is3xxRedirection());
        var taskId = newestTask(title);
        var show = page("/tasks/" + taskId, sales, Locale.ENGLISH);
        assertThat(show).contains("Log the interaction with it", "name=\"channel\"");

        var refused = mvc.perform(post("/tasks/" + taskId + "/complete")
                        .with(sales)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("version", "0")
                        .param("logInteraction", "true")
                        .param("channel", "CALL")
                        .param("direction", "OUTBOUND")
                        .param("outcome", "REACHED")
                        .param("summary", ""))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused).contains("Required.", "aria-invalid=\"true\"");
        assertThat(db.select(TASK.STATUS).from(TASK).where(TASK.ID.eq(taskId)).fetchOne(TASK.STATUS))
                .isEqualTo("OPEN");

        mvc.perform(post("/tasks/" + taskId + "/complete")
                        .with(sales)
                        .with(csrf())
                        .param("version", "0")
                        .param("logInteraction", "true")
                        .param("channel", "VISIT")
                        .param("direction", "OUTBOUND")
                        .param("outcome", "REACHED")
                        .param("summary", "Signed"))
                .andExpect(status().is3xxRedirection());
        assertThat(page("/tasks/" + taskId, sales, Locale.ENGLISH))
                .contains("Done", "Reopen")
                .doesNotContain("Log the interaction with it");
    }

    @Test
    void theCalendarShowsATaskOnItsDayAndOverdueTasksStandOut() throws Exception {
        var name = users.create(Role.SALES);
        var sales = as(name);
        var title = "Board meeting " + unique();
        mvc.perform(post("/tasks")
                        .with(sales)
                        .with(csrf())
                        .param("title", title)
                        .param("dueDate", "2031-03-15")
                        .param("dueTime", "23:30"))
                .andExpect(status().is3xxRedirection());
        var calendar = page("/tasks/calendar?month=2031-03", sales, Locale.ENGLISH);
        assertThat(cell(calendar, "2031-03-15")).contains(title);
        assertThat(cell(calendar, "2031-03-16")).doesNotContain(title);
        assertThat(calendar).contains("March 2031", "month=2031-02", "month=2031-04", "tabindex=\"-1\"");
        assertThat(page("/tasks/calendar?month=2031-04", sales, Locale.ENGLISH)).doesNotContain(title);
        assertThat(page("/tasks/calendar?month=2031-03", sales, Locale.SIMPLIFIED_CHINESE))
                .contains("2031年3月");

        var late = "Overdue report " + unique();
        mvc.perform(post("/tasks")
                        .with(sales)
                        .with(csrf())
                        .param("title", late)
                        .param(
                                "dueDate",
                                LocalDate.ofInstant(TestClock.now(), ZONE)
                                        .plusDays(1)
                                        .toString()))
                .andExpect(status().is3xxRedirection());
        db.update(TASK)
                .set(TASK.DUE_AT, TestClock.utcNow().minusDays(2).minusHours(1))
                .where(TASK.ID.eq(newestTask(late)))
                .execute();
        var overdue = page("/tasks?view=OVERDUE", sales, Locale.ENGLISH);
        assertThat(overdue).contains(late, "overdue by 2 d", "class=\"overdue\"");
        assertThat(page("/tasks?view=OVERDUE", sales, Locale.SIMPLIFIED_CHINESE))
                .contains("已逾期 2 天");
        assertThat(page("/tasks?view=MINE", sales, Locale.ENGLISH)).contains(late, title);
    }

    private static String cell(String html, String date) {
        var m = Pattern.compile("data-date=\"" + date + "\"[^>]*>(.*?)</td>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("a cell for %s", date).isTrue();
        return m.group(1);
    }

    @Test
    void theReportCountsKnownTasksWithinTheReadersScope() throws Exception {
        var team = users.team(null);
        var first = users.createInTeam(team, Role.SALES);
        var second = users.createInTeam(team, Role.SALES);
        var manager = users.create(Role.MANAGER);
        var api1 = new ApiClient(port).signIn(first, TestUsers.PASSWORD);
        var api2 = new ApiClient(port).signIn(second, TestUsers.PASSWORD);
        // March 2020, in the organisation's zone: due on the 10th, 15th and 12th.
        var onTime = task(api1, "2020-03-10", "DONE", "2020-03-05");
        var late = task(api1, "2020-03-10", "DONE", "2020-03-20");
        var open = task(api1, "2020-03-15", "OPEN", null);
        task(api1, "2020-03-16", "CANCELLED", null);
        task(api2, "2020-03-12", "OPEN", null);
        assertThat(onTime).isNotEqualTo(late).isNotEqualTo(open);

        var own = page("/reports/tasks?from=2020-03-01&to=2020-03-31", as(first), Locale.ENGLISH);
        var firstName = "Test " + first;
        assertThat(row(own, firstName)).containsSubsequence(">3<", ">2<", ">67%<", ">1<", ">67%<");
        assertThat(own).doesNotContain("Test " + second).contains("Task completion", "data-chart");

        var all = page("/reports/tasks?from=2020-03-01&to=2020-03-31", as(manager), Locale.ENGLISH);
        assertThat(row(all, "Test " + second)).containsSubsequence(">1<", ">0<", ">0%<", ">0<", ">100%<");
        var teamName = db.select(dev.dossier.db.Tables.TEAM.NAME)
                .from(dev.dossier.db.Tables.TEAM)
                .where(dev.dossier.db.Tables.TEAM.ID.eq(team))
                .fetchOne(0, String.class);
        assertThat(row(all, teamName)).containsSubsequence(">4<", ">2<", ">50%<", ">1<", ">75%<");

        var csv = mvc.perform(get("/reports/tasks.csv?from=2020-03-01&to=2020-03-31")
                        .with(as(manager))
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv).contains("\"" + firstName + "\",3,2,67,1,67");
        mvc.perform(get("/reports/tasks.csv").with(as(first))).andExpect(status().isForbidden());
    }

    private String task(ApiClient api, String dueDay, String status, String completedDay) {
        var created = aTask("Report " + unique()).create(api);
        var id = UUID.fromString(created.get("id").asString());
        db.update(TASK)
                .set(
                        TASK.DUE_AT,
                        LocalDate.parse(dueDay).atTime(12, 0).atZone(ZONE).toOffsetDateTime())
                .set(TASK.STATUS, status)
                .set(
                        TASK.COMPLETED_AT,
                        completedDay == null
                                ? null
                                : LocalDate.parse(completedDay)
                                        .atTime(12, 0)
                                        .atZone(ZONE)
                                        .toOffsetDateTime())
                .where(TASK.ID.eq(id))
                .execute();
        return id.toString();
    }

    private static String row(String html, String name) {
        var m = Pattern.compile("<tr>\\s*<th scope=\"row\">" + Pattern.quote(name) + "</th>(.*?)</tr>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("a row for %s", name).isTrue();
        return m.group(1);
    }

    @Test
    void erasingTheCustomerAnonymisesItsTasks() {
        var manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var customerId = TaskFixtures.customer(manager, "Erase " + unique(), "ORDINARY");
        var task = aTask("Call Wang Fang on 13800138000")
                .aboutCustomer(customerId)
                .with("description", "Her daughter's school fees")
                .create(manager);
        var request = manager.post(
                        "/api/v1/privacy/requests",
                        ApiClient.json(Map.of(
                                "customerId",
                                customerId,
                                "kind",
                                "ERASURE",
                                "channel",
                                "EMAIL",
                                "requesterName",
                                "Wang Fang")))
                .json();
        var path = "/api/v1/privacy/requests/" + request.get("id").asString() + "/steps";
        var version = request.get("version").asInt();
        for (var step : new String[] {"VERIFY", "START", "COMPLETE"}) {
            var answer =
                    manager.post(path, ApiClient.json(Map.of("action", step, "version", version, "method", "ID card")));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            version = answer.json().get("version").asInt();
        }
        var row = db.selectFrom(TASK)
                .where(TASK.ID.eq(UUID.fromString(task.get("id").asString())))
                .fetchOne();
        assertThat(row.getTitle()).isEqualTo(TaskPersonalData.ERASED);
        assertThat(row.getDescription()).isNull();
        assertThat(row.getDueAt()).as("dates stay").isNotNull();
        assertThat(row.getKind()).isEqualTo("TODO");
    }

    @Test
    void rolesWithoutTheRightAreRefused() throws Exception {
        var finance = as(users.create(Role.FINANCE));
        mvc.perform(get("/tasks").with(finance)).andExpect(status().isOk());
        mvc.perform(get("/tasks/new").with(finance)).andExpect(status().isForbidden());
        mvc.perform(post("/tasks").with(finance).with(csrf()).param("title", "x"))
                .andExpect(status().isForbidden());
        var sales = as(users.create(Role.SALES));
        mvc.perform(get("/tasks/programmes").with(sales)).andExpect(status().isForbidden());
        var admin = as(TestUsers.ADMIN);
        assertThat(page("/tasks/programmes", admin, Locale.ENGLISH)).contains("New programme", "Every");
        mvc.perform(post("/tasks/programmes")
                        .with(admin)
                        .with(csrf())
                        .param("name", "Re-verify " + unique())
                        .param("title", "Check the details")
                        .param("kind", "VERIFICATION")
                        .param("repeat", "MONTHLY")
                        .param("repeatEvery", "6")
                        .param("stages", "CUSTOMER")
                        .param("assigneeRule", "OWNER")
                        .param("firstDueDays", "14"))
                .andExpect(status().is3xxRedirection());
        assertThat(page("/tasks/programmes", admin, Locale.ENGLISH)).contains("Check the details", "every 6 months");
    }
}
