package dev.dossier.tasks;

import static dev.dossier.db.Tables.TASK;
import static dev.dossier.tasks.TaskFixtures.aTask;
import static dev.dossier.tasks.TaskFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * The lists that depend on the day: overdue, this week, and the calendar's today, read with the application's clock
 * fixed at the instants where a week, a year or the clocks change, in a zone with daylight saving time. Whatever day
 * the build runs, these answers are the same.
 */
@DossierTest
@AutoConfigureMockMvc
@Import(TaskTestConfig.class)
@TestPropertySource(properties = {"dossier.tasks.reminder-poll=1h", "dossier.time-zone=Europe/London"})
class TaskWeekBoundariesTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    TestClock clock;

    static Stream<Arguments> instants() {
        return Stream.of(
                Arguments.of(
                        "Monday 00:05",
                        OffsetDateTime.parse("2027-01-04T00:05:00Z").toInstant()),
                Arguments.of(
                        "Sunday 23:55",
                        OffsetDateTime.parse("2027-01-10T23:55:00Z").toInstant()),
                Arguments.of(
                        "New Year's Eve 23:55",
                        OffsetDateTime.parse("2026-12-31T23:55:00Z").toInstant()),
                // Clocks go forward at 01:00 GMT on Sunday 28 March 2027, back at 01:00 GMT on Sunday 31 October.
                Arguments.of(
                        "before summer time",
                        OffsetDateTime.parse("2027-03-28T00:30:00Z").toInstant()),
                Arguments.of(
                        "summer time's first hour",
                        OffsetDateTime.parse("2027-03-28T01:30:00Z").toInstant()),
                Arguments.of(
                        "the hour that repeats",
                        OffsetDateTime.parse("2027-10-31T00:30:00Z").toInstant()),
                Arguments.of(
                        "Sunday night in summer",
                        OffsetDateTime.parse("2027-06-27T22:55:00Z").toInstant()));
    }

    @AfterEach
    void backToTheWallClock() {
        clock.reset();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instants")
    void overdueAndThisWeekFollowTheOrganisationsWeek(String when, Instant now) throws Exception {
        clock.pinAt(now);
        var team = users.team(null);
        var seller = users.createInTeam(team, Role.SALES);
        var api = new ApiClient(port).signIn(seller, TestUsers.PASSWORD);

        var local = now.atZone(LONDON);
        var monday = local.toLocalDate()
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .atStartOfDay(LONDON)
                .toOffsetDateTime();
        var nextMonday = local.toLocalDate()
                .with(TemporalAdjusters.next(DayOfWeek.MONDAY))
                .atStartOfDay(LONDON)
                .toOffsetDateTime();
        var at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);

        var soon = create(api, "Soon", at.plusMinutes(1));
        var lastSecondOfWeek = create(api, "Last second", nextMonday.minusSeconds(1));
        var firstSecondOfNextWeek = create(api, "Next week", nextMonday);
        var earlierThisWeek = create(api, "Earlier this week", at.plusMinutes(1));
        moveDue(earlierThisWeek, monday.plus(Duration.between(monday, at).dividedBy(2)));
        var lastWeek = create(api, "Last week", at.plusMinutes(1));
        moveDue(lastWeek, monday.minusSeconds(1));

        var week = ids(api, "WEEK");
        assertThat(week)
                .as("this week at %s (%s)", when, local)
                .contains(soon, lastSecondOfWeek, earlierThisWeek)
                .doesNotContain(firstSecondOfNextWeek, lastWeek);
        var overdue = ids(api, "OVERDUE");
        assertThat(overdue)
                .as("overdue at %s (%s)", when, local)
                .contains(earlierThisWeek, lastWeek)
                .doesNotContain(soon, lastSecondOfWeek, firstSecondOfNextWeek);

        var calendar = mvc.perform(get("/tasks/calendar")
                        .with(user(userDetails.loadUserByUsername(seller)))
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var cells = Pattern.compile("<td[^>]*>").matcher(calendar);
        var todays = new ArrayList<String>();
        while (cells.find()) {
            var cell = cells.group();
            var date = Pattern.compile("data-date=\"([0-9-]+)\"").matcher(cell);
            if (cell.matches("(?s).*class=\"[^\"]*\\btoday\\b.*") && date.find()) {
                todays.add(date.group(1));
            }
        }
        assertThat(todays)
                .as("the day the calendar marks as today at %s", when)
                .containsExactly(local.toLocalDate().toString());
    }

    private static String create(ApiClient api, String title, OffsetDateTime due) {
        return aTask(title + " " + unique()).due(due).create(api).get("id").asString();
    }

    private void moveDue(String id, OffsetDateTime due) {
        db.update(TASK)
                .set(TASK.DUE_AT, due)
                .where(TASK.ID.eq(UUID.fromString(id)))
                .execute();
    }

    private static List<String> ids(ApiClient api, String view) {
        var seen = new ArrayList<String>();
        String cursor = null;
        do {
            JsonNode page = api.get(
                            "/api/v1/tasks?view=" + view + "&limit=200" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        return seen;
    }
}
