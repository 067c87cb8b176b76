package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT;
import static dev.dossier.db.Tables.CONTACT_POINT;
import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.CUSTOMER_CHANGE_FIELD;
import static dev.dossier.db.Tables.SENSITIVE_FIELD;

import dev.dossier.identity.CurrentUser;
import dev.dossier.keys.BlindIndex;
import dev.dossier.keys.EncryptedColumn;
import dev.dossier.keys.EncryptedData;
import dev.dossier.keys.FieldCipher;
import dev.dossier.shared.Upserts;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Encryption of the dossier's sensitive values: which columns are encrypted, the blind indexes that find them by
 * equality, the secret quick-search terms, and the optional fields an administrator marked sensitive.
 */
@Component
class CustomerCrypto implements EncryptedData {

    static final String POINT_VALUE = "contact_point.point_value";
    static final String CUSTOMER_PHONE = "customer.primary_phone";
    static final String CUSTOMER_EMAIL = "customer.primary_email";
    static final String CONTACT_PHONE = "contact.primary_phone";
    static final String CONTACT_EMAIL = "contact.primary_email";
    static final String ID_DOCUMENT = "customer.id_document_number";
    static final String BANK_ACCOUNT = "customer.bank_account";
    static final String ADDRESS_LINE = "customer.address_line";
    static final String CUSTOMER_REMARKS = "customer.remarks";
    static final String CONTACT_REMARKS = "contact.remarks";
    static final String HISTORY_OLD = "customer_change_field.old_value";
    static final String HISTORY_NEW = "customer_change_field.new_value";
    static final String IMPORT_BEFORE = "customer_import_effect.before_values";

    /** Optional fields an administrator may mark sensitive. */
    static final String FIELD_ADDRESS_LINE = "addressLine";

    static final String FIELD_REMARKS = "remarks";
    private static final List<String> MARKABLE = List.of(FIELD_ADDRESS_LINE, FIELD_REMARKS);
    private static final int TERM_HASH_BYTES = 8;

    /** History fields whose values are always encrypted. */
    static final Set<String> ALWAYS_SENSITIVE =
            Set.of("phones", "emails", "socialAccounts", "birthDate", "idDocumentNumber", "bankAccount");

    private final FieldCipher cipher;
    private final BlindIndex index;
    private final DSLContext db;
    private final Clock clock;
    private volatile Set<String> marked;

    CustomerCrypto(FieldCipher cipher, BlindIndex index, DSLContext db, Clock clock) {
        this.cipher = cipher;
        this.index = index;
        this.db = db;
        this.clock = clock;
    }

    String seal(String column, String plain) {
        return cipher.encrypt(column, plain);
    }

    String open(String column, String stored) {
        return cipher.decrypt(column, stored);
    }

    /** Encrypted when the field is marked sensitive, plain otherwise. */
    String sealIfMarked(String field, String column, String plain) {
        return markedFields().contains(field) ? cipher.encrypt(column, plain) : plain;
    }

    /** The blind index of a contact point (kind PHONE, EMAIL or SOCIAL) by its normalised value. */
    String pointIndex(String kind, String type, String value) {
        return switch (kind) {
            case CustomerRepository.PHONE -> index.of("phone", value);
            case CustomerRepository.EMAIL -> index.of("email", value.toLowerCase(Locale.ROOT));
            default -> index.of("social", type + ":" + value.strip().toLowerCase(Locale.ROOT));
        };
    }

    String idDocumentIndex(String number) {
        return number == null ? null : index.of("id-document", number.toUpperCase(Locale.ROOT));
    }

    String bankAccountIndex(String number) {
        return number == null ? null : index.of("bank-account", number);
    }

    /**
     * A secret quick-search chain as stored ({@link SearchTerms.Secret}): a mark that no typed prefix produces, then
     * the keyed hash of each level, its first five characters for the first level (30 bits: among a million
     * different values, one typed shares its code with another about once in a thousand searches) and three for each further one (18 bits more, telling apart the values
     * that share the level before); null without levels.
     */
    String termChain(List<String> levels) {
        if (levels.isEmpty()) {
            return null;
        }
        var chain = new StringBuilder("#");
        for (int i = 0; i < levels.size(); i++) {
            chain.append(index.of("term", levels.get(i), TERM_HASH_BYTES), 0, i == 0 ? 5 : 3);
        }
        return chain.toString();
    }

    /** Whether a history field's values are stored encrypted now. */
    boolean sensitiveInHistory(String field) {
        return ALWAYS_SENSITIVE.contains(field) || markedFields().contains(field);
    }

