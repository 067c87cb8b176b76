package dev.dossier.customers;

import static dev.dossier.db.Tables.CUSTOMER;

import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where to write to a customer on the organisation's behalf (a fix of what they reported, a survey): the customer's
 * primary email address, decrypted. The caller decides access.
 */
@Service
public class CustomerEmails {

    private final DSLContext db;
    private final CustomerCrypto crypto;

    CustomerEmails(DSLContext db, CustomerCrypto crypto) {
        this.db = db;
        this.crypto = crypto;
    }

    /** The primary email address; empty when there is none or the customer is in the trash. */
    @Transactional(readOnly = true)
    public Optional<String> primaryEmail(UUID customerId) {
        return db.select(CUSTOMER.PRIMARY_EMAIL).from(CUSTOMER).where(CUSTOMER.ID.eq(customerId))
                .and(CUSTOMER.DELETED_AT.isNull()).fetchOptional(CUSTOMER.PRIMARY_EMAIL)
                .map(stored -> crypto.open(CustomerCrypto.CUSTOMER_EMAIL, stored));
    }
}
