package dev.dossier.interactions;

import static dev.dossier.interactions.InteractionFixtures.customer;
import static dev.dossier.interactions.InteractionFixtures.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Interactions taken out as files: the list's rows, in the reader's language, formulas as text, audited. */
@DossierTest
class InteractionExportTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    @Test
    void aManagerExportsACustomersInteractionsAsCsvAndXlsx() throws Exception {
        var manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var customerId = customer(manager, "导出互动 " + UUID.randomUUID());
        log(manager, "customer:" + customerId, Map.of("summary", "电话回访，客户满意", "content", "=SUM(A1:A9)"));
        log(manager, "customer:" + customerId, Map.of("channel", "VISIT", "outcome", "NEEDS_FOLLOW_UP"));
        customer(manager, "Someone else " + UUID.randomUUID());

        var csv = manager.download("/api/v1/interactions/export?customerId=" + customerId, "en");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("interactions.csv");
        var text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFInteraction ID,Customer ID,Customer,Started,Channel");
        assertThat(text.strip().split("\r?\n")).hasSize(3);
        assertThat(text)
                .contains("电话回访，客户满意")
                .contains("'=SUM(A1:A9)")
                .contains("Visit")
                .contains("Needs follow-up")
                .contains(customerId);

        var zh = manager.download("/api/v1/interactions/export?format=XLSX&customerId=" + customerId, "zh-CN");
        assertThat(zh.statusCode()).isEqualTo(200);
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(zh.body()))) {
            var sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(2);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("互动编号");
            assertThat(sheet.getRow(1).getCell(4).getStringCellValue()).isIn("上门拜访", "电话", "拜访");
        }

        // The trail's writer links the entry into the chain a moment after the export.
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> db.fetchCount(db.selectFrom("audit_entry")
                                .where("action = 'data.exported' and detail like ?", "%" + customerId + "%"))
                        == 2);
    }

    @Test
    void withoutTheExportRightTheAnswerIsAProblemAndNothingIsWritten() {
        var sales = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        var answer = sales.get("/api/v1/interactions/export");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(sales.get("/api/v1/interactions/export?format=PDF").status()).isIn(400, 403);
    }
}
