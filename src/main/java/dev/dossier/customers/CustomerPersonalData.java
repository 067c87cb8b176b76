package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT;
import static dev.dossier.db.Tables.CONTACT_POINT;
import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.CUSTOMER_CHANGE;
import static dev.dossier.db.Tables.CUSTOMER_CHANGE_FIELD;
import static dev.dossier.db.Tables.CUSTOMER_TAG;
import static dev.dossier.db.Tables.LIFECYCLE_TRANSITION;
import static dev.dossier.db.Tables.TAG;

import dev.dossier.shared.PersonalData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

/**
 * The customers module's part of data-subject requests: everything the dossier holds about a customer, and its
 * anonymisation in place. Erasure keeps the id, type, classification, stage, region and dates so that counts and
 * reports still add up; every value that identifies or describes the person goes.
 */
@Component
class CustomerPersonalData implements PersonalData {

    /** History fields that classify rather than describe the person, kept through erasure. */
    private static final Set<String> KEPT_FIELDS = Set.of(
            "type",
            "grade",
            "lifecycleStage",
            "industry",
            "region",
            "companySize",
            "sourceChannel",
            "country",
            "province",
            "ownerId",
            "teamId",
            "tags",
            "decisionRole");

    private final DSLContext db;
    private final CustomerRepository customers;

    private final CustomerCrypto crypto;

    CustomerPersonalData(DSLContext db, CustomerRepository customers, CustomerCrypto crypto) {
        this.crypto = crypto;
        this.db = db;
        this.customers = customers;
    }

    @Override
    public String section() {
        return "customers";
    }

