package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.db.tables.records.FeedbackCaseRecord;
import dev.dossier.keys.EncryptedColumn;
import dev.dossier.keys.EncryptedData;
import dev.dossier.keys.FieldCipher;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The reporter's phone and email of a case are personal contact data, stored encrypted like a customer's: sealed as
 * a case is written, opened as it is read, and rewritten by the background job when the keys rotate (which also
 * encrypts the plain values written before).
 */
@Component
class CaseCrypto implements EncryptedData {

    static final String REPORTER_EMAIL = "feedback_case.reporter_email";
    static final String REPORTER_PHONE = "feedback_case.reporter_phone";

    private final FieldCipher cipher;

    CaseCrypto(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public List<EncryptedColumn> columns() {
        return List.of(
                EncryptedColumn.always(
                        REPORTER_EMAIL, FEEDBACK_CASE, List.of(FEEDBACK_CASE.ID), FEEDBACK_CASE.REPORTER_EMAIL),
                EncryptedColumn.always(
                        REPORTER_PHONE, FEEDBACK_CASE, List.of(FEEDBACK_CASE.ID), FEEDBACK_CASE.REPORTER_PHONE));
    }

    /** The case of a stored row, its reporter's phone and email decrypted (and not marked as changed). */
    FeedbackCase open(FeedbackCaseRecord row) {
        row.setReporterEmail(cipher.decrypt(REPORTER_EMAIL, row.getReporterEmail()));
        row.setReporterPhone(cipher.decrypt(REPORTER_PHONE, row.getReporterPhone()));
        row.changed(FEEDBACK_CASE.REPORTER_EMAIL, false);
        row.changed(FEEDBACK_CASE.REPORTER_PHONE, false);
        return new FeedbackCase(row);
    }

    /** Inserts a new case's row with its reporter's phone and email encrypted; the row keeps the plain values. */
    void insert(FeedbackCaseRecord row) {
        var email = row.getReporterEmail();
        var phone = row.getReporterPhone();
        row.setReporterEmail(cipher.encrypt(REPORTER_EMAIL, email));
        row.setReporterPhone(cipher.encrypt(REPORTER_PHONE, phone));
        row.insert();
        row.setReporterEmail(email);
        row.setReporterPhone(phone);
        row.changed(FEEDBACK_CASE.REPORTER_EMAIL, false);
        row.changed(FEEDBACK_CASE.REPORTER_PHONE, false);
    }

    String email(String stored) {
        return cipher.decrypt(REPORTER_EMAIL, stored);
    }

    String phone(String stored) {
        return cipher.decrypt(REPORTER_PHONE, stored);
    }
}
