package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT_POINT;
import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.CUSTOMER_SEARCH_TERM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.shared.PhoneNumber;
import dev.dossier.shared.crypto.FieldCipher;
import dev.dossier.shared.crypto.ReEncryption;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A dossier written before encryption (plain values, plain phone terms, no blind index) is brought up to date. */
@DossierTest
class EncryptionUpgradeTest {

    @LocalServerPort
    int port;
    @Autowired
    DSLContext db;
    @Autowired
    ReEncryption job;
    @Autowired
    SearchIndexUpgrade upgrade;
    @Autowired
    CustomerRepository repository;

    @Test
    void plainValuesAndTermsFromBeforeEncryptionAreEncryptedAndIndexed() {
        var api = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var sample = SensitiveSamples.create(api, 1).getFirst();
        var id = UUID.fromString(sample.id());
        // As an older version wrote it: plain values, no blind index, phone digits as plain terms.
        job.runNow();
        upgrade.run();
        db.update(CONTACT_POINT).set(CONTACT_POINT.POINT_VALUE, "+86" + sample.phoneDigits())
                .setNull(CONTACT_POINT.POINT_INDEX)
                .where(CONTACT_POINT.CUSTOMER_ID.eq(id)).and(CONTACT_POINT.KIND.eq("PHONE")).execute();
        db.update(CUSTOMER).set(CUSTOMER.PRIMARY_PHONE, "+86" + sample.phoneDigits()).where(CUSTOMER.ID.eq(id)).execute();
        db.insertInto(CUSTOMER_SEARCH_TERM).set(CUSTOMER_SEARCH_TERM.TERM, sample.phoneDigits())
                .set(CUSTOMER_SEARCH_TERM.CUSTOMER_ID, id).set(CUSTOMER_SEARCH_TERM.RANK, (short) 0).execute();

        assertThat(job.runNow()).isEqualTo(2);
        assertThat(upgrade.run()).isEqualTo(1);

        assertThat(db.select(CONTACT_POINT.POINT_VALUE).from(CONTACT_POINT).where(CONTACT_POINT.CUSTOMER_ID.eq(id))
                .fetch(CONTACT_POINT.POINT_VALUE)).allMatch(v -> v.startsWith(FieldCipher.PREFIX));
        assertThat(db.select(CUSTOMER.PRIMARY_PHONE).from(CUSTOMER).where(CUSTOMER.ID.eq(id)).fetchOne(CUSTOMER.PRIMARY_PHONE))
                .startsWith(FieldCipher.PREFIX);
        assertThat(db.fetchCount(CUSTOMER_SEARCH_TERM, CUSTOMER_SEARCH_TERM.TERM.eq(sample.phoneDigits()))).isZero();
        assertThat(repository.withPhoneOrEmail(PhoneNumber.parse(sample.phoneDigits(), "CN"), null)).containsExactly(id);
        // A fragment long enough that no other test's random number shares it.
        var found = api.get("/api/v1/customers?q=" + sample.phoneDigits().substring(2, 10)).json().get("items");
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.get(0).get("id").asString()).isEqualTo(sample.id());
        assertThat(upgrade.run()).as("nothing left").isZero();
    }
}
