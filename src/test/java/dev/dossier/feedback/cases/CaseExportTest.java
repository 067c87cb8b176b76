package dev.dossier.feedback.cases;

import static dev.dossier.feedback.cases.CaseFixtures.customer;
import static dev.dossier.feedback.cases.CaseFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Queues of cases taken out as files: the reporter's contact details as the reader's role sees them. */
@DossierTest
class CaseExportTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Test
    void reportersContactDetailsAreMaskedForAnAuditorAndWholeForAManager() throws Exception {
        var manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var tag = unique();
        var customerId = customer(manager, "工单导出" + tag, "VIP");
        var body = new LinkedHashMap<String, Object>();
        body.put("customerId", customerId);
        body.put("title", "屏幕闪烁 " + tag);
        body.put("description", "=HYPERLINK(\"x\")");
        body.put("kind", "DEFECT");
        body.put("priority", "HIGH");
        body.put("reporterName", "李娜");
        body.put("reporterEmail", "lina" + tag + "@example.cn");
        body.put("reporterPhone", "13912345678");
        var opened = manager.post("/api/v1/cases", ApiClient.json(body));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        var number = opened.json().get("number").asString();

        var csv = manager.download("/api/v1/cases/export?queue=ALL&status=ANY&q=" + tag, "en");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("cases.csv");
        var text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFCase number,Title,Kind,Priority,Status");
        assertThat(text.strip().split("\r?\n")).hasSize(2);
        assertThat(text)
                .contains(number)
                .contains("屏幕闪烁 " + tag)
                .contains("lina" + tag + "@example.cn")
                .contains("'=HYPERLINK");

        var auditor = new ApiClient(port).signIn(users.create(Role.AUDITOR), TestUsers.PASSWORD);
        var masked = auditor.download("/api/v1/cases/export?queue=ALL&status=ANY&format=XLSX&q=" + tag, "zh-CN");
        assertThat(masked.statusCode()).isEqualTo(200);
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(masked.body()))) {
            var sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(1);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("工单号");
            var row = sheet.getRow(1);
            var cells = new StringBuilder();
            row.forEach(c -> cells.append(c.getStringCellValue()).append('|'));
            assertThat(cells.toString())
                    .contains(number)
                    .doesNotContain("lina" + tag + "@example.cn")
                    .doesNotContain("13912345678");
        }

        var agent = new ApiClient(port).signIn(users.create(Role.SERVICE), TestUsers.PASSWORD);
        assertThat(agent.get("/api/v1/cases/export").status()).isEqualTo(403);
    }
}
