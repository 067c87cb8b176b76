package dev.dossier.notifications;

import static dev.dossier.db.Tables.CUSTOMER_EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.dossier.DossierTest;
import dev.dossier.keys.FieldCipher;
import dev.dossier.shared.CustomerEmailRequested;
import dev.dossier.support.TestClock;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Emails to customers go out through a real SMTP server running in the test: once per key, in the language asked
 * for, with the link made absolute; refused ones are retried and given up after eight attempts; erasing the customer
 * anonymises them.
 */
@DossierTest
class CustomerEmailTest {

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
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DSLContext db;

    @Autowired
    MailOutbox outbox;

    @Autowired
    NotificationPersonalData personalData;

    private void publish(CustomerEmailRequested request) {
        transactions.executeWithoutResult(status -> events.publishEvent(request));
    }

    private static CustomerEmailRequested email(UUID customerId, String to, String locale, String text, String key) {
        return new CustomerEmailRequested(
                customerId,
                to,
                locale,
                "notification.email.subject",
                "notification.email.body",
                List.of("Zhang San", text, "-", "-"),
                "/public/surveys/" + key,
                key,
                CustomerEmailRequested.OWN_CASE);
    }

    @Test
    void anEmailIsSentOncePerKeyInTheCustomersLanguageWithAnAbsoluteLink() throws Exception {
        var customer = UUID.randomUUID();
        var key = "survey:" + UUID.randomUUID();
        var to = "zhang-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example.com";
        var text = "您的问题已解决 " + key;
        publish(email(customer, to, "zh-CN", text, key));
        publish(email(customer, to, "zh-CN", text, key));

        var message = awaitMail(to, key);
        assertThat(message.getSubject()).startsWith("Dossier：");
        assertThat(body(message)).contains("https://crm.example.com/public/surveys/" + key);
        // The second request stays without effect while the outbox goes on polling.
        org.awaitility.Awaitility.await()
                .during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> SMTP.getReceivedMessagesForDomain(to).length == 1);
        assertThat(db.fetchCount(CUSTOMER_EMAIL, CUSTOMER_EMAIL.DEDUP_KEY.eq(key)))
                .isEqualTo(1);
        assertThat(db.select(CUSTOMER_EMAIL.STATUS)
                        .from(CUSTOMER_EMAIL)
                        .where(CUSTOMER_EMAIL.DEDUP_KEY.eq(key))
                        .fetchOne(CUSTOMER_EMAIL.STATUS))
                .isEqualTo("SENT");
        assertThat(db.select(CUSTOMER_EMAIL.TO_ADDRESS)
                        .from(CUSTOMER_EMAIL)
                        .where(CUSTOMER_EMAIL.DEDUP_KEY.eq(key))
                        .fetchOne(CUSTOMER_EMAIL.TO_ADDRESS))
                .as("the outbox keeps the address encrypted")
                .startsWith(FieldCipher.PREFIX)
                .doesNotContain(to);

        var english = "english-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example.com";
        var enKey = "survey:" + UUID.randomUUID();
        publish(email(customer, english, "en", "Your case is resolved", enKey));
        assertThat(awaitMail(english, enKey).getSubject()).isEqualTo("Dossier: Zhang San");
    }

    @Test
    void aRefusedEmailIsRetriedWithGrowingPausesAndFailsAfterEightAttempts() throws Exception {
        var customer = UUID.randomUUID();
        var key = "survey:" + UUID.randomUUID();
        SMTP.stop();
        try {
            publish(email(customer, "nobody@customer.example.com", "en", "Refused", key));
            await(() -> db.fetchOptional(CUSTOMER_EMAIL, CUSTOMER_EMAIL.DEDUP_KEY.eq(key))
                    .map(r -> r.getAttempts() >= 1)
                    .orElse(false));
            var row = db.fetchOne(CUSTOMER_EMAIL, CUSTOMER_EMAIL.DEDUP_KEY.eq(key));
            assertThat(row.getStatus()).isEqualTo("PENDING");
            assertThat(row.getLastError()).isNotBlank();
            assertThat(row.getNextAt()).isAfter(TestClock.utcNow().plusSeconds(10));

            // As if seven refusals had passed: the eighth gives up.
            db.update(CUSTOMER_EMAIL)
                    .set(CUSTOMER_EMAIL.ATTEMPTS, 7)
                    .set(CUSTOMER_EMAIL.NEXT_AT, TestClock.utcNow().minusMinutes(1))
                    .where(CUSTOMER_EMAIL.DEDUP_KEY.eq(key))
                    .execute();
            outbox.sendPending();
            row = db.fetchOne(CUSTOMER_EMAIL, CUSTOMER_EMAIL.DEDUP_KEY.eq(key));
            assertThat(row.getStatus()).isEqualTo("FAILED");
            assertThat(row.getAttempts()).isEqualTo(8);
            assertThat(row.getNextAt()).isNull();
        } finally {
            SMTP.start();
        }
    }

    @Test
    void erasingTheCustomerAnonymisesItsEmailsAndStopsThoseNotYetSent() throws Exception {
        var customer = UUID.randomUUID();
        var key = "survey:" + UUID.randomUUID();
        SMTP.stop();
        try {
            // Refused once, so it waits for its retry.
            publish(email(customer, "erase-me@customer.example.com", "en", "Secret subject", key));
            await(() -> db.fetchOptional(CUSTOMER_EMAIL, CUSTOMER_EMAIL.DEDUP_KEY.eq(key))
                    .map(r -> r.getAttempts() >= 1)
                    .orElse(false));
            assertThat(personalData.export(customer).toString()).contains("erase-me@customer.example.com");

            transactions.executeWithoutResult(status -> personalData.erase(customer));
            var row = db.fetchOne(CUSTOMER_EMAIL, CUSTOMER_EMAIL.DEDUP_KEY.eq(key));
            assertThat(row.getToAddress()).isEqualTo("—");
            assertThat(row.getArgs()).doesNotContain("Secret", "Zhang San");
            assertThat(row.getLink()).isNull();
            assertThat(row.getStatus()).isEqualTo("NONE");
            assertThat(personalData.export(customer).toString()).doesNotContain("erase-me");
        } finally {
            SMTP.start();
        }
    }

    private static MimeMessage awaitMail(String to, String text) {
        return org.awaitility.Awaitility.await("an email to " + to + " containing " + text)
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            for (var message : SMTP.getReceivedMessagesForDomain(to)) {
                                if (body(message).contains(text)) {
                                    return message;
                                }
                            }
                            return null;
                        },
                        java.util.Objects::nonNull);
    }

    private static String body(MimeMessage message) throws Exception {
        return String.valueOf(message.getContent());
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
