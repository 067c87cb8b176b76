package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT_POINT;
import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.CUSTOMER_SEARCH_TERM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.keys.FieldCipher;
import dev.dossier.keys.ReEncryption;
import dev.dossier.shared.PhoneNumber;
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
        db.update(CONTACT_POINT)
                .set(CONTACT_POINT.POINT_VALUE, "+86" + sample.phoneDigits())
                .setNull(CONTACT_POINT.POINT_INDEX)
                .where(CONTACT_POINT.CUSTOMER_ID.eq(id))
                .and(CONTACT_POINT.KIND.eq("PHONE"))
                .execute();
        db.update(CUSTOMER)
                .set(CUSTOMER.PRIMARY_PHONE, "+86" + sample.phoneDigits())
                .where(CUSTOMER.ID.eq(id))
                .execute();
        db.insertInto(CUSTOMER_SEARCH_TERM)
                .set(CUSTOMER_SEARCH_TERM.TERM, sample.phoneDigits())
                .set(CUSTOMER_SEARCH_TERM.CUSTOMER_ID, id)
                .set(CUSTOMER_SEARCH_TERM.RANK, (short) 0)
                .execute();

        assertThat(job.runNow()).isEqualTo(2);
        assertThat(upgrade.run()).isEqualTo(1);

        assertThat(db.select(CONTACT_POINT.POINT_VALUE)
                        .from(CONTACT_POINT)
                        .where(CONTACT_POINT.CUSTOMER_ID.eq(id))
                        .fetch(CONTACT_POINT.POINT_VALUE))
                .allMatch(v -> v.startsWith(FieldCipher.PREFIX));
        assertThat(db.select(CUSTOMER.PRIMARY_PHONE)
                        .from(CUSTOMER)
                        .where(CUSTOMER.ID.eq(id))
                        .fetchOne(CUSTOMER.PRIMARY_PHONE))
                .startsWith(FieldCipher.PREFIX);
        assertThat(db.fetchCount(CUSTOMER_SEARCH_TERM, CUSTOMER_SEARCH_TERM.TERM.eq(sample.phoneDigits())))
                .isZero();
        assertThat(repository.withPhoneOrEmail(PhoneNumber.parse(sample.phoneDigits(), "CN"), null))
                .containsExactly(id);
        // The last eight digits, which no other test's random number shares.
        var found = api.get("/api/v1/customers?q=" + sample.phoneDigits().substring(3))
                .json()
                .get("items");
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.get(0).get("id").asString()).isEqualTo(sample.id());
        assertThat(upgrade.run()).as("nothing left").isZero();
    }

    @Test
    void termsWrittenByAnOlderVersionAreRebuiltSoTraditionalAndAccentedNamesAreFound() {
        var api = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var tag = UUID.randomUUID().toString().substring(0, 6);
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("type", "COMPANY");
        body.put("name", "宏遠貿易 Müller " + tag);
        body.put("industry", "WHOLESALE");
        var created = api.post("/api/v1/customers", ApiClient.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var id = UUID.fromString(created.json().get("id").asString());
        // As the older version indexed it: the traditional characters and the accent as typed, and a long keyed hash.
        db.deleteFrom(CUSTOMER_SEARCH_TERM)
                .where(CUSTOMER_SEARCH_TERM.CUSTOMER_ID.eq(id))
                .execute();
        var oldHash = "#" + "A".repeat(16) + tag;
        for (var term : java.util.List.of("宏遠貿易müller" + tag, "müller" + tag, oldHash)) {
            db.insertInto(CUSTOMER_SEARCH_TERM)
                    .set(CUSTOMER_SEARCH_TERM.TERM, term)
                    .set(CUSTOMER_SEARCH_TERM.CUSTOMER_ID, id)
                    .set(CUSTOMER_SEARCH_TERM.RANK, (short) 0)
                    .execute();
        }
        db.update(CUSTOMER)
                .set(CUSTOMER.SEARCH_TERMS_VERSION, (short) 1)
                .where(CUSTOMER.ID.eq(id))
                .execute();
        assertThat(found(api, "muller" + tag)).doesNotContain(id.toString());

        assertThat(upgrade.rebuildOlderTerms()).isPositive();

        assertThat(found(api, "muller" + tag)).containsExactly(id.toString());
        assertThat(found(api, "mueller " + tag)).containsExactly(id.toString());
        assertThat(found(api, "宏远贸易")).contains(id.toString());
        assertThat(db.fetchCount(CUSTOMER_SEARCH_TERM, CUSTOMER_SEARCH_TERM.TERM.eq(oldHash)))
                .as("terms of the older version are gone")
                .isZero();
        assertThat(upgrade.rebuildOlderTerms()).as("nothing left").isZero();
    }

    private static java.util.List<String> found(ApiClient api, String query) {
        var ids = new java.util.ArrayList<String>();
        api.get("/api/v1/customers?limit=200&q="
                        + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8))
                .json()
                .get("items")
                .forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
