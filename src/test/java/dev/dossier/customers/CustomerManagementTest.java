package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT_POINT;
import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.CUSTOMER_CHANGE;
import static dev.dossier.db.Tables.CUSTOMER_SEARCH_TERM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dossier.DossierTest;
import dev.dossier.customers.ContactPoints.EmailInput;
import dev.dossier.customers.ContactPoints.PhoneInput;
import dev.dossier.identity.Role;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import dev.dossier.support.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Registering and revising customers on a real database, including two people saving at the same moment. */
@DossierTest
class CustomerManagementTest {

    @Autowired
    CustomerManagement management;

    @Autowired
    CustomerQueries queries;

    @Autowired
    DSLContext db;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    private UsernamePasswordAuthenticationToken salesUser;

    @BeforeEach
    void signIn() {
        var details = userDetails.loadUserByUsername(users.create(Role.SALES));
        salesUser = UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities());
        SecurityContextHolder.getContext().setAuthentication(salesUser);
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    static String mobile() {
        return "139" + (10000000 + ThreadLocalRandom.current().nextInt(89999999));
    }

    static CustomerDraft company(String name, Grade grade) {
        return new CustomerDraft(
                CustomerType.COMPANY,
                name,
                null,
                null,
                null,
                Industry.MANUFACTURING,
                null,
                null,
                grade,
                LifecycleStage.PROSPECT,
                Region.EAST_CHINA,
                null,
                "CN",
                "浙江省",
                "杭州市",
                null,
                null,
                null,
                List.of(new PhoneInput(PhoneType.WORK, mobile())),
                List.of(),
                List.of(),
                List.of("测试"),
                null,
                null,
                null);
    }

    @Test
    void twoPeopleSavingTheSameVersionAtOnce_oneWinsTheOtherIsToldNothingIsLost() throws Exception {
        var customer = management.register(company("并发测试有限公司 " + UUID.randomUUID(), Grade.ORDINARY));
        var start = new CountDownLatch(1);
        var results = new ArrayList<Future<Object>>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var grade : List.of(Grade.VIP, Grade.IMPORTANT)) {
                results.add(executor.submit(() -> {
                    SecurityContextHolder.getContext().setAuthentication(salesUser);
                    start.await();
                    try {
                        return management
                                .revise(
                                        customer.id(),
                                        0,
                                        company(customer.details().name(), grade))
                                .details()
                                .grade();
                    } catch (StaleVersionException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
        }
        var outcomes = new ArrayList<Object>();
        for (var result : results) {
            outcomes.add(result.get());
        }
        assertThat(outcomes).filteredOn(o -> o instanceof Grade).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof StaleVersionException).hasSize(1);
        var winner = (Grade)
                outcomes.stream().filter(o -> o instanceof Grade).findFirst().orElseThrow();
        var saved = management.get(customer.id());
        assertThat(saved.details().grade()).isEqualTo(winner);
        assertThat(saved.version()).isEqualTo(1);
        assertThat(management.history(customer.id(), 10))
                .filteredOn(e -> e.action() == ChangeHistory.Action.UPDATED)
                .hasSize(1);
    }

    @Test
    void anInvalidCustomerLeavesNoTrace() {
        long customers = db.fetchCount(CUSTOMER);
        long points = db.fetchCount(CONTACT_POINT);
        long changes = db.fetchCount(CUSTOMER_CHANGE);
        var draft = new CustomerDraft(
                CustomerType.INDIVIDUAL,
                "李四",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(new PhoneInput(PhoneType.MOBILE, mobile()), new PhoneInput(PhoneType.WORK, "123")),
                List.of(new EmailInput(EmailType.WORK, "li@@example.com")),
                List.of(),
                List.of(),
                null,
                null,
                "x".repeat(2001));
        assertThatThrownBy(() -> management.register(draft))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.problems())
                                .extracting(p -> p.field())
                                .containsExactlyInAnyOrder("phones[1].number", "emails[0].address", "remarks"));
        assertThat(db.fetchCount(CUSTOMER)).isEqualTo(customers);
        assertThat(db.fetchCount(CONTACT_POINT)).isEqualTo(points);
        assertThat(db.fetchCount(CUSTOMER_CHANGE)).isEqualTo(changes);
    }

