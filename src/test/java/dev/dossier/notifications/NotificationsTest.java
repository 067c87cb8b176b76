package dev.dossier.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.shared.NotificationRequested;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notices reach their recipients: on the bell, in the list and the API, and by email through a real SMTP server
 * running in the test, in the recipient's language, once per key, and again after the server refused them.
 */
@DossierTest
@AutoConfigureMockMvc
class NotificationsTest {

    static final int SMTP_PORT = freePort();
    static final GreenMail SMTP = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("dossier.mail.poll", () -> "1s");
        registry.add("dossier.base-url", () -> "https://crm.example.com");
    }

    @Autowired
    TestUsers users;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    DSLContext db;

    @Autowired
    MailOutbox outbox;

    @Autowired
    NotificationStore store;

    @LocalServerPort
    int port;

    private void publish(NotificationRequested notice) {
        transactions.executeWithoutResult(status -> events.publishEvent(notice));
    }

    private static NotificationRequested notice(Set<UUID> to, UUID actor, String text, String key) {
        return new NotificationRequested(
                to, "mention", "notification.email.subject", List.of(text), "/customers", null, actor, key);
    }

    @Test
    void aNoticeReachesTheBellTheListTheApiAndTheMailboxButNotTheActor() throws Exception {
        var alice = users.create(Role.SALES);
        var bob = users.create(Role.SALES);
        var aliceId = users.id(alice);
        var bobId = users.id(bob);
        var text = "Call Zhang San back " + UUID.randomUUID();
        long sentAt = System.nanoTime();
        publish(notice(Set.of(aliceId, bobId), bobId, text, null));

        var api = new ApiClient(port).signIn(alice, TestUsers.PASSWORD);
        await(() -> api.get("/api/v1/notifications").body().contains(text));
        var page = api.get("/api/v1/notifications").json();
        assertThat(page.get("unread").asInt()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("link").asString()).isEqualTo("/customers");
        assertThat(new ApiClient(port)
                        .signIn(bob, TestUsers.PASSWORD)
                        .get("/api/v1/notifications")
                        .body())
                .doesNotContain(text);

        var who = user(userDetails.loadUserByUsername(alice));
        var bell = mvc.perform(get("/notifications/bell").with(who))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(bell).contains("class=\"count\"").contains(">1<");
        var list = mvc.perform(get("/notifications").with(who).locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).contains(text).contains("Mark all read");

        // The email arrives within the minute, to Alice only, with a link into Dossier.
        var message = awaitMail(alice + "@test.example.com", text);
        double seconds = (System.nanoTime() - sentAt) / 1e9;
        assertThat(seconds).isLessThan(60);
        assertThat(GreenMailUtil.getBody(message)).contains("https://crm.example.com/customers");
        assertThat(SMTP.getReceivedMessagesForDomain(bob + "@test.example.com")).isEmpty();
        // The outbox marks the row once the server has taken the message, a moment after it arrived.
        await(() ->
                "SENT".equals(db.fetchValue("select email_status from notification where recipient_id = ?", aliceId)));

        // Opening it marks it read and leads to what it is about.
        var id = page.get("items").get(0).get("id").asString();
        mvc.perform(get("/notifications/" + id + "/open").with(who))
                .andExpect(status().is3xxRedirection())
                .andExpect(result ->
                        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/customers"));
        assertThat(api.get("/api/v1/notifications").json().get("unread").asInt())
                .isZero();
        // Someone else's notice is not found.
        assertThat(new ApiClient(port)
                        .signIn(bob, TestUsers.PASSWORD)
                        .post("/api/v1/notifications/" + id + "/read", "{}")
                        .status())
                .isEqualTo(404);
    }

    /** Deliveries of one keyed notice at the same moment write it once for each enabled recipient, and none else. */
    @Test
    void deliveriesOfOneNoticeAtTheSameMomentWriteItOncePerEnabledRecipient() throws Exception {
        var dave = users.id(users.create(Role.SALES));
        var erin = users.id(users.create(Role.SALES));
        var gone = users.id(users.create(Role.SALES));
        db.execute("update app_user set enabled = false where id = ?", gone);
        var n = dev.dossier.db.Tables.NOTIFICATION;
        int writers = 6;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
            for (int round = 0; round < 5; round++) {
                var request = notice(Set.of(dave, erin, gone), null, "Round " + round, "race:" + UUID.randomUUID());
                var start = new java.util.concurrent.CountDownLatch(1);
                var deliveries = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
                for (int w = 0; w < writers; w++) {
                    deliveries.add(pool.submit(() -> {
                        start.await();
                        return store.deliver(request);
                    }));
                }
                start.countDown();
                int written = 0;
                for (var delivery : deliveries) {
                    written += delivery.get();
                }
                assertThat(written).isEqualTo(2);
                var recipients = db.select(n.RECIPIENT_ID)
                        .from(n)
                        .where(n.DEDUP_KEY.eq(request.key()))
                        .fetch(n.RECIPIENT_ID);
                assertThat(recipients).containsExactlyInAnyOrder(dave, erin);
            }
        }
    }

    @Test
    void theSameNoticeIsDeliveredOnceAndEachReaderReadsItInTheirLanguage() throws Exception {
        var carol = users.create(Role.SERVICE);
        var carolId = users.id(carol);
        db.execute("update app_user set locale = 'en' where id = ?", carolId);
        var key = "task-due:" + UUID.randomUUID();
        publish(notice(Set.of(carolId), null, "Renew the contract", key));
        publish(notice(Set.of(carolId), null, "Renew the contract", key));
        var api = new ApiClient(port).signIn(carol, TestUsers.PASSWORD);
        await(() -> api.get("/api/v1/notifications").json().get("items").size() == 1);
        var message = awaitMail(carol + "@test.example.com", "Renew the contract");
        assertThat(message.getSubject()).isEqualTo("Dossier: Dossier: Renew the contract");
        assertThat(GreenMailUtil.getBody(message)).contains("Hello Test " + carol);
        // The second publication stays without effect while the outbox goes on polling.
        org.awaitility.Awaitility.await()
                .during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> db.fetchCount(db.selectFrom("notification").where("recipient_id = ?", carolId)) == 1);
        var who = user(userDetails.loadUserByUsername(carol));
        var zh = mvc.perform(get("/notifications").with(who).locale(Locale.SIMPLIFIED_CHINESE))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(zh).contains("Dossier：Renew the contract").contains("全部标为已读");
        mvc.perform(post("/notifications/read-all").with(who).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(api.get("/api/v1/notifications?unread=true")
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }

    @Test
    void aRefusedEmailIsTriedAgainLaterAndThenDelivered() throws Exception {
        var dave = users.create(Role.SALES);
        var daveId = users.id(dave);
        var text = "Quarterly review " + UUID.randomUUID();
        SMTP.stop();
        try {
            publish(notice(Set.of(daveId), null, text, null));
            await(() -> db.fetchOptional("select email_attempts from notification where recipient_id = ?", daveId)
                    .map(r -> r.get(0, Integer.class) >= 1)
                    .orElse(false));
            var row = db.fetchOne(
                    "select email_status, email_error, email_next_at from notification " + "where recipient_id = ?",
                    daveId);
            assertThat(row.get(0, String.class)).isEqualTo("PENDING");
            assertThat(row.get(1, String.class)).isNotBlank();
        } finally {
            SMTP.start();
        }
        // The retry is due later; bring it forward as if the pause had passed.
        db.execute(
                "update notification set email_next_at = email_next_at - interval '1' hour where recipient_id = ?",
                daveId);
        outbox.sendPending();
        awaitMail(dave + "@test.example.com", text);
        await(() ->
                "SENT".equals(db.fetchValue("select email_status from notification where recipient_id = ?", daveId)));
    }

    @Test
    void aTaskDueNoticeIsEmailedWithinAMinuteOfItsDueTime() throws Exception {
        var team = users.team(null);
        var seller = new ApiClient(port).signIn(users.createInTeam(team, Role.SALES), TestUsers.PASSWORD);
        var colleague = users.createInTeam(team, Role.SALES);
        var title = "Ring back " + UUID.randomUUID().toString().substring(0, 8);
        var due = TestClock.utcNow().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var task = seller.post(
                "/api/v1/tasks",
                ApiClient.json(java.util.Map.of(
                        "title",
                        title,
                        "assigneeId",
                        users.id(colleague).toString(),
                        "dueAt",
                        due.toString(),
                        "reminder",
                        "AT_DUE")));
        assertThat(task.status()).as(task.body()).isEqualTo(201);

        java.time.OffsetDateTime emailedAt = org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .until(
                        () -> db.fetchOptional(
                                        "select emailed_at from notification where recipient_id = ? and kind = ?",
                                        users.id(colleague),
                                        "task-due")
                                .map(r -> r.get(0, java.time.OffsetDateTime.class))
                                .orElse(null),
                        java.util.Objects::nonNull);
        assertThat(emailedAt).as("the due notice was emailed").isNotNull();
        double late = Duration.between(due, emailedAt).toMillis() / 1000.0;
        System.out.printf("Task due notice emailed %.1f s after the due time%n", late);
        assertThat(late).isBetween(0.0, 60.0);
        assertThat(SMTP.getReceivedMessagesForDomain(colleague + "@test.example.com"))
                .anyMatch(m -> GreenMailUtil.getBody(m).contains(title));
    }

    private static MimeMessage awaitMail(String to, String text) {
        return org.awaitility.Awaitility.await("an email to " + to + " containing " + text)
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> java.util.Arrays.stream(SMTP.getReceivedMessagesForDomain(to))
                                .filter(m -> GreenMailUtil.getBody(m).contains(text))
                                .findFirst()
                                .orElse(null),
                        java.util.Objects::nonNull);
    }

    private static void await(BooleanSupplier condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(condition::getAsBoolean);
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
