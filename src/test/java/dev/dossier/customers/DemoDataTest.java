package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT;
import static dev.dossier.db.Tables.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.TestDatabase;
import dev.dossier.identity.UserDirectory;
import java.util.Arrays;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ContextConfiguration;

/** The demo data loads completely, passes validation, and shows what Dossier does. */
@Tag("database")
@SpringBootTest(properties = {"dossier.demo=true", "dossier.admin-password=admin-password-1"})
@ContextConfiguration(initializers = TestDatabase.class)
class DemoDataTest {

    @Autowired
    DSLContext db;

    @Autowired
    UserDirectory directory;

    @Autowired
    CustomerQueries queries;

    @Autowired
    UserDetailsService userDetails;

    @Test
    void loadsABilingualOrganisationWithCustomersOfEveryKind() {
        assertThat(db.fetchCount(CUSTOMER)).isGreaterThanOrEqualTo(200);
        assertThat(db.fetchCount(CONTACT)).isGreaterThanOrEqualTo(250);
        assertThat(directory.teams()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(directory.activeUsers()).hasSizeGreaterThanOrEqualTo(10);
        for (var type : CustomerType.values()) {
            assertThat(db.fetchCount(CUSTOMER, CUSTOMER.TYPE.eq(type.name())))
                    .as(type.name())
                    .isGreaterThan(50);
        }
        for (var field :
                java.util.List.of(CUSTOMER.GRADE, CUSTOMER.LIFECYCLE_STAGE, CUSTOMER.REGION, CUSTOMER.INDUSTRY)) {
            assertThat(db.selectDistinct(field).from(CUSTOMER).fetch())
                    .as(field.getName())
                    .hasSizeGreaterThan(3);
        }
        assertThat(db.fetchCount(CUSTOMER, CUSTOMER.NAME.likeRegex("[A-Za-z]"))).isGreaterThan(20);
        assertThat(Arrays.stream(Grade.values()).allMatch(g -> db.fetchExists(CUSTOMER, CUSTOMER.GRADE.eq(g.name()))))
                .isTrue();
    }

    @Test
    void quickSearchFindsTheSamplePeopleByPinyinInitialsFirst() {
        var admin = userDetails.loadUserByUsername("admin");
        SecurityContextHolder.getContext()
                .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(admin, null, admin.getAuthorities()));
        try {
            var found =
                    queries.list(CustomerFilter.all().withQuery("zs"), false, CustomerQueries.Sort.RELEVANCE, null, 5);
            // Names whose initials are exactly or begin with "zs" come first: 张三, 张珊, 章山, 张三丰 in the sample.
            assertThat(found.items().getFirst().name()).isIn("张三", "张珊", "章山", "张三丰");
            assertThat(found.items()).extracting(CustomerQueries.Row::name).contains("张三", "章山");
            var ouyang = queries.list(
                    CustomerFilter.all().withQuery("ouyang"), false, CustomerQueries.Sort.RELEVANCE, null, 5);
            assertThat(ouyang.items()).isNotEmpty().allMatch(r -> r.name().startsWith("欧阳"));
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