    @Override
    public List<Map<String, Object>> export(UUID customerId) {
        var out = new ArrayList<Map<String, Object>>();
        var customer = db.selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(customerId)).fetchOne();
        if (customer == null) {
            return out;
        }
        out.add(row("customer", customer));
        db.selectFrom(CONTACT)
                .where(CONTACT.CUSTOMER_ID.eq(customerId))
                .orderBy(CONTACT.CREATED_AT, CONTACT.ID)
                .forEach(contact -> out.add(row("contact", contact)));
        db.selectFrom(CONTACT_POINT)
                .where(CONTACT_POINT.CUSTOMER_ID.eq(customerId))
                .orderBy(CONTACT_POINT.OWNER_ID, CONTACT_POINT.KIND, CONTACT_POINT.POSITION)
                .forEach(point -> out.add(row("contact_point", point)));
        db.select(TAG.NAME)
                .from(CUSTOMER_TAG)
                .join(TAG)
                .on(TAG.ID.eq(CUSTOMER_TAG.TAG_ID))
                .where(CUSTOMER_TAG.CUSTOMER_ID.eq(customerId))
                .orderBy(TAG.NAME)
                .forEach(tag -> out.add(row("tag", tag)));
        db.selectFrom(LIFECYCLE_TRANSITION)
                .where(LIFECYCLE_TRANSITION.CUSTOMER_ID.eq(customerId))
                .orderBy(LIFECYCLE_TRANSITION.CHANGED_AT, LIFECYCLE_TRANSITION.ID)
                .forEach(stage -> out.add(row("lifecycle_transition", stage)));
        var changes = db.selectFrom(CUSTOMER_CHANGE)
                .where(CUSTOMER_CHANGE.CUSTOMER_ID.eq(customerId))
                .orderBy(CUSTOMER_CHANGE.CHANGED_AT, CUSTOMER_CHANGE.ID)
                .fetch();
        var fields = db.selectFrom(CUSTOMER_CHANGE_FIELD)
                .where(CUSTOMER_CHANGE_FIELD.CHANGE_ID.in(db.select(CUSTOMER_CHANGE.ID)
                        .from(CUSTOMER_CHANGE)
                        .where(CUSTOMER_CHANGE.CUSTOMER_ID.eq(customerId))))
                .orderBy(CUSTOMER_CHANGE_FIELD.CHANGE_ID, CUSTOMER_CHANGE_FIELD.POSITION)
                .fetchGroups(CUSTOMER_CHANGE_FIELD.CHANGE_ID);
        for (var change : changes) {
            var entry = row("change", change);
            var changed = fields.get(change.getId());
            entry.put(
                    "fields",
                    changed == null
                            ? List.of()
                            : changed.map(f -> {
                                var field = new LinkedHashMap<String, Object>();
                                field.put("field", f.getField());
                                field.put("old_value", crypto.open(CustomerCrypto.HISTORY_OLD, f.getOldValue()));
                                field.put("new_value", crypto.open(CustomerCrypto.HISTORY_NEW, f.getNewValue()));
                                return field;
                            }));
            out.add(entry);
        }
        return out;
    }

    @Override
    public void erase(UUID customerId) {
        if (!db.fetchExists(CUSTOMER, CUSTOMER.ID.eq(customerId))) {
            return;
        }
        var label = "Anonymous " + customerId.toString().substring(0, 8);
        db.update(CUSTOMER)
                .set(CUSTOMER.NAME, label)
                .set(CUSTOMER.SORT_NAME, CustomerRepository.sortName(label))
                .setNull(CUSTOMER.LEGAL_NAME)
                .setNull(CUSTOMER.GENDER)
                .setNull(CUSTOMER.BIRTH_DATE)
                .setNull(CUSTOMER.WEBSITE)
                .setNull(CUSTOMER.PREFERRED_LANGUAGE)
                .setNull(CUSTOMER.CITY)
                .setNull(CUSTOMER.DISTRICT)
                .setNull(CUSTOMER.ADDRESS_LINE)
                .setNull(CUSTOMER.POSTAL_CODE)
                .setNull(CUSTOMER.REMARKS)
                .setNull(CUSTOMER.PRIMARY_PHONE)
                .setNull(CUSTOMER.PRIMARY_EMAIL)
                .setNull(CUSTOMER.ID_DOCUMENT_TYPE)
                .setNull(CUSTOMER.ID_DOCUMENT_NUMBER)
                .setNull(CUSTOMER.ID_DOCUMENT_INDEX)
                .setNull(CUSTOMER.BANK_NAME)
                .setNull(CUSTOMER.BANK_ACCOUNT)
                .setNull(CUSTOMER.BANK_ACCOUNT_INDEX)
                .set(CUSTOMER.VERSION, CUSTOMER.VERSION.plus(1))
                .where(CUSTOMER.ID.eq(customerId))
                .execute();
        var contactLabel = "Anonymous contact";
        db.update(CONTACT)
                .set(CONTACT.NAME, contactLabel)
                .setNull(CONTACT.GENDER)
                .setNull(CONTACT.BIRTH_DATE)
                .setNull(CONTACT.JOB_TITLE)
                .setNull(CONTACT.DEPARTMENT)
                .setNull(CONTACT.REMARKS)
                .setNull(CONTACT.PRIMARY_PHONE)
                .setNull(CONTACT.PRIMARY_EMAIL)
                .set(CONTACT.VERSION, CONTACT.VERSION.plus(1))
                .where(CONTACT.CUSTOMER_ID.eq(customerId))
                .execute();
        db.deleteFrom(CONTACT_POINT)
                .where(CONTACT_POINT.CUSTOMER_ID.eq(customerId))
                .execute();
        db.update(CUSTOMER_CHANGE)
                .set(CUSTOMER_CHANGE.SUBJECT_LABEL, label)
                .where(CUSTOMER_CHANGE.CUSTOMER_ID.eq(customerId))
                .and(CUSTOMER_CHANGE.SUBJECT_KIND.eq("CUSTOMER"))
                .execute();
        db.update(CUSTOMER_CHANGE)
                .set(CUSTOMER_CHANGE.SUBJECT_LABEL, contactLabel)
                .where(CUSTOMER_CHANGE.CUSTOMER_ID.eq(customerId))
                .and(CUSTOMER_CHANGE.SUBJECT_KIND.ne("CUSTOMER"))
                .execute();
        db.update(CUSTOMER_CHANGE_FIELD)
                .setNull(CUSTOMER_CHANGE_FIELD.OLD_VALUE)
                .setNull(CUSTOMER_CHANGE_FIELD.NEW_VALUE)
                .where(CUSTOMER_CHANGE_FIELD.CHANGE_ID.in(db.select(CUSTOMER_CHANGE.ID)
                        .from(CUSTOMER_CHANGE)
                        .where(CUSTOMER_CHANGE.CUSTOMER_ID.eq(customerId))))
                .and(CUSTOMER_CHANGE_FIELD.FIELD.notIn(KEPT_FIELDS))
                .execute();
        customers.refreshSearchTerms(customerId);
    }

    /**
     * One stored record as the customer receives it: encrypted values in plain text (they are the customer's own),
     * blind indexes left out (they mean nothing outside Dossier).
     */
    private Map<String, Object> row(String kind, Record record) {
        var map = new LinkedHashMap<String, Object>();
        map.put("record", kind);
        var table = record instanceof org.jooq.TableRecord<?> t ? t.getTable().getName() : kind;
        record.intoMap().forEach((column, value) -> {
            if (column.endsWith("_index")) {
                return;
            }
            map.put(
                    column,
                    value instanceof String text && dev.dossier.keys.FieldCipher.isEncrypted(text)
                            ? crypto.open(table + "." + column, text)
                            : value);
        });
        return map;
    }
}