    @Test
    void aCompanyIsFoundByItsContactsNameAndPhone() {
        var customer = management.register(company("远景能源装备有限公司 " + UUID.randomUUID(), Grade.IMPORTANT));
        var phone = mobile();
        var contact = management.addContact(
                customer.id(),
                new ContactDraft(
                        "司马懿",
                        Gender.MALE,
                        null,
                        "总经理",
                        "总经办",
                        DecisionRole.DECISION_MAKER,
                        List.of(new PhoneInput(PhoneType.MOBILE, phone)),
                        List.of(),
                        List.of(),
                        null));
        for (var query : List.of("司马", "smy", "sima yi", phone.substring(3), phone.substring(0, 7))) {
            var found = queries.list(
                    CustomerFilter.all().withQuery(query), false, CustomerQueries.Sort.parse(null, query), null, 50);
            assertThat(found.items())
                    .as(query)
                    .extracting(CustomerQueries.Row::id)
                    .contains(customer.id());
        }
        management.removeContact(customer.id(), contact.id(), 0);
        var after = queries.list(CustomerFilter.all().withQuery("司马懿"), false, CustomerQueries.Sort.NAME, null, 50);
        assertThat(after.items()).extracting(CustomerQueries.Row::id).doesNotContain(customer.id());
        assertThat(management.history(customer.id(), 10))
                .extracting(ChangeHistory.Entry::subjectKind)
                .contains("CONTACT");
    }

    @Test
    void lifecycleChangesAreKeptInOrder() {
        var customer = management.register(company("生命周期测试公司 " + UUID.randomUUID(), Grade.ORDINARY));
        var draft = company(customer.details().name(), Grade.ORDINARY);
        var asCustomer = new CustomerDraft(
                draft.type(),
                draft.name(),
                null,
                null,
                null,
                draft.industry(),
                null,
                null,
                Grade.ORDINARY,
                LifecycleStage.CUSTOMER,
                draft.region(),
                null,
                "CN",
                "浙江省",
                "杭州市",
                null,
                null,
                null,
                List.of(new PhoneInput(PhoneType.WORK, mobile())),
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                null);
        management.revise(customer.id(), 0, asCustomer);
        assertThat(management.stages(customer.id()))
                .extracting(ChangeHistory.StageChange::to)
                .containsExactly(LifecycleStage.PROSPECT, LifecycleStage.CUSTOMER);
    }

    @Test
    void keysetPagesWalkEveryCustomerOnceInEachOrder() {
        var tag = "page-" + UUID.randomUUID().toString().substring(0, 8);
        var ids = new ArrayList<UUID>();
        for (int i = 0; i < 7; i++) {
            var draft = company("分页 " + (char) ('A' + (i % 3)) + " " + UUID.randomUUID(), Grade.ORDINARY);
            ids.add(management
                    .register(new CustomerDraft(
                            draft.type(),
                            draft.name(),
                            null,
                            null,
                            null,
                            draft.industry(),
                            null,
                            null,
                            draft.grade(),
                            draft.lifecycleStage(),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            draft.phones(),
                            List.of(),
                            List.of(),
                            List.of(tag),
                            null,
                            null,
                            null))
                    .id());
        }
        var filter = new CustomerFilter(null, null, null, null, null, tag, null, null, null);
        for (var sort : CustomerQueries.Sort.values()) {
            var seen = new ArrayList<UUID>();
            String cursor = null;
            do {
                var page = queries.list(filter, false, sort, cursor, 2);
                page.items().forEach(r -> seen.add(r.id()));
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(seen)
                    .as(sort.name())
                    .containsExactlyInAnyOrderElementsOf(ids)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void purgingRemovesTheCustomerWithEverythingAttached() {
        var customer = management.register(company("清除测试公司 " + UUID.randomUUID(), Grade.ORDINARY));
        var trashed = management.trash(customer.id(), 0);
        var admin = userDetails.loadUserByUsername(users.create(Role.ADMINISTRATOR));
        SecurityContextHolder.getContext()
                .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(admin, null, admin.getAuthorities()));
        management.purge(trashed.id());
        assertThat(db.fetchExists(CUSTOMER, CUSTOMER.ID.eq(customer.id()))).isFalse();
        assertThat(db.fetchExists(CUSTOMER_SEARCH_TERM, CUSTOMER_SEARCH_TERM.CUSTOMER_ID.eq(customer.id())))
                .isFalse();
        assertThat(db.fetchExists(CUSTOMER_CHANGE, CUSTOMER_CHANGE.CUSTOMER_ID.eq(customer.id())))
                .isFalse();
    }
}
