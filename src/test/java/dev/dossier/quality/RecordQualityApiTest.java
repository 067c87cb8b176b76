package dev.dossier.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A record's quality over the API and on the dossier, for those who may read the customer and nobody else. */
@DossierTest
class RecordQualityApiTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Test
    void aVipCompanyWithoutAddressOrDecisionMakerIsToldWhatItLacksInTheReadersLanguage() {
        var admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var created = admin.post(
                "/api/v1/customers",
                ApiClient.json(Map.of(
                        "type", "COMPANY",
                        "name", "质量检查" + UUID.randomUUID().toString().substring(0, 6) + "有限公司",
                        "industry", "RETAIL",
                        "grade", "VIP",
                        "region", "NORTH_CHINA",
                        "province", "浙江省",
                        "city", "杭州市",
                        "phones",
                                List.of(Map.of(
                                        "type",
                                        "WORK",
                                        "number",
                                        "0571-8"
                                                + (1_000_000
                                                        + ThreadLocalRandom.current()
                                                                .nextInt(8_999_999)))))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var id = created.json().get("id").asString();

        var quality = admin.get("/api/v1/quality/customers/" + id);
        assertThat(quality.status()).as(quality.body()).isEqualTo(200);
        var codes = new ArrayList<String>();
        quality.json().get("issues").forEach(i -> codes.add(i.get("code").asString()));
        assertThat(codes).contains("ADDRESS", "CONTACT_PERSON", "DECISION_MAKER", "EMAIL", "REGION_AGREES");
        assertThat(quality.json().get("score").asInt()).isBetween(1, 99);
        assertThat(quality.body()).contains("East China");

        var inChinese = admin.send(admin.request("/api/v1/quality/customers/" + id)
                .header("Accept-Language", "zh-CN")
                .GET()
                .build());
        assertThat(inChinese.body()).contains("华东").contains("决策人");

        var seller = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        assertThat(seller.get("/api/v1/quality/customers/" + id).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/quality/customers/" + UUID.randomUUID()).status())
                .isEqualTo(404);
    }
}
