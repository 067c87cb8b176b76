package dev.dossier.privacy;

import static dev.dossier.db.Tables.SUBJECT_REQUEST;

import dev.dossier.keys.EncryptedColumn;
import dev.dossier.keys.EncryptedData;
import dev.dossier.keys.FieldCipher;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * How to reach the person behind a data-subject request (a phone or an email) is contact data, stored encrypted like
 * a customer's; the background job rewrites it when the keys rotate and encrypts plain values written before.
 */
@Component
class PrivacyCrypto implements EncryptedData {

    static final String REQUESTER_CONTACT = "subject_request.requester_contact";

    private final FieldCipher cipher;

    PrivacyCrypto(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public List<EncryptedColumn> columns() {
        return List.of(EncryptedColumn.always(
                REQUESTER_CONTACT, SUBJECT_REQUEST, List.of(SUBJECT_REQUEST.ID), SUBJECT_REQUEST.REQUESTER_CONTACT));
    }

    String seal(String contact) {
        return cipher.encrypt(REQUESTER_CONTACT, contact);
    }

    String open(String stored) {
        return cipher.decrypt(REQUESTER_CONTACT, stored);
    }
}
