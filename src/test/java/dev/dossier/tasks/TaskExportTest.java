package dev.dossier.tasks;

import static dev.dossier.tasks.TaskFixtures.aTask;
import static dev.dossier.tasks.TaskFixtures.customer;
import static dev.dossier.tasks.TaskFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Task lists taken out as files: the view's rows, in the reader's language, formulas as text. */
@DossierTest
class TaskExportTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Test
    void aManagerExportsTheirTasksAndASellerMayNot() throws Exception {
        var manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var tag = unique();
        var customerId = customer(manager, "任务导出客户" + tag, "VIP");
        aTask("回访客户 " + tag).aboutCustomer(customerId).with("priority", "HIGH").create(manager);
        aTask("@SUM " + tag).with("description", "+1 call back").create(manager);

        var csv = manager.download("/api/v1/tasks/export?view=MINE", "en");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("tasks.csv");
        var text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFTask ID,Title,Kind,Priority,Status,Due");
        assertThat(text.strip().split("\r?\n")).hasSize(3);
        assertThat(text)
                .contains("回访客户 " + tag)
                .contains("任务导出客户" + tag)
                .contains("'@SUM " + tag)
                .contains("'+1 call back")
                .contains("High");

        var xlsx = manager.download("/api/v1/tasks/export?view=MINE&format=XLSX", "zh-CN");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            var sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(2);
            assertThat(sheet.getRow(0).getCell(1).getStringCellValue()).isEqualTo("标题");
        }

        var seller = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        var denied = seller.get("/api/v1/tasks/export");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.header("Content-Type")).startsWith("application/problem+json");
    }
}
