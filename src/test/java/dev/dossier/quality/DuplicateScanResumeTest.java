package dev.dossier.quality;

import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.DUPLICATE_SCAN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.customers.Seeds;
import dev.dossier.support.TestUsers;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * A scan taken over after its instance died goes on from the place it saved with its last page, not from the start:
 * the customers before it are not read again.
 */
@DossierTest
class DuplicateScanResumeTest {

    @Autowired
    DuplicateScans scans;

    @Autowired
    DSLContext db;

    @Autowired
    ApplicationContext context;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    java.time.Clock clock;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aScanTakenOverGoesOnWhereItsLastPageEnded() {
        var details = userDetails.loadUserByUsername(TestUsers.ADMIN);
        SecurityContextHolder.getContext()
                .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities()));
        for (int i = 0; i < 6; i++) {
            Seeds.register(
                    context,
                    new Seeds.Seed(
                            false,
                            "续扫" + i,
                            null,
                            null,
                            null,
                            List.of("135" + String.format("%08d", (int) (Math.random() * 100_000_000))),
                            List.of(),
                            null));
        }
        var ids = db.select(CUSTOMER.ID)
                .from(CUSTOMER)
                .where(CUSTOMER.DELETED_AT.isNull())
                .orderBy(CUSTOMER.ID)
                .fetch(CUSTOMER.ID);
        var cursor = ids.get(ids.size() / 2);
        int after = ids.size() - ids.indexOf(cursor) - 1;
        // As an instance leaves a scan when it dies: running, its place saved with the last page it committed.
        var id = UUID.randomUUID();
        var now = OffsetDateTime.now(clock);
        db.insertInto(DUPLICATE_SCAN)
                .set(DUPLICATE_SCAN.ID, id)
                .set(DUPLICATE_SCAN.STATE, DuplicateScans.State.RUNNING.name())
                .set(DUPLICATE_SCAN.PHASE, DuplicateScans.Phase.KEYS.name())
                .set(DUPLICATE_SCAN.CURSOR_ID, cursor)
                .set(DUPLICATE_SCAN.CUSTOMERS_TOTAL, (long) ids.size())
                .set(DUPLICATE_SCAN.CUSTOMERS_DONE, 1_000_000L)
                .set(DUPLICATE_SCAN.PAIRS_FOUND, 0L)
                .set(DUPLICATE_SCAN.CLUSTERS_FOUND, 0L)
                .set(DUPLICATE_SCAN.CREATED_AT, now)
                .set(DUPLICATE_SCAN.STARTED_AT, now)
                .set(DUPLICATE_SCAN.VERSION, 7)
                .execute();

        scans.run(id);

        var done = scans.find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(DuplicateScans.State.DONE);
        assertThat(done.customersDone())
                .as("only the customers after its place")
                .isEqualTo(1_000_000L + after);
        assertThat(done.percent()).isEqualTo(100);
        // Run again (the schedule hands it over once more): a finished scan stays as it is.
        scans.run(id);
        assertThat(scans.find(id).orElseThrow().customersDone()).isEqualTo(1_000_000L + after);
    }
}
