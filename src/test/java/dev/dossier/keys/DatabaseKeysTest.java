package dev.dossier.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A second instance on the same database, started where the key file is not (the default location is relative to
 * the working directory), is refused instead of generating a new key and writing under it; with the installation's
 * keys it starts and reads what is there.
 */
@DossierTest
class DatabaseKeysTest {

    @Autowired
    DSLContext db;

    @Autowired
    Keys keys;

    @LocalServerPort
    int port;

    @TempDir
    Path elsewhere;

    private String storedPhone;

    @BeforeEach
    void aCustomerWithAnEncryptedPhone() {
        var api = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        // The same customer before every test: registered again each time, as another customer.
        var answer = api.post(
                "/api/v1/customers?confirmDuplicates=true",
                ApiClient.json(Map.of(
                        "type",
                        "INDIVIDUAL",
                        "name",
                        "密钥 测试",
                        "phones",
                        List.of(Map.of("type", "MOBILE", "number", "13912345678")))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        storedPhone = db.select(DSL.field(DSL.name("primary_phone"), String.class))
                .from(DSL.table(DSL.name("customer")))
                .where(DSL.field(DSL.name("id"))
                        .cast(String.class)
                        .eq(answer.json().get("id").asString()))
                .fetchOne()
                .value1();
        assertThat(FieldCipher.keyIdOf(storedPhone))
                .isEqualTo(keys.ring().primary().id());
    }

    @Test
    void withoutAKeyFileTheStartIsRefusedNamingTheKeysAndWhereItLookedAndNoKeyIsGenerated() {
        var file = elsewhere.resolve("data/keys/dossier.keys");

        assertThatThrownBy(() -> new Keys("", file.toString(), db))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key " + keys.ring().primary().id() + " is missing")
                .hasMessageContaining("the blind-index key is missing")
                .hasMessageContaining(file.toAbsolutePath().normalize() + " (absent)")
                .hasMessageContaining("DOSSIER_KEYS_FILE");
        assertThat(file).doesNotExist();
        assertThat(elsewhere.resolve("data")).doesNotExist();
    }

    @Test
    void aFreshKeyUnderTheSameIdIsRefusedFromAFileAndFromTheEnvironment() throws IOException {
        var stranger = KeyRing.generate();
        assertThat(new KeyRegistry(db).needed())
                .as("the database needs a key of that id")
                .containsKey(stranger.primary().id());
        var file = Files.writeString(elsewhere.resolve("dossier.keys"), stranger.format(), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new Keys("", file.toString(), db))
                .hasMessageContaining(
                        "key " + stranger.primary().id() + " is another key than the one the data was written with")
                .hasMessageContaining(file.toAbsolutePath().normalize().toString());
        assertThatThrownBy(() -> new Keys(stranger.format(), "unused", db)).hasMessageContaining("DOSSIER_KEYS");
        assertThat(new KeyRegistry(db).needed())
                .containsAllEntriesOf(keys.ring().checks());
    }

    @Test
    void withTheInstallationsKeysASecondInstanceStartsAndReadsTheData() throws IOException {
        var file =
                Files.writeString(elsewhere.resolve("dossier.keys"), keys.ring().format(), StandardCharsets.UTF_8);

        var second = new Keys("", file.toString(), db);

        assertThat(new FieldCipher(second).decrypt("customer.primary_phone", storedPhone))
                .isEqualTo("+8613912345678");
        assertThat(new Keys(keys.ring().format(), "unused", db).ring().primary().id())
                .isEqualTo(keys.ring().primary().id());
    }

    @Test
    void aDatabaseEncryptedBeforeTheKeysWereRecordedNeedsTheKeysItsValuesName() throws IOException {
        var file =
                Files.writeString(elsewhere.resolve("dossier.keys"), keys.ring().format(), StandardCharsets.UTF_8);
        db.deleteFrom(DSL.table(DSL.name("encryption_key"))).execute();
        upgradeStatements().forEach(db::execute);

        var needed = new KeyRegistry(db).needed();
        assertThat(needed).containsKeys(keys.ring().primary().id(), KeyRegistry.INDEX);
        assertThat(needed.values()).containsOnlyNulls();
        assertThatThrownBy(() ->
                        new Keys("", elsewhere.resolve("absent/dossier.keys").toString(), db))
                .hasMessageContaining("key " + keys.ring().primary().id() + " is missing");

        new Keys("", file.toString(), db);

        assertThat(new KeyRegistry(db).needed())
                .containsAllEntriesOf(keys.ring().checks());
    }

    /** The statements of the migration that record the keys of values encrypted before it. */
    private static List<String> upgradeStatements() throws IOException {
        try (var in = DatabaseKeysTest.class.getResourceAsStream("/db/migration/common/V24__encryption_keys.sql")) {
            var sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            sql = sql.substring(sql.indexOf("[jooq ignore start] */") + 22, sql.indexOf("/* [jooq ignore stop]"));
            return java.util.Arrays.stream(sql.replaceAll("(?m)^--.*$", "").split(";"))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }
    }
}
