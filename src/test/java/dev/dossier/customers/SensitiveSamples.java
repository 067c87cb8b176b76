package dev.dossier.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.support.ApiClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Customers with distinctive sensitive values (phones, emails, social accounts, identity documents and bank
 * accounts), saved through the API, and a check that none of those values appears in some bytes.
 */
final class SensitiveSamples {

    /**
     * One customer's distinctive values.
     *
     * @param id customer id
     * @param name name (not sensitive: stored in plain text)
     * @param phoneDigits the mobile number's 11 digits
     * @param email email address
     * @param wechat WeChat account
     * @param idNumber resident identity number
     * @param bankAccount bank account number
     * @param contactPhoneDigits a contact's mobile number
     * @param contactEmail a contact's email
     */
    record Sample(
            String id,
            String name,
            String phoneDigits,
            String email,
            String wechat,
            String idNumber,
            String bankAccount,
            String contactPhoneDigits,
            String contactEmail) {

        /** Every sensitive value, as typed and as the digits or forms it is stored in. */
        List<String> secrets() {
            return List.of(
                    phoneDigits,
                    "+86" + phoneDigits,
                    email,
                    wechat,
                    idNumber,
                    bankAccount,
                    contactPhoneDigits,
                    "+86" + contactPhoneDigits,
                    contactEmail);
        }
    }

    private SensitiveSamples() {}

    /** An individual and a company with a contact, both with distinctive sensitive values, created through the API. */
    static List<Sample> create(ApiClient api, int count) {
        var samples = new ArrayList<Sample>();
        for (int i = 0; i < count; i++) {
            var phone = "139" + digits(8);
            var email = "qzv" + letters(9) + "@post-" + letters(6) + ".example.net";
            var wechat = "wx_" + letters(12);
            var base = "440305" + "19" + digits(2) + "0917" + digits(3);
            var idNumber = base + ResidentIdNumber.checkCharacter(base);
            var bank = "6222" + digits(15);
            var name = "Sample " + letters(8);
            var body = new LinkedHashMap<String, Object>();
            body.put("type", "INDIVIDUAL");
            body.put("name", name);
            body.put(
                    "phones",
                    List.of(Map.of(
                            "type",
                            "MOBILE",
                            "number",
                            phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7))));
            body.put("emails", List.of(Map.of("type", "PERSONAL", "address", email)));
            body.put("socialAccounts", List.of(Map.of("type", "WECHAT", "handle", wechat)));
            body.put("idDocumentType", "RESIDENT_ID");
            body.put("idDocumentNumber", idNumber);
            body.put("bankName", "China Merchants Bank");
            body.put("bankAccount", bank.substring(0, 4) + " " + bank.substring(4));
            var created = api.post("/api/v1/customers", ApiClient.json(body));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            var id = created.json().get("id").asString();

            var company = new LinkedHashMap<String, Object>();
            company.put("type", "COMPANY");
            company.put("name", name + " Ltd");
            company.put("industry", "RETAIL");
            var companyId = api.post("/api/v1/customers", ApiClient.json(company))
                    .json()
                    .get("id")
                    .asString();
            var contactPhone = "138" + digits(8);
            var contactEmail = "kxw" + letters(9) + "@desk-" + letters(6) + ".example.org";
            var contact = api.post(
                    "/api/v1/customers/" + companyId + "/contacts",
                    ApiClient.json(Map.of(
                            "name",
                            "Contact " + letters(6),
                            "phones",
                            List.of(Map.of("number", contactPhone)),
                            "emails",
                            List.of(Map.of("address", contactEmail)))));
            assertThat(contact.status()).as(contact.body()).isEqualTo(201);
            samples.add(new Sample(id, name, phone, email, wechat, idNumber, bank, contactPhone, contactEmail));
        }
        return samples;
    }

    /** The sensitive values found in {@code bytes} (as UTF-8 text); empty when none is. */
    static List<String> foundIn(byte[] bytes, List<Sample> samples) {
        var found = new ArrayList<String>();
        for (var sample : samples) {
            for (var secret : sample.secrets()) {
                if (indexOf(bytes, secret.getBytes(StandardCharsets.UTF_8)) >= 0) {
                    found.add(secret);
                }
            }
        }
        return found;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String digits(int n) {
        var random = ThreadLocalRandom.current();
        var out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    static String letters(int n) {
        var random = ThreadLocalRandom.current();
        var out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }
}
