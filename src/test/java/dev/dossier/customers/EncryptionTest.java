package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT;
import static dev.dossier.db.Tables.CONTACT_POINT;
import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.CUSTOMER_CHANGE_FIELD;
import static dev.dossier.db.Tables.CUSTOMER_SEARCH_TERM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.TestDatabase;
import dev.dossier.identity.Role;
import dev.dossier.keys.FieldCipher;
import dev.dossier.keys.Keys;
import dev.dossier.keys.ReEncryption;
import dev.dossier.shared.EmailAddress;
import dev.dossier.shared.PhoneNumber;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Sensitive customer values are stored encrypted, found again through blind indexes and secret search terms, and
 * re-encrypted when the keys rotate or an administrator marks a field sensitive. On PostgreSQL a {@code pg_dump} of
 * the test schema, on H2 a {@code SCRIPT} of the database, holds none of the values in plain text.
 */
@DossierTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptionTest {

    @LocalServerPort
    int port;

    @Autowired
    DSLContext db;

    @Autowired
    Keys keys;

    @Autowired
    ReEncryption job;

    @Autowired
    CustomerRepository repository;

    @Autowired
    CustomerCrypto crypto;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    TestUsers users;

    private ApiClient admin;

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
    }

    @Test
    void sensitiveValuesAreStoredEncryptedAndReadBackInFull() {
        var sample = SensitiveSamples.create(admin, 1).getFirst();
        var id = UUID.fromString(sample.id());

        var read = admin.get("/api/v1/customers/" + sample.id()).json();
        assertThat(read.get("phones").get(0).get("number").asString()).isEqualTo("+86" + sample.phoneDigits());
        assertThat(read.get("emails").get(0).get("address").asString()).isEqualTo(sample.email());
        assertThat(read.get("socialAccounts").get(0).get("handle").asString()).isEqualTo(sample.wechat());
        assertThat(read.get("idDocumentType").asString()).isEqualTo("RESIDENT_ID");
        assertThat(read.get("idDocumentNumber").asString()).isEqualTo(sample.idNumber());
        assertThat(read.get("bankName").asString()).isEqualTo("China Merchants Bank");
        assertThat(read.get("bankAccount").asString()).as("spaces dropped").isEqualTo(sample.bankAccount());

        var row = db.selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(id)).fetchOne();
        for (var stored : List.of(
                row.getPrimaryPhone(), row.getPrimaryEmail(), row.getIdDocumentNumber(), row.getBankAccount())) {
            assertThat(stored).startsWith(FieldCipher.PREFIX);
        }
        assertThat(row.getIdDocumentIndex()).isNotNull().isNotEqualTo(sample.idNumber());
        assertThat(row.getBankName()).isEqualTo("China Merchants Bank");
        var points = db.selectFrom(CONTACT_POINT)
                .where(CONTACT_POINT.CUSTOMER_ID.eq(id))
                .fetch();
        assertThat(points).hasSize(3).allSatisfy(p -> {
            assertThat(p.getPointValue()).startsWith(FieldCipher.PREFIX);
            assertThat(p.getPointIndex()).hasSize(22);
        });
        var terms = db.select(CUSTOMER_SEARCH_TERM.TERM)
                .from(CUSTOMER_SEARCH_TERM)
                .where(CUSTOMER_SEARCH_TERM.CUSTOMER_ID.eq(id))
                .fetch(CUSTOMER_SEARCH_TERM.TERM);
        assertThat(terms)
                .as("no search term holds a phone fragment or the address")
                .noneMatch(t -> (!t.startsWith("#") && (t.matches(".*[0-9]{4}.*") || t.contains("@")))
                        || t.contains(sample.phoneDigits().substring(3, 9))
                        || t.contains(sample.email().substring(0, 6)))
                .anyMatch(t -> t.startsWith("#"));
        assertThat(terms)
                .filteredOn(t -> t.startsWith("#"))
                .as("secret terms are chains of short keyed hashes")
                .allMatch(t -> t.matches("#[A-Za-z0-9_-]{5,63}"));

        // The history keeps sensitive values encrypted, and shows them decrypted.
        var history = db.select(CUSTOMER_CHANGE_FIELD.FIELD, CUSTOMER_CHANGE_FIELD.NEW_VALUE)
                .from(CUSTOMER_CHANGE_FIELD)
                .join(dev.dossier.db.Tables.CUSTOMER_CHANGE)
                .on(dev.dossier.db.Tables.CUSTOMER_CHANGE.ID.eq(CUSTOMER_CHANGE_FIELD.CHANGE_ID))
                .where(dev.dossier.db.Tables.CUSTOMER_CHANGE.CUSTOMER_ID.eq(id))
                .and(CUSTOMER_CHANGE_FIELD.FIELD.in(
                        "phones", "emails", "socialAccounts", "idDocumentNumber", "bankAccount"))
                .fetchMap(CUSTOMER_CHANGE_FIELD.FIELD, CUSTOMER_CHANGE_FIELD.NEW_VALUE);
        assertThat(history)
                .hasSize(5)
                .allSatisfy((field, value) -> assertThat(value).startsWith(FieldCipher.PREFIX));
        var shown = new ChangeHistory(db, crypto).of(id, 10).getFirst().fields();
        assertThat(shown)
                .contains(
                        new FieldChange("bankAccount", null, sample.bankAccount()),
                        new FieldChange("idDocumentNumber", null, sample.idNumber()),
                        new FieldChange("name", null, sample.name()));
    }

    @Test
    void quickSearchFindsByAPhoneFragmentTheWholeNumberAndTheExactEmail() {
        var samples = SensitiveSamples.create(admin, 2);
        var sample = samples.getFirst();
        var phone = sample.phoneDigits();
        for (var query : List.of(
                phone.substring(phone.length() - 4),
                phone.substring(0, 7),
                phone,
                "+86 " + phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7),
                phone.substring(3, 7) + "-" + phone.substring(7),
                sample.email(),
                sample.email().toUpperCase(Locale.ROOT))) {
            assertThat(search(query, null)).as(query).contains(sample.id());
        }
        assertThat(search(phone, null))
                .as("the whole number finds one customer")
                .containsExactly(sample.id());
        assertThat(search(sample.email(), null)).containsExactly(sample.id());
        assertThat(search(sample.email().substring(0, sample.email().indexOf('@')), null))
                .as("the local part")
                .containsExactly(sample.id());
        // A contact's phone finds its company, below the company's own matches.
        assertThat(search(sample.contactPhoneDigits(), null)).hasSize(1);
        // Keyset pages by relevance still walk every match once.
        var prefix = "139";
        var all = new ArrayList<String>();
        String cursor = null;
        var query = phone.substring(phone.length() - 4);
        do {
            var page = admin.get("/api/v1/customers?limit=1&q=" + enc(query)
                            + (cursor == null ? "" : "&cursor=" + enc(cursor)))
                    .json();
            page.get("items").forEach(item -> all.add(item.get("id").asString()));
            cursor = page.get("nextCursor") == null || page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null && all.size() < 50);
        assertThat(all).doesNotHaveDuplicates().contains(sample.id());
        assertThat(prefix).isNotEmpty();
    }

    @Test
    void duplicatesAreFoundByBlindIndexes() {
        var sample = SensitiveSamples.create(admin, 1).getFirst();
        var id = UUID.fromString(sample.id());
        assertThat(repository.withPhoneOrEmail(PhoneNumber.parse(sample.phoneDigits(), "CN"), null))
                .containsExactly(id);
        assertThat(repository.withPhoneOrEmail(
                        null, EmailAddress.of(sample.email().toUpperCase(Locale.ROOT))))
                .containsExactly(id);
        assertThat(repository.withIdentification(sample.idNumber(), null)).containsExactly(id);
        assertThat(repository.withIdentification(null, sample.bankAccount())).containsExactly(id);
        assertThat(repository.withIdentification("110105194912310021", null)).isEmpty();
    }

    @Test
    void identityDocumentsAndBankAccountsAreValidated() {
        var base = Map.<String, Object>of(
                "type",
                "INDIVIDUAL",
                "name",
                "Checked " + SensitiveSamples.letters(6),
                "phones",
                List.of(Map.of("number", "139" + SensitiveSamples.digits(8))));
        var wrongCheck = new java.util.LinkedHashMap<>(base);
        wrongCheck.put("idDocumentType", "RESIDENT_ID");
        wrongCheck.put("idDocumentNumber", "110105194912310021");
        wrongCheck.put("bankAccount", "12-34");
        var answer = admin.post("/api/v1/customers", ApiClient.json(wrongCheck));
        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.body()).contains("customer.id-document.resident-id.invalid", "customer.bank-account.invalid");
        var noType = new java.util.LinkedHashMap<>(base);
        noType.put("idDocumentNumber", "E12345678");
        assertThat(admin.post("/api/v1/customers", ApiClient.json(noType)).body())
                .contains("idDocumentType");
        var passport = new java.util.LinkedHashMap<>(base);
        passport.put("idDocumentType", "PASSPORT");
        passport.put("idDocumentNumber", "e 1234 5678");
        var created = admin.post("/api/v1/customers", ApiClient.json(passport));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("idDocumentNumber").asString()).isEqualTo("E12345678");
    }

    @Test
    void rotationReEncryptsEveryValueAndTheyStillReadBack() {
        var samples = SensitiveSamples.create(admin, 2);
        job.runNow();
        var before = keys.ring().primary().id();
        var after = keys.rotate().primary().id();
        assertThat(after).isNotEqualTo(before);
        // An edit after the rotation writes with the new key at once.
        assertThat(job.runNow()).isPositive();
        for (var usage : job.usage()) {
            assertThat(usage.byKey().get(before)).as(usage.column()).isZero();
            assertThat(usage.plain()).as(usage.column()).isZero();
        }
        assertThat(job.usage().stream().mapToLong(u -> u.byKey().get(after)).sum())
                .isPositive();
        assertThat(job.progress().running()).isFalse();
        assertThat(job.progress().error()).isNull();
        for (var sample : samples) {
            var read = admin.get("/api/v1/customers/" + sample.id()).json();
            assertThat(read.get("bankAccount").asString()).isEqualTo(sample.bankAccount());
            assertThat(read.get("emails").get(0).get("address").asString()).isEqualTo(sample.email());
            assertThat(search(sample.phoneDigits().substring(5), null)).contains(sample.id());
        }
        assertThat(job.runNow()).as("nothing left to do").isZero();
        assertThat(keys.ring().key(before)).as("old keys stay").isNotNull();
    }

    @Test
    void editsSavedWhileValuesAreReEncryptedAreKept() throws Exception {
        SensitiveSamples.create(admin, 3);
        var sample = SensitiveSamples.create(admin, 1).getFirst();
        keys.rotate();
        var walker = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                job.runNow();
            }
        });
        walker.start();
        String last = null;
        for (int i = 0; i < 8; i++) {
            var current = admin.get("/api/v1/customers/" + sample.id()).json();
            last = "6222" + SensitiveSamples.digits(15);
            var body = new java.util.LinkedHashMap<String, Object>();
            body.put("type", "INDIVIDUAL");
            body.put("name", sample.name());
            body.put("phones", List.of(Map.of("number", "139" + SensitiveSamples.digits(8))));
            body.put("bankAccount", last);
            body.put("version", current.get("version").asInt());
            var answer = admin.put("/api/v1/customers/" + sample.id(), ApiClient.json(body), null);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }
        walker.join(60_000);
        job.runNow();
        assertThat(admin.get("/api/v1/customers/" + sample.id())
                        .json()
                        .get("bankAccount")
                        .asString())
                .isEqualTo(last);
        var stored = db.select(CUSTOMER.BANK_ACCOUNT)
                .from(CUSTOMER)
                .where(CUSTOMER.ID.eq(UUID.fromString(sample.id())))
                .fetchOne(CUSTOMER.BANK_ACCOUNT);
        assertThat(FieldCipher.keyIdOf(stored)).isEqualTo(keys.ring().primary().id());
    }

    @Test
    void theProgressOfTheJobIsShownWhileItRuns() throws Exception {
        var adminUser = user(userDetails.loadUserByUsername(TestUsers.ADMIN));
        job.runNow();
        var fragment = mvc.perform(
                        get("/admin/encryption/progress").with(adminUser).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(fragment)
                .contains("id=\"encryption-progress\"", "Everything is up to date")
                .doesNotContain("<html", "hx-trigger");
    }

    @Test
    void markingAFieldSensitiveEncryptsItsValuesAndUnmarkingDecryptsThem() throws Exception {
        var remarks = "Prefers calls after " + SensitiveSamples.letters(10);
        var body = Map.<String, Object>of(
                "type",
                "INDIVIDUAL",
                "name",
                "Remarked " + SensitiveSamples.letters(6),
                "phones",
                List.of(Map.of("number", "139" + SensitiveSamples.digits(8))),
                "remarks",
                remarks,
                "addressLine",
                "No. 7 " + SensitiveSamples.letters(8) + " Road");
        var id = UUID.fromString(admin.post("/api/v1/customers", ApiClient.json(body))
                .json()
                .get("id")
                .asString());
        assertThat(storedRemarks(id)).isEqualTo(remarks);

        var adminUser = user(userDetails.loadUserByUsername(TestUsers.ADMIN));
        mvc.perform(post("/admin/encryption/fields")
                        .with(adminUser)
                        .with(csrf())
                        .param("field", "remarks")
                        .param("sensitive", "true"))
                .andExpect(status().is3xxRedirection());
        job.runNow();
        assertThat(storedRemarks(id)).startsWith(FieldCipher.PREFIX);
        assertThat(db.select(CUSTOMER_CHANGE_FIELD.NEW_VALUE)
                        .from(CUSTOMER_CHANGE_FIELD)
                        .where(CUSTOMER_CHANGE_FIELD.FIELD.eq("remarks"))
                        .fetch(CUSTOMER_CHANGE_FIELD.NEW_VALUE))
                .isNotEmpty()
                .allMatch(v -> v.startsWith(FieldCipher.PREFIX));
        assertThat(db.select(CONTACT.REMARKS)
                        .from(CONTACT)
                        .where(CONTACT.REMARKS.isNotNull())
                        .fetch(CONTACT.REMARKS))
                .allMatch(v -> v.startsWith(FieldCipher.PREFIX));
        assertThat(admin.get("/api/v1/customers/" + id).json().get("remarks").asString())
                .isEqualTo(remarks);
        // New values of a marked field are written encrypted straight away.
        var other = admin.post(
                        "/api/v1/customers",
                        ApiClient.json(Map.of(
                                "type",
                                "INDIVIDUAL",
                                "name",
                                "Later one",
                                "phones",
                                List.of(Map.of("number", "139" + SensitiveSamples.digits(8))),
                                "remarks",
                                "new remark")))
                .json()
                .get("id")
                .asString();
        assertThat(storedRemarks(UUID.fromString(other))).startsWith(FieldCipher.PREFIX);

        // Marking the field also asked the scheduler for a run: the page says all is done once that one is over.
        await().atMost(Duration.ofSeconds(30)).until(job::idle);
        var page = mvc.perform(get("/admin/encryption").with(adminUser).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains(
                        "Encryption keys",
                        keys.ring().primary().id(),
                        "Remarks (customers and contacts)",
                        "Unmark",
                        "Everything is up to date");
        mvc.perform(get("/admin/encryption").with(user(userDetails.loadUserByUsername(users.create(Role.SALES)))))
                .andExpect(status().isForbidden());

        mvc.perform(post("/admin/encryption/fields")
                        .with(adminUser)
                        .with(csrf())
                        .param("field", "remarks")
                        .param("sensitive", "false"))
                .andExpect(status().is3xxRedirection());
        job.runNow();
        assertThat(storedRemarks(id)).isEqualTo(remarks);
        assertThat(db.select(CUSTOMER_CHANGE_FIELD.NEW_VALUE)
                        .from(CUSTOMER_CHANGE_FIELD)
                        .where(CUSTOMER_CHANGE_FIELD.FIELD.eq("remarks"))
                        .fetch(CUSTOMER_CHANGE_FIELD.NEW_VALUE))
                .contains(remarks);
    }

    @Test
    void theRotateButtonAddsAPrimaryKey() throws Exception {
        var adminUser = user(userDetails.loadUserByUsername(TestUsers.ADMIN));
        var before = keys.ring().keys().size();
        mvc.perform(post("/admin/encryption/rotate").with(adminUser).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(keys.ring().keys()).hasSize(before + 1);
        mvc.perform(post("/admin/encryption/rotate")
                        .with(user(userDetails.loadUserByUsername(users.create(Role.MANAGER))))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(keys.ring().keys()).hasSize(before + 1);
    }

    @Test
    void aDumpOfTheDatabaseHoldsNoSensitiveValueInPlainText() throws Exception {
        var samples = SensitiveSamples.create(admin, 3);
        byte[] dump;
        if (TestDatabase.postgresql()) {
            dump = pgDump();
        } else {
            var out = new StringBuilder();
            db.fetch("SCRIPT").forEach(r -> out.append(r.get(0, String.class)).append('\n'));
            dump = out.toString().getBytes(StandardCharsets.UTF_8);
        }
        assertThat(SensitiveSamples.indexOf(dump, samples.getFirst().name().getBytes(StandardCharsets.UTF_8)))
                .as("the dump holds the data: a name is there")
                .isNotNegative();
        assertThat(SensitiveSamples.foundIn(dump, samples)).isEmpty();
    }

    private byte[] pgDump() throws Exception {
        var schema = String.valueOf(db.fetchValue("SELECT current_schema()"));
        var url = URI.create(TestDatabase.pgUrl().substring("jdbc:".length()));
        String port = String.valueOf(url.getPort() < 0 ? 5432 : url.getPort());
        var process = new ProcessBuilder(
                        "pg_dump",
                        "--no-owner",
                        "-h",
                        url.getHost(),
                        "-p",
                        port,
                        "-U",
                        TestDatabase.pgUser(),
                        "-n",
                        schema,
                        url.getPath().substring(1))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        process.environment().put("PGPASSWORD", TestDatabase.pgPassword());
        var running = process.start();
        var out = new ByteArrayOutputStream();
        running.getInputStream().transferTo(out);
        assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(running.exitValue()).as("pg_dump exit code").isZero();
        return out.toByteArray();
    }

    private String storedRemarks(UUID id) {
        return db.select(CUSTOMER.REMARKS)
                .from(CUSTOMER)
                .where(CUSTOMER.ID.eq(id))
                .fetchOne(CUSTOMER.REMARKS);
    }

    private List<String> search(String query, String cursor) {
        var answer = admin.get("/api/v1/customers?q=" + enc(query) + (cursor == null ? "" : "&cursor=" + enc(cursor)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var ids = new ArrayList<String>();
        answer.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
