package dev.dossier.notifications;

import static dev.dossier.db.Tables.CUSTOMER_EMAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.dossier.DossierTest;
import dev.dossier.db.tables.records.CustomerEmailRecord;
import dev.dossier.identity.Role;
import dev.dossier.shared.ConsentCheck;
import dev.dossier.shared.CustomerEmailRequested;
import dev.dossier.support.ApiClient;
import dev.dossier.support.Consents;
import dev.dossier.support.TestUsers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox writes to a customer for a purpose only while the customer's consent for it is in force, checked when
 * the email goes out: without consent, or with consent withdrawn after the email was asked for, it is skipped and
 * the delivery log says why. An email about the customer's own case needs no consent.
 */
@DossierTest
class CustomerEmailConsentTest extends OutboxTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DSLContext db;

    @Autowired
    TestUsers users;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService userDetails;

    private ApiClient officer;
    private String officerName;

    @BeforeEach
    void signIn() {
        officerName = users.create(Role.MANAGER);
        officer = new ApiClient(port).signIn(officerName, TestUsers.PASSWORD);
    }

    private String log(String customerId) throws Exception {
        return mvc.perform(get("/notifications/customers/" + customerId + "/emails")
                        .with(user(userDetails.loadUserByUsername(officerName)))
                        .locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private String customer() {
        var answer = officer.post(
                "/api/v1/customers",
                ApiClient.json(Map.of(
                        "type",
                        "INDIVIDUAL",
                        "name",
                        "Consent mail " + unique(),
                        "emails",
                        List.of(Map.of("address", address())))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String address() {
        return "mail-" + unique() + "@customer.example.com";
    }

    /** Asks for a survey-like email and waits until the outbox keeps it. */
    private CustomerEmailRecord request(String customerId, String to, String purpose, String locale) {
        var key = "test:" + UUID.randomUUID();
        transactions.executeWithoutResult(tx -> events.publishEvent(new CustomerEmailRequested(
                UUID.fromString(customerId),
                to,
                locale,
                "surveys.nps.email.subject",
                "surveys.nps.email.body",
                List.of("Spring"),
                "/public/surveys/" + key,
                key,
                purpose)));
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> db.fetchOne(CUSTOMER_EMAIL, CUSTOMER_EMAIL.DEDUP_KEY.eq(key)), r -> r != null);
    }

    private CustomerEmailRecord reload(CustomerEmailRecord row) {
        return db.fetchOne(CUSTOMER_EMAIL, CUSTOMER_EMAIL.ID.eq(row.getId()));
    }

    @Test
    void aSurveyGoesToACustomerWhoConsentedAndIsSkippedForOneWhoDidNot() throws Exception {
        var consented = customer();
        Consents.give(officer, consented, ConsentCheck.SERVICE_COMMUNICATION);
        var stranger = customer();
        // Consent to marketing is not consent to surveys.
        Consents.give(officer, stranger, ConsentCheck.MARKETING);
        var yes = address();
        var no = address();

        var sent = request(consented, yes, ConsentCheck.SERVICE_COMMUNICATION, "en");
        var skipped = request(stranger, no, ConsentCheck.SERVICE_COMMUNICATION, "en");
        assertThat(skipped.getStatus()).isEqualTo("SKIPPED");
        assertThat(skipped.getSkipReason()).isEqualTo("NO_CONSENT");
        sendDueEmails();

        assertThat(reload(sent).getStatus()).isEqualTo("SENT");
        assertThat(reload(sent).getPurpose()).isEqualTo(ConsentCheck.SERVICE_COMMUNICATION);
        assertThat(receivedBy(yes)).hasSize(1);
        assertThat(reload(skipped).getStatus()).isEqualTo("SKIPPED");
        assertThat(receivedBy(no)).isEmpty();
        assertThat(log(stranger)).contains("Skipped: no consent", "Survey (service communication)");
        assertThat(log(consented)).contains("Sent").doesNotContain("Skipped");
        // Sales people are refused the log, as they are the consents.
        var seller = user(userDetails.loadUserByUsername(users.create(Role.SALES)));
        assertThat(mvc.perform(get("/notifications/customers/" + stranger + "/emails")
                                .with(seller))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
    }

    @Test
    void aConsentWithdrawnBetweenAskingAndSendingStopsTheEmail() throws Exception {
        var customerId = customer();
        var consentId = Consents.give(officer, customerId, ConsentCheck.SERVICE_COMMUNICATION);
        var to = address();
        var row = request(customerId, to, ConsentCheck.SERVICE_COMMUNICATION, "en");
        assertThat(row.getStatus()).isEqualTo("PENDING");

        Consents.withdraw(officer, customerId, consentId);
        assertThat(sendDueEmails()).isZero();

        row = reload(row);
        assertThat(row.getStatus()).isEqualTo("SKIPPED");
        assertThat(row.getSkipReason()).isEqualTo("CONSENT_WITHDRAWN");
        assertThat(row.getNextAt()).isNull();
        assertThat(receivedBy(to)).isEmpty();
        assertThat(log(customerId)).contains("Skipped: consent withdrawn");
    }

    @Test
    void anEmailAboutTheCustomersOwnCaseNeedsNoConsent() {
        var customerId = customer();
        var to = address();
        var row = request(customerId, to, CustomerEmailRequested.OWN_CASE, "en");
        sendDueEmails();
        assertThat(reload(row).getStatus()).isEqualTo("SENT");
        assertThat(receivedBy(to)).hasSize(1);
    }

    @Test
    void aCustomerWhoWritesInALanguageWithoutABundleIsWrittenToInEnglish() {
        var customerId = customer();
        var to = address();
        request(customerId, to, CustomerEmailRequested.OWN_CASE, "de");
        sendDueEmails();
        assertThat(receivedBy(to)).singleElement().satisfies(m -> {
            assertThat(m.getSubject()).isEqualTo("One question: would you recommend us?");
            assertThat(text(m)).contains("How likely are you to recommend us");
        });
    }
}
