package dev.dossier.notifications;

import static dev.dossier.db.Tables.CUSTOMER_EMAIL;

import dev.dossier.keys.EncryptedColumn;
import dev.dossier.keys.EncryptedData;
import dev.dossier.keys.FieldCipher;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The address an email to a customer goes to is contact data, kept in the outbox encrypted like the customer's own;
 * the background job rewrites it when the keys rotate and encrypts plain values written before.
 */
@Component
class NotificationsCrypto implements EncryptedData {

    static final String TO_ADDRESS = "customer_email.to_address";

    private final FieldCipher cipher;

    NotificationsCrypto(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public List<EncryptedColumn> columns() {
        return List.of(EncryptedColumn.always(
                TO_ADDRESS, CUSTOMER_EMAIL, List.of(CUSTOMER_EMAIL.ID), CUSTOMER_EMAIL.TO_ADDRESS));
    }

    String seal(String address) {
        return cipher.encrypt(TO_ADDRESS, address);
    }

    String open(String stored) {
        return cipher.decrypt(TO_ADDRESS, stored);
    }
}
