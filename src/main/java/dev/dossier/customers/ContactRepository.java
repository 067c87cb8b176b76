package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT;
import static dev.dossier.db.Tables.CONTACT_POINT;

import dev.dossier.db.Batches;
import dev.dossier.db.InLists;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.ContactRecord;
import dev.dossier.shared.StaleVersionException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Contacts of company customers. */
@Repository
class ContactRepository {

    private final DSLContext db;
    private final CustomerRepository customers;
    private final CustomerCrypto crypto;

    ContactRepository(DSLContext db, CustomerRepository customers, CustomerCrypto crypto) {
        this.db = db;
        this.customers = customers;
        this.crypto = crypto;
    }

    List<Contact> ofCustomer(UUID customerId) {
        return ofCustomers(List.of(customerId));
    }

    /** The contacts of several customers in one read, each customer's in the order they were added. */
    List<Contact> ofCustomers(java.util.Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        var rows = db.selectFrom(CONTACT)
                .where(InLists.in(db, CONTACT.CUSTOMER_ID, customerIds))
                .and(CONTACT.DELETED_AT.isNull())
                .orderBy(CONTACT.CUSTOMER_ID, CONTACT.CREATED_AT, CONTACT.ID)
                .fetch();
        var points = customers.points(rows.map(ContactRecord::getId));
        return rows.map(r -> toContact(r, points.getOrDefault(r.getId(), ContactPoints.NONE)));
    }

    Optional<Contact> find(UUID customerId, UUID contactId) {
        var row = db.selectFrom(CONTACT)
                .where(CONTACT.ID.eq(contactId))
                .and(CONTACT.CUSTOMER_ID.eq(customerId))
                .and(CONTACT.DELETED_AT.isNull())
                .fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        return Optional.of(
                toContact(row, customers.points(List.of(contactId)).getOrDefault(contactId, ContactPoints.NONE)));
    }

    void insert(Contact contact, UUID byUserId) {
        var row = db.newRecord(CONTACT);
        write(row, contact);
        row.setId(contact.id());
        row.setCustomerId(contact.customerId());
        row.setCreatedAt(contact.createdAt());
        row.setCreatedBy(byUserId);
        row.setUpdatedBy(byUserId);
        row.insert();
        writePoints(contact);
    }

    void insertAll(List<Contact> contacts) {
        if (contacts.isEmpty()) {
            return;
        }
        var rows = contacts.stream()
                .map(contact -> {
                    var row = db.newRecord(CONTACT);
                    write(row, contact);
                    row.setId(contact.id());
                    row.setCustomerId(contact.customerId());
                    row.setCreatedAt(contact.createdAt());
                    return row;
                })
                .toList();
        Batches.insert(db, rows);
        var points = contacts.stream()
                .flatMap(c -> customers
                        .pointRecords(c.customerId(), c.id(), c.details().contactPoints())
                        .stream())
                .toList();
        if (!points.isEmpty()) {
            Batches.insert(db, points);
        }
    }

    void update(Contact contact, int expectedVersion, UUID byUserId) {
        var row = db.newRecord(CONTACT);
        write(row, contact);
        row.setUpdatedBy(byUserId);
        int updated = db.update(CONTACT)
                .set(row)
                .where(CONTACT.ID.eq(contact.id()))
                .and(CONTACT.VERSION.eq(expectedVersion))
                .and(CONTACT.DELETED_AT.isNull())
                .execute();
        if (updated == 0) {
            var current = db.select(CONTACT.VERSION)
                    .from(CONTACT)
                    .where(CONTACT.ID.eq(contact.id()))
                    .fetchOne(CONTACT.VERSION);
            throw new StaleVersionException("Contact", current == null ? -1 : current);
        }
        writePoints(contact);
    }

    void delete(Contact contact, int expectedVersion, OffsetDateTime now, UUID byUserId) {
        int updated = db.update(CONTACT)
                .set(CONTACT.DELETED_AT, now)
                .set(Stamps.changed(CONTACT, byUserId, now))
                .where(CONTACT.ID.eq(contact.id()))
                .and(CONTACT.VERSION.eq(expectedVersion))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Contact", contact.version());
        }
    }

    private void writePoints(Contact contact) {
        db.deleteFrom(CONTACT_POINT)
                .where(CONTACT_POINT.OWNER_ID.eq(contact.id()))
                .execute();
        var points = customers.pointRecords(
                contact.customerId(), contact.id(), contact.details().contactPoints());
        if (!points.isEmpty()) {
            Batches.insert(db, points);
        }
    }

    private void write(ContactRecord row, Contact contact) {
        var d = contact.details();
        row.setName(d.name());
        row.setGender(d.gender() == null ? null : d.gender().name());
        row.setBirthDate(d.birthDate());
        row.setJobTitle(d.jobTitle());
        row.setDepartment(d.department());
        row.setDecisionRole(d.decisionRole() == null ? null : d.decisionRole().name());
        row.setRemarks(crypto.sealIfMarked(CustomerCrypto.FIELD_REMARKS, CustomerCrypto.CONTACT_REMARKS, d.remarks()));
        var phone = d.contactPoints().primaryPhone();
        var email = d.contactPoints().primaryEmail();
        row.setPrimaryPhone(crypto.seal(CustomerCrypto.CONTACT_PHONE, phone == null ? null : phone.e164()));
        row.setPrimaryEmail(crypto.seal(CustomerCrypto.CONTACT_EMAIL, email == null ? null : email.value()));
        row.setUpdatedAt(contact.updatedAt());
        row.setVersion(contact.version());
    }

    private Contact toContact(ContactRecord r, ContactPoints points) {
        var details = new ContactDetails(
                r.getName(),
                r.getGender() == null ? null : Gender.valueOf(r.getGender()),
                r.getBirthDate(),
                r.getJobTitle(),
                r.getDepartment(),
                r.getDecisionRole() == null ? null : DecisionRole.valueOf(r.getDecisionRole()),
                points,
                crypto.open(CustomerCrypto.CONTACT_REMARKS, r.getRemarks()));
        return new Contact(r.getId(), r.getCustomerId(), details, r.getVersion(), r.getCreatedAt(), r.getUpdatedAt());
    }
}
