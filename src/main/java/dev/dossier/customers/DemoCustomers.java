package dev.dossier.customers;

import static dev.dossier.db.Tables.CUSTOMER;

import dev.dossier.customers.ContactPoints.EmailInput;
import dev.dossier.customers.ContactPoints.PhoneInput;
import dev.dossier.customers.ContactPoints.SocialInput;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.Actor;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code --dossier.demo=true}, loads the curated bilingual sample of customers and contacts shipped in the
 * jar, once, into an empty customer base. Every record goes through the same validation as user input.
 */
@Component
@ConditionalOnBooleanProperty("dossier.demo")
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class DemoCustomers implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCustomers.class);

    record Stage(LifecycleStage stage, int daysAgo) {}

    record ContactData(
            String name,
            Gender gender,
            LocalDate birthDate,
            String jobTitle,
            String department,
            DecisionRole decisionRole,
            List<PhoneInput> phones,
            List<EmailInput> emails,
            List<SocialInput> socialAccounts,
            String remarks) {}

    record CustomerData(
            CustomerType type,
            String name,
            String legalName,
            Gender gender,
            LocalDate birthDate,
            Industry industry,
            CompanySize companySize,
            String website,
            Grade grade,
            LifecycleStage lifecycleStage,
            Region region,
            SourceChannel sourceChannel,
            String country,
            String province,
            String city,
            String district,
            String addressLine,
            String postalCode,
            List<PhoneInput> phones,
            List<EmailInput> emails,
            List<SocialInput> socialAccounts,
            List<String> tags,
            String owner,
            String remarks,
            Integer createdDaysAgo,
            List<Stage> lifecycleHistory,
            List<ContactData> contacts) {}

    record TagData(String name, String color) {}

    record Data(List<TagData> tags, List<CustomerData> customers) {}

    private final CustomerValidator validator;
    private final CustomerRepository customers;
    private final ContactRepository contacts;
    private final ChangeHistory history;
    private final UserDirectory directory;
    private final DSLContext db;
    private final JsonMapper json;
    private final Clock clock;

    DemoCustomers(
            CustomerValidator validator,
            CustomerRepository customers,
            ContactRepository contacts,
            ChangeHistory history,
            UserDirectory directory,
            DSLContext db,
            JsonMapper json,
            Clock clock) {
        this.validator = validator;
        this.customers = customers;
        this.contacts = contacts;
        this.history = history;
        this.directory = directory;
        this.db = db;
        this.json = json.rebuild()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .build();
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) throws IOException {
        if (db.fetchExists(CUSTOMER)) {
            return;
        }
        Data data;
        try (var in = new ClassPathResource("demo/dossier-demo.json").getInputStream()) {
            data = json.readValue(in, Data.class);
        }
        var tagColors = new java.util.HashMap<String, String>();
        data.tags().forEach(t -> tagColors.put(t.name(), t.color()));
        customers.tagIds(tagColors.keySet());
        tagColors.forEach((name, color) -> db.update(dev.dossier.db.Tables.TAG)
                .set(dev.dossier.db.Tables.TAG.COLOR, color)
                .where(dev.dossier.db.Tables.TAG.NAME.eq(name))
                .execute());

        var now = OffsetDateTime.now(clock);
        var registered = new ArrayList<Customer>();
        var allContacts = new ArrayList<Contact>();
        var stages = new ArrayList<Object[]>();
        for (var c : data.customers()) {
            var owner = c.owner() == null
                    ? null
                    : directory.userByUsername(c.owner()).map(u -> u.id()).orElse(null);
            var details = validator.validate(new CustomerDraft(
                    c.type(),
                    c.name(),
                    c.legalName(),
                    c.gender(),
                    c.birthDate(),
                    c.industry(),
                    c.companySize(),
                    c.website(),
                    c.grade(),
                    c.lifecycleStage(),
                    c.region(),
                    c.sourceChannel(),
                    c.country(),
                    c.province(),
                    c.city(),
                    c.district(),
                    c.addressLine(),
                    c.postalCode(),
                    c.phones(),
                    c.emails(),
                    c.socialAccounts(),
                    c.tags(),
                    owner,
                    null,
                    c.remarks()));
            var created = now.minusDays(c.createdDaysAgo() == null ? 30 : c.createdDaysAgo());
            var customer = new Customer(UUID.randomUUID(), details, 0, created, owner, created, owner, null);
            registered.add(customer);
            if (c.lifecycleHistory() != null) {
                LifecycleStage previous = null;
                for (var s : c.lifecycleHistory()) {
                    stages.add(new Object[] {customer.id(), previous, s.stage(), now.minusDays(s.daysAgo()), owner});
                    previous = s.stage();
                }
            }
            if (c.contacts() != null) {
                for (var k : c.contacts()) {
                    var contact = validator.validate(new ContactDraft(
                            k.name(),
                            k.gender(),
                            k.birthDate(),
                            k.jobTitle(),
                            k.department(),
                            k.decisionRole(),
                            k.phones(),
                            k.emails(),
                            k.socialAccounts(),
                            k.remarks()));
                    allContacts.add(new Contact(UUID.randomUUID(), customer.id(), contact, 0, created, created));
                }
            }
        }
        customers.insertAll(registered);
        for (var customer : registered) {
            history.record(
                    customer.id(),
                    "CUSTOMER",
                    customer.id(),
                    customer.details().name(),
                    ChangeHistory.Action.CREATED,
                    List.of(),
                    customer.createdAt(),
                    customer.createdBy());
        }
        for (var s : stages) {
            history.recordStage(
                    (UUID) s[0], (LifecycleStage) s[1], (LifecycleStage) s[2], (OffsetDateTime) s[3], (UUID) s[4]);
        }
        contacts.insertAll(allContacts);
        allContacts.stream().map(Contact::customerId).distinct().forEach(customers::refreshSearchTerms);
        log.info("Demo data: loaded {} customers with {} contacts.", registered.size(), allContacts.size());
    }

    static Actor system() {
        return Actor.SYSTEM;
    }
}
