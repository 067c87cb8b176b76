package dev.dossier.interactions;

import static dev.dossier.interactions.InteractionFixtures.customer;
import static dev.dossier.interactions.InteractionFixtures.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/** The reports' figures on known interactions, and the scope each role sees them in. */
@DossierTest
@AutoConfigureMockMvc
@Tag("clock")
class InteractionReportsTest {

    private static final String MARCH = "from=2024-03-01&to=2024-03-31";

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService userDetails;

    /** A page or download as the user's browser gets it. */
    private MockHttpServletResponse page(String username, String path) throws Exception {
        return mvc.perform(get(path)
                        .with(user(userDetails.loadUserByUsername(username)))
                        .locale(Locale.ENGLISH))
                .andReturn()
                .getResponse();
    }

    private static Map<String, JsonNode> byChannel(JsonNode report) {
        var map = new HashMap<String, JsonNode>();
        report.get("channels").forEach(c -> map.put(c.get("channel").asString(), c));
        return map;
    }

    private static void at(ApiClient api, String customerId, String day, Map<String, Object> extra) {
        var body = new HashMap<String, Object>(extra);
        body.put("startedAt", day + "T10:00:00+08:00");
        log(api, "customer:" + customerId, body);
    }

    @Test
    void theReportsCountAverageAndRateWithinTheScopeOfEachRole() throws Exception {
        var team = users.team(null);
        var first = users.createInTeam(team, Role.SALES);
        var second = users.createInTeam(team, Role.SALES);
        var alice = new ApiClient(port).signIn(first, TestUsers.PASSWORD);
        var bob = new ApiClient(port).signIn(second, TestUsers.PASSWORD);
        var managerName = users.create(Role.MANAGER);
        var manager = new ApiClient(port).signIn(managerName, TestUsers.PASSWORD);
        var aliceCustomer = customer(alice, "Alice's " + UUID.randomUUID());
        var bobCustomer = customer(bob, "Bob's " + UUID.randomUUID());

        at(alice, aliceCustomer, "2024-03-04", Map.of("satisfaction", 4, "followUpSucceeded", true));
        at(alice, aliceCustomer, "2024-03-05", Map.of("satisfaction", 2, "followUpSucceeded", false));
        at(alice, aliceCustomer, "2024-03-31", Map.of("followUpSucceeded", true));
        at(
                alice,
                aliceCustomer,
                "2024-03-06",
                Map.of("channel", "EMAIL", "satisfaction", 5, "outcome", "NEEDS_FOLLOW_UP"));
        at(alice, aliceCustomer, "2024-04-01", Map.of("channel", "VISIT"));
        at(bob, bobCustomer, "2024-03-10", Map.of("satisfaction", 1, "followUpSucceeded", false));

        var aliceId = users.id(first);
        var ofAlice = byChannel(manager.get("/api/v1/reports/channels?" + MARCH + "&ownerId=" + aliceId)
                .json());
        assertThat(ofAlice.get("CALL").get("interactions").asLong()).isEqualTo(3);
        assertThat(ofAlice.get("CALL").get("averageSatisfaction").asDouble()).isEqualTo(3.0);
        assertThat(ofAlice.get("CALL").get("followUpSuccessRate").asDouble()).isEqualTo(0.667);
        assertThat(ofAlice.get("EMAIL").get("interactions").asLong()).isEqualTo(1);
        assertThat(ofAlice.get("EMAIL").get("averageSatisfaction").asDouble()).isEqualTo(5.0);
        assertThat(ofAlice.get("EMAIL").get("followUpSuccessRate").isNull()).isTrue();
        assertThat(ofAlice.get("VISIT").get("interactions").asLong()).isZero();

        var ofTeam = byChannel(manager.get("/api/v1/reports/channels?" + MARCH + "&teamId=" + team)
                .json());
        assertThat(ofTeam.get("CALL").get("interactions").asLong()).isEqualTo(4);
        assertThat(ofTeam.get("CALL").get("averageSatisfaction").asDouble()).isEqualTo(2.33);
        assertThat(ofTeam.get("CALL").get("followUpSuccessRate").asDouble()).isEqualTo(0.5);

        // Sales people reach their own interactions only, whatever they ask for.
        var aliceSees = byChannel(alice.get("/api/v1/reports/channels?" + MARCH).json());
        assertThat(aliceSees.get("CALL").get("interactions").asLong()).isEqualTo(3);
        var bobSees = byChannel(bob.get("/api/v1/reports/channels?" + MARCH + "&ownerId=" + aliceId)
                .json());
        assertThat(bobSees.get("CALL").get("interactions").asLong()).isZero();

        var csv = page(managerName, "/reports/follow-ups.csv?period=custom&" + MARCH + "&teamId=" + team)
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv)
                .contains("Owner,Team,Contacts,With a follow-up result,Follow-up success rate,Needing follow-up");
        assertThat(csv).contains("Test " + first + ",Team ");
        assertThat(csv.lines()
                        .filter(l -> l.startsWith("Test " + first))
                        .findFirst()
                        .orElseThrow())
                .endsWith(",4,3,0.667,1");
        assertThat(csv.lines()
                        .filter(l -> l.startsWith("Test " + second))
                        .findFirst()
                        .orElseThrow())
                .endsWith(",1,1,0.0,0");

        // Both customers were last contacted in spring 2024: each sales person's quiet list holds their own.
        var alicePage = page(first, "/reports/frequency?days=90").getContentAsString(StandardCharsets.UTF_8);
        assertThat(alicePage).contains("Alice&#39;s").doesNotContain("Bob&#39;s");
        assertThat(alicePage).contains("2024-04-01");
        var frequency = page(managerName, "/reports/frequency.csv?period=custom&" + MARCH + "&teamId=" + team)
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(frequency).contains("Alice's", "Bob's");
        assertThat(frequency
                        .lines()
                        .filter(l -> l.startsWith("Alice's"))
                        .findFirst()
                        .orElseThrow())
                .contains(",4,2024-04-01,");
    }

    @Test
    void aCustomerInTheTrashLeavesTheListOfCustomersNotContacted() throws Exception {
        var seller = users.create(Role.SALES);
        var api = new ApiClient(port).signIn(seller, TestUsers.PASSWORD);
        var kept = "Kept " + UUID.randomUUID();
        var trashed = "Trashed " + UUID.randomUUID();
        at(api, customer(api, kept), "2024-05-02", Map.of());
        var trashedId = customer(api, trashed);
        at(api, trashedId, "2024-05-03", Map.of());
        assertThat(page(seller, "/reports/frequency?days=90").getContentAsString(StandardCharsets.UTF_8))
                .contains(kept, trashed);

        assertThat(api.delete("/api/v1/customers/" + trashedId).status()).isEqualTo(204);
        assertThat(page(seller, "/reports/frequency?days=90").getContentAsString(StandardCharsets.UTF_8))
                .contains(kept)
                .doesNotContain(trashed);
    }

    @Test
    void aRoleWithoutExportCannotDownloadWhileAnAuditorCan() throws Exception {
        assertThat(page(users.create(Role.SALES), "/reports/channels.csv").getStatus())
                .isEqualTo(403);
        var download = page(users.create(Role.AUDITOR), "/reports/channels.csv");
        assertThat(download.getStatus()).isEqualTo(200);
        assertThat(download.getContentAsString(StandardCharsets.UTF_8)).startsWith("\uFEFFChannel,Contacts");
    }
}
