package dev.dossier.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/** Records and withdraws customers' consents through the API, as a privacy officer does. */
public final class Consents {

    private Consents() {}

    /** Records a consent for the purpose; answers its id. */
    public static String give(ApiClient officer, String customerId, String purpose) {
        var answer = officer.post(
                "/api/v1/customers/" + customerId + "/consents",
                ApiClient.json(Map.of("purpose", purpose, "scope", "Test consent", "channel", "WEB_FORM")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    /** Withdraws a consent in force. */
    public static void withdraw(ApiClient officer, String customerId, String consentId) {
        var answer = officer.post(
                "/api/v1/customers/" + customerId + "/consents/" + consentId + "/withdrawal",
                ApiClient.json(Map.of("reason", "Asked us to stop")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
}
