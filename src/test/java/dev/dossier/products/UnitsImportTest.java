package dev.dossier.products;

import static dev.dossier.db.Tables.UNITS_SOLD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Importing units sold from CSV: byte order mark and header, idempotent re-import, and all-or-nothing errors. */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnitsImportTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    private ApiClient manager;
    private String code;
    private UUID productId;

    @BeforeAll
    void setUp() {
        manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        code = "IMP-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        var created = manager.post("/api/v1/products", ApiClient.json(Map.of("code", code, "name", "空气净化器 " + code)));
        productId = UUID.fromString(created.json().get("id").asString());
        manager.post("/api/v1/products/" + productId + "/versions", "{\"label\":\"V2\"}");
        manager.post("/api/v1/products/" + productId + "/versions", "{\"label\":\"V3\"}");
    }

    private ApiClient.Answer upload(byte[] file) {
        return manager.send(manager.request("/api/v1/units-sold/import")
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                .build());
    }

    private int figures() {
        return db.fetchCount(UNITS_SOLD, UNITS_SOLD.PRODUCT_ID.eq(productId));
    }

    private static byte[] withBom(String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        var file = new byte[bytes.length + 3];
        file[0] = (byte) 0xEF;
        file[1] = (byte) 0xBB;
        file[2] = (byte) 0xBF;
        System.arraycopy(bytes, 0, file, 3, bytes.length);
        return file;
    }

    @Test
    void aFileWithByteOrderMarkAndHeaderImportsOnceAndAgainChangesNothing() {
        var csv = "product_code,version,month,units\r\n"
                + code.toLowerCase() + ",,2025-01,120\r\n"
                + code + ",V2,2025-01,80\r\n"
                + "\"" + code + "\",\"V3\",2025-02,\"1,500\"\r\n"
                + "\r\n";
        var first = upload(withBom(csv));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("lines").asInt()).isEqualTo(3);
        assertThat(first.json().get("created").asInt()).isEqualTo(3);
        assertThat(figures()).isEqualTo(3);
        var versionsBefore = db.select(UNITS_SOLD.VERSION)
                .from(UNITS_SOLD)
                .where(UNITS_SOLD.PRODUCT_ID.eq(productId))
                .orderBy(UNITS_SOLD.ID)
                .fetch(UNITS_SOLD.VERSION);

        var again = upload(withBom(csv));
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(3);
        assertThat(again.json().get("created").asInt()).isZero();
        assertThat(again.json().get("updated").asInt()).isZero();
        assertThat(figures()).isEqualTo(3);
        assertThat(db.select(UNITS_SOLD.VERSION)
                        .from(UNITS_SOLD)
                        .where(UNITS_SOLD.PRODUCT_ID.eq(productId))
                        .orderBy(UNITS_SOLD.ID)
                        .fetch(UNITS_SOLD.VERSION))
                .isEqualTo(versionsBefore);

        // Without a byte order mark or header, a changed figure is updated and marked as imported.
        var changed = upload((code + ",V2,2025-01,81\n").getBytes(StandardCharsets.UTF_8));
        assertThat(changed.json().get("updated").asInt()).isEqualTo(1);
        var row = db.selectFrom(UNITS_SOLD)
                .where(UNITS_SOLD.PRODUCT_ID.eq(productId))
                .and(UNITS_SOLD.UNITS.eq(81))
                .fetchOne();
        assertThat(row.getSource()).isEqualTo("IMPORT");
        var big = db.selectFrom(UNITS_SOLD)
                .where(UNITS_SOLD.PRODUCT_ID.eq(productId))
                .and(UNITS_SOLD.UNITS.eq(1500))
                .fetchOne();
        assertThat(big).isNotNull();
    }

    @Test
    void anyWrongLineIsReportedByNumberAndNothingIsWritten() {
        var before = figures();
        var csv = code + ",,2024-05,10\n"
                + "NO-SUCH-CODE,,2024-05,10\n"
                + code + ",V9,2024-05,10\n"
                + code + ",,2024-13,10\n"
                + code + ",,2024-06,-4\n"
                + code + ",,2024-05,11\n"
                + code + ",2024-07\n";
        var answer = upload(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.header("Content-Type")).contains("application/problem+json");
        var errors = answer.json().get("errors").toString();
        assertThat(errors)
                .contains(
                        "line 2",
                        "no product with code NO-SUCH-CODE",
                        "line 3",
                        "has no version V9",
                        "line 4",
                        "2024-13 is not a month",
                        "line 5",
                        "-4 is not a number",
                        "line 6",
                        "the same product, version and month as line 1",
                        "line 7",
                        "four columns");
        assertThat(errors).doesNotContain("line 1\"");
        assertThat(figures()).isEqualTo(before);

        var notUtf8 = upload(new byte[] {(byte) 0xC3, (byte) 0x28, ',', ',', '\n'});
        assertThat(notUtf8.status()).isEqualTo(422);
        assertThat(notUtf8.body()).contains("not UTF-8");
        var empty = upload("product_code,version,month,units\n".getBytes(StandardCharsets.UTF_8));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body()).contains("no figures");
    }

    @Test
    void aQuotedFieldMayHoldCommasQuotesAndLineBreaksAndLinesKeepTheirNumbers() {
        var before = figures();
        // Line 1 holds a version label over two lines; the wrong product is on line 3 of the file.
        var csv = code + ",\"V 1,\"\"new\"\"\nsecond line\",2024-05,10\n" + "NO-SUCH-CODE,,2024-05,10\n";
        var errors = upload(csv.getBytes(StandardCharsets.UTF_8))
                .json()
                .get("errors")
                .toString();
        assertThat(errors)
                .contains(
                        "line 1",
                        "has no version V 1,\\\"new\\\"\\nsecond line",
                        "line 3",
                        "no product with code NO-SUCH-CODE")
                .doesNotContain("four columns");

        var unclosed =
                upload((code + ",,2024-05,10\n" + code + ",\"open,2024-06,10\n").getBytes(StandardCharsets.UTF_8));
        assertThat(unclosed.status()).isEqualTo(422);
        assertThat(unclosed.body()).contains("line 2", "never closed");
        assertThat(figures()).isEqualTo(before);
    }

    @Test
    void chineseMessagesNameTheLine() {
        var answer = manager.send(manager.request("/api/v1/units-sold/import")
                .header("Content-Type", "text/csv")
                .header("Accept-Language", "zh-CN")
                .POST(HttpRequest.BodyPublishers.ofString("NOPE,,2024-01,1\n"))
                .build());
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().get("errors").toString()).contains("第 1 行");
    }
}