    @Override
    public List<EncryptedColumn> columns() {
        return List.of(
                EncryptedColumn.always(
                        POINT_VALUE,
                        CONTACT_POINT,
                        List.of(CONTACT_POINT.OWNER_ID, CONTACT_POINT.KIND, CONTACT_POINT.POSITION),
                        CONTACT_POINT.POINT_VALUE),
                EncryptedColumn.always(CUSTOMER_PHONE, CUSTOMER, List.of(CUSTOMER.ID), CUSTOMER.PRIMARY_PHONE),
                EncryptedColumn.always(
                        IMPORT_BEFORE,
                        dev.dossier.db.Tables.CUSTOMER_IMPORT_EFFECT,
                        List.of(
                                dev.dossier.db.Tables.CUSTOMER_IMPORT_EFFECT.IMPORT_ID,
                                dev.dossier.db.Tables.CUSTOMER_IMPORT_EFFECT.CUSTOMER_ID),
                        dev.dossier.db.Tables.CUSTOMER_IMPORT_EFFECT.BEFORE_VALUES),
                EncryptedColumn.always(CUSTOMER_EMAIL, CUSTOMER, List.of(CUSTOMER.ID), CUSTOMER.PRIMARY_EMAIL),
                EncryptedColumn.always(ID_DOCUMENT, CUSTOMER, List.of(CUSTOMER.ID), CUSTOMER.ID_DOCUMENT_NUMBER),
                EncryptedColumn.always(BANK_ACCOUNT, CUSTOMER, List.of(CUSTOMER.ID), CUSTOMER.BANK_ACCOUNT),
                EncryptedColumn.always(CONTACT_PHONE, CONTACT, List.of(CONTACT.ID), CONTACT.PRIMARY_PHONE),
                EncryptedColumn.always(CONTACT_EMAIL, CONTACT, List.of(CONTACT.ID), CONTACT.PRIMARY_EMAIL),
                EncryptedColumn.whileMarked(
                        ADDRESS_LINE,
                        CUSTOMER,
                        List.of(CUSTOMER.ID),
                        CUSTOMER.ADDRESS_LINE,
                        () -> markedFields().contains(FIELD_ADDRESS_LINE)),
                EncryptedColumn.whileMarked(
                        CUSTOMER_REMARKS,
                        CUSTOMER,
                        List.of(CUSTOMER.ID),
                        CUSTOMER.REMARKS,
                        () -> markedFields().contains(FIELD_REMARKS)),
                EncryptedColumn.whileMarked(
                        CONTACT_REMARKS,
                        CONTACT,
                        List.of(CONTACT.ID),
                        CONTACT.REMARKS,
                        () -> markedFields().contains(FIELD_REMARKS)),
                history(HISTORY_OLD, CUSTOMER_CHANGE_FIELD.OLD_VALUE),
                history(HISTORY_NEW, CUSTOMER_CHANGE_FIELD.NEW_VALUE));
    }

    /** History values are encrypted for sensitive fields; those of a field no longer marked are decrypted. */
    private EncryptedColumn history(String name, Field<String> value) {
        List<Field<?>> key = List.of(CUSTOMER_CHANGE_FIELD.CHANGE_ID, CUSTOMER_CHANGE_FIELD.POSITION);
        return new EncryptedColumn(
                name,
                CUSTOMER_CHANGE_FIELD,
                key,
                value,
                () -> {
                    var sensitive = new HashSet<>(ALWAYS_SENSITIVE);
                    sensitive.addAll(markedFields());
                    return CUSTOMER_CHANGE_FIELD.FIELD.in(sensitive);
                },
                () -> {
                    var unmarked = new HashSet<>(MARKABLE);
                    unmarked.removeAll(markedFields());
                    return unmarked.isEmpty() ? DSL.falseCondition() : CUSTOMER_CHANGE_FIELD.FIELD.in(unmarked);
                });
    }

    @Override
    public List<String> markableFields() {
        return MARKABLE;
    }

    @Override
    public Set<String> markedFields() {
        var current = marked;
        if (current == null) {
            synchronized (this) {
                current = marked;
                if (current == null) {
                    current = Set.copyOf(db.select(SENSITIVE_FIELD.FIELD_NAME)
                            .from(SENSITIVE_FIELD)
                            .fetch(SENSITIVE_FIELD.FIELD_NAME));
                    marked = current;
                }
            }
        }
        return current;
    }

    @Override
    @Transactional
    public void mark(String field, boolean sensitive) {
        if (!MARKABLE.contains(field)) {
            throw new IllegalArgumentException("Not a markable field: " + field);
        }
        if (sensitive) {
            Upserts.ifAbsent(() -> db.insertInto(SENSITIVE_FIELD)
                    .set(SENSITIVE_FIELD.FIELD_NAME, field)
                    .set(SENSITIVE_FIELD.MARKED_AT, OffsetDateTime.now(clock))
                    .set(
                            SENSITIVE_FIELD.MARKED_BY,
                            CurrentUser.find().map(u -> u.id()).orElse(null))
                    .onConflictDoNothing()
                    .execute());
        } else {
            db.deleteFrom(SENSITIVE_FIELD)
                    .where(SENSITIVE_FIELD.FIELD_NAME.eq(field))
                    .execute();
        }
        forget();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // Again once the change is committed: a load meanwhile (the background job's) read the marks before it.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    forget();
                }
            });
        }
    }

    /** Drops the loaded marks; a load under way ends first, so it cannot put back what it read before the change. */
    private synchronized void forget() {
        marked = null;
    }
}
