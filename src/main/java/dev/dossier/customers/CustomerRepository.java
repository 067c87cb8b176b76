package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT;
import static dev.dossier.db.Tables.CONTACT_POINT;
import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.CUSTOMER_SEARCH_TERM;
import static dev.dossier.db.Tables.CUSTOMER_TAG;
import static dev.dossier.db.Tables.TAG;

import dev.dossier.db.Batches;
import dev.dossier.db.InLists;
import dev.dossier.db.RenderedOnce;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.ContactPointRecord;
import dev.dossier.db.tables.records.CustomerRecord;
import dev.dossier.db.tables.records.CustomerSearchTermRecord;
import dev.dossier.db.tables.records.CustomerTagRecord;
import dev.dossier.shared.EmailAddress;
import dev.dossier.shared.PhoneNumber;
import dev.dossier.shared.StaleVersionException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Customers with their contact points, tags and quick-search terms. */
@Repository
class CustomerRepository {

    static final String PHONE = "PHONE";
    static final String EMAIL = "EMAIL";
    static final String SOCIAL = "SOCIAL";
    private static final String[] TAG_COLORS = {
        "#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#4b5563"
    };

    private final DSLContext db;
    private final Clock clock;
    private final CustomerCrypto crypto;
    private final RenderedOnce rendered;

    CustomerRepository(DSLContext db, Clock clock, CustomerCrypto crypto, RenderedOnce rendered) {
        this.db = db;
        this.rendered = rendered;
        this.clock = clock;
        this.crypto = crypto;
    }

    Optional<Customer> find(UUID id) {
        var row = rendered
                .fetch(
                        "customer by id",
                        CUSTOMER,
                        () -> db.selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(DSL.param("id", CUSTOMER.ID))),
                        id)
                .stream()
                .findFirst()
                .orElse(null);
        if (row == null) {
            return Optional.empty();
        }
        var points = points(List.of(id)).getOrDefault(id, ContactPoints.NONE);
        var tags = tagNames(List.of(id)).getOrDefault(id, List.of());
        return Optional.of(toCustomer(row, points, tags));
    }

    /** Several customers by id, in the order of {@code ids}; ids that do not exist are left out. */
    List<Customer> findAll(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var rows =
                db.selectFrom(CUSTOMER).where(InLists.in(db, CUSTOMER.ID, ids)).fetchMap(CUSTOMER.ID);
        var points = points(ids);
        var tags = tagNames(ids);
        return ids.stream()
                .filter(rows::containsKey)
                .map(id -> toCustomer(
                        rows.get(id), points.getOrDefault(id, ContactPoints.NONE), tags.getOrDefault(id, List.of())))
                .toList();
    }

    /** Inserts new customers in batches: rows, contact points, tags and search terms. */
    void insertAll(Collection<Customer> customers) {
        insertAll(customers, Map.of());
    }

    /**
     * Inserts new customers in batches, their search terms including those of the contacts given (which the caller
     * inserts).
     */
    void insertAll(Collection<Customer> customers, Map<UUID, List<Contact>> contactsOf) {
        if (customers.isEmpty()) {
            return;
        }
        var tagIds = tagIds(
                customers.stream().flatMap(c -> c.details().tags().stream()).collect(Collectors.toSet()));
        var rows = new ArrayList<CustomerRecord>();
        var points = new ArrayList<ContactPointRecord>();
        var tags = new ArrayList<CustomerTagRecord>();
        var terms = new ArrayList<CustomerSearchTermRecord>();
        for (var customer : customers) {
            var row = db.newRecord(CUSTOMER);
            write(row, customer);
            row.setId(customer.id());
            row.setCreatedAt(customer.createdAt());
            row.setCreatedBy(customer.createdBy());
            rows.add(row);
            points.addAll(pointRecords(
                    customer.id(), customer.id(), customer.details().contactPoints()));
            for (var tag : customer.details().tags()) {
                tags.add(new CustomerTagRecord(customer.id(), tagIds.get(tag)));
            }
            var set = new SearchTerms.Terms(crypto::termChain);
            addCustomerTerms(set, customer.details());
            var contacts = contactsOf.getOrDefault(customer.id(), List.of());
            if (!contacts.isEmpty()) {
                set.offset(2);
                for (var contact : contacts) {
                    SearchTerms.addName(set, contact.details().name(), true);
                    addPointTerms(set, contact.details().contactPoints());
                }
            }
            set.ranks()
                    .forEach((term, rank) ->
                            terms.add(new CustomerSearchTermRecord(term, customer.id(), rank.shortValue())));
        }
        Batches.insert(db, rows);
        if (!points.isEmpty()) {
            Batches.insert(db, points);
        }
        if (!tags.isEmpty()) {
            Batches.insert(db, tags);
        }
        Batches.insert(db, terms);
    }

    void insert(Customer customer) {
        insertAll(List.of(customer));
    }

    /** Writes a revised customer if nobody else changed it since {@code expectedVersion}. */
    void update(Customer customer, int expectedVersion) {
        var row = db.newRecord(CUSTOMER);
        write(row, customer);
        row.changed(CUSTOMER.ID, false);
        int updated = db.update(CUSTOMER)
                .set(row)
                .where(CUSTOMER.ID.eq(customer.id()))
                .and(CUSTOMER.VERSION.eq(expectedVersion))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Customer", currentVersion(customer.id()));
        }
        db.deleteFrom(CONTACT_POINT)
                .where(CONTACT_POINT.OWNER_ID.eq(customer.id()))
                .execute();
        var points =
                pointRecords(customer.id(), customer.id(), customer.details().contactPoints());
        if (!points.isEmpty()) {
            Batches.insert(db, points);
        }
        db.deleteFrom(CUSTOMER_TAG)
                .where(CUSTOMER_TAG.CUSTOMER_ID.eq(customer.id()))
                .execute();
        var tagIds = tagIds(Set.copyOf(customer.details().tags()));
        var tags = customer.details().tags().stream()
                .map(t -> new CustomerTagRecord(customer.id(), tagIds.get(t)))
                .toList();
        if (!tags.isEmpty()) {
            Batches.insert(db, tags);
        }
        refreshSearchTerms(customer.id());
    }

    /** Moves to or from the trash, with the same version check as an update. */
    void updateTrashState(Customer customer, int expectedVersion) {
        int updated = db.update(CUSTOMER)
                .set(CUSTOMER.DELETED_AT, customer.deletedAt())
                .set(CUSTOMER.VERSION, customer.version())
                .set(CUSTOMER.UPDATED_AT, customer.updatedAt())
                .set(CUSTOMER.UPDATED_BY, customer.updatedBy())
                .where(CUSTOMER.ID.eq(customer.id()))
                .and(CUSTOMER.VERSION.eq(expectedVersion))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Customer", currentVersion(customer.id()));
        }
    }

    /** Counts a change made elsewhere in the dossier (a contact) as a new version of the customer. */
    void touch(UUID customerId, UUID byUserId) {
        db.update(CUSTOMER)
                .set(Stamps.changed(CUSTOMER, byUserId, OffsetDateTime.now(clock)))
                .where(CUSTOMER.ID.eq(customerId))
                .execute();
    }

    void delete(UUID id) {
        db.deleteFrom(CUSTOMER).where(CUSTOMER.ID.eq(id)).execute();
    }

    int currentVersion(UUID id) {
        var version = db.select(CUSTOMER.VERSION)
                .from(CUSTOMER)
                .where(CUSTOMER.ID.eq(id))
                .fetchOne(CUSTOMER.VERSION);
        return version == null ? -1 : version;
    }

    /** Rebuilds a customer's search terms from the database: its own names and points, and its contacts'. */
    void refreshSearchTerms(UUID customerId) {
        var customer = find(customerId).orElseThrow();
        var set = new SearchTerms.Terms(crypto::termChain);
        addCustomerTerms(set, customer.details());
        set.offset(2);
        var contacts = db.select(CONTACT.ID, CONTACT.NAME)
                .from(CONTACT)
                .where(CONTACT.CUSTOMER_ID.eq(customerId))
                .and(CONTACT.DELETED_AT.isNull())
                .fetch();
        var contactPoints = points(contacts.map(r -> r.value1()));
        for (var contact : contacts) {
            SearchTerms.addName(set, contact.value2(), true);
            addPointTerms(set, contactPoints.getOrDefault(contact.value1(), ContactPoints.NONE));
        }
        db.deleteFrom(CUSTOMER_SEARCH_TERM)
                .where(CUSTOMER_SEARCH_TERM.CUSTOMER_ID.eq(customerId))
                .execute();
        Batches.insert(
                db,
                set.ranks().entrySet().stream()
                        .map(t -> new CustomerSearchTermRecord(
                                t.getKey(), customerId, t.getValue().shortValue()))
                        .toList());
        db.update(CUSTOMER)
                .set(CUSTOMER.SEARCH_TERMS_VERSION, SearchTerms.VERSION)
                .where(CUSTOMER.ID.eq(customerId))
                .and(CUSTOMER.SEARCH_TERMS_VERSION.ne(SearchTerms.VERSION))
                .execute();
    }

    /** A customer's own search terms: its names, phones and email addresses. */
    static void addCustomerTerms(SearchTerms.Terms set, CustomerDetails details) {
        SearchTerms.addName(set, details.name(), details.type() == CustomerType.INDIVIDUAL);
        SearchTerms.addName(set, details.legalName(), false);
        addPointTerms(set, details.contactPoints());
    }

    private static void addPointTerms(SearchTerms.Terms set, ContactPoints points) {
        points.phones().forEach(p -> SearchTerms.addPhone(set, p.number()));
        points.emails().forEach(e -> SearchTerms.addEmail(set, e.address().value()));
    }

    /** Contact points by owner (customer or contact id). */
    Map<UUID, ContactPoints> points(Collection<UUID> ownerIds) {
        if (ownerIds.isEmpty()) {
            return Map.of();
        }
        var phones = new HashMap<UUID, List<ContactPoints.Phone>>();
        var emails = new HashMap<UUID, List<ContactPoints.Email>>();
        var social = new HashMap<UUID, List<ContactPoints.SocialAccount>>();
        // One owner (a dossier opened) is the common case: its statement is rendered once.
        Iterable<ContactPointRecord> rows = ownerIds.size() == 1
                ? rendered.fetch(
                        "contact points of one owner",
                        CONTACT_POINT,
                        () -> db.selectFrom(CONTACT_POINT)
                                .where(CONTACT_POINT.OWNER_ID.eq(DSL.param("owner", CONTACT_POINT.OWNER_ID)))
                                .orderBy(CONTACT_POINT.KIND, CONTACT_POINT.POSITION),
                        ownerIds.iterator().next())
                : db.selectFrom(CONTACT_POINT)
                        .where(InLists.in(db, CONTACT_POINT.OWNER_ID, ownerIds))
                        .orderBy(CONTACT_POINT.OWNER_ID, CONTACT_POINT.KIND, CONTACT_POINT.POSITION)
                        .fetch();
        rows.forEach(r -> {
            switch (r.getKind()) {
                case PHONE ->
                    phones.computeIfAbsent(r.getOwnerId(), k -> new ArrayList<>())
                            .add(new ContactPoints.Phone(
                                    PhoneType.valueOf(r.getType()),
                                    new PhoneNumber(crypto.open(CustomerCrypto.POINT_VALUE, r.getPointValue()))));
                case EMAIL ->
                    emails.computeIfAbsent(r.getOwnerId(), k -> new ArrayList<>())
                            .add(new ContactPoints.Email(
                                    EmailType.valueOf(r.getType()),
                                    new EmailAddress(crypto.open(CustomerCrypto.POINT_VALUE, r.getPointValue()))));
                default ->
                    social.computeIfAbsent(r.getOwnerId(), k -> new ArrayList<>())
                            .add(new ContactPoints.SocialAccount(
                                    SocialType.valueOf(r.getType()),
                                    crypto.open(CustomerCrypto.POINT_VALUE, r.getPointValue())));
            }
        });
        var result = new HashMap<UUID, ContactPoints>();
        for (var owner : ownerIds) {
            result.put(
                    owner,
                    new ContactPoints(
                            phones.getOrDefault(owner, List.of()),
                            emails.getOrDefault(owner, List.of()),
                            social.getOrDefault(owner, List.of())));
        }
        return result;
    }

    /** Contact point rows: values encrypted, each with its blind index. */
    List<ContactPointRecord> pointRecords(UUID customerId, UUID ownerId, ContactPoints points) {
        var records = new ArrayList<ContactPointRecord>();
        for (int i = 0; i < points.phones().size(); i++) {
            var p = points.phones().get(i);
            records.add(pointRecord(
                    customerId, ownerId, PHONE, i, p.type().name(), p.number().e164()));
        }
        for (int i = 0; i < points.emails().size(); i++) {
            var e = points.emails().get(i);
            records.add(pointRecord(
                    customerId, ownerId, EMAIL, i, e.type().name(), e.address().value()));
        }
        for (int i = 0; i < points.socialAccounts().size(); i++) {
            var s = points.socialAccounts().get(i);
            records.add(pointRecord(customerId, ownerId, SOCIAL, i, s.type().name(), s.handle()));
        }
        return records;
    }

    private ContactPointRecord pointRecord(
            UUID customerId, UUID ownerId, String kind, int position, String type, String value) {
        return new ContactPointRecord(
                customerId,
                ownerId,
                kind,
                position,
                type,
                crypto.seal(CustomerCrypto.POINT_VALUE, value),
                crypto.pointIndex(kind, type, value));
    }

    /**
     * Customers (in or out of the trash) that have this phone or email themselves or through a contact, found by
     * the blind index: the duplicate check of a number or address that is stored encrypted.
     */
    List<UUID> withPhoneOrEmail(PhoneNumber phone, EmailAddress email) {
        org.jooq.Condition condition = org.jooq.impl.DSL.falseCondition();
        if (phone != null) {
            condition = condition.or(CONTACT_POINT
                    .KIND
                    .eq(PHONE)
                    .and(CONTACT_POINT.POINT_INDEX.eq(crypto.pointIndex(PHONE, null, phone.e164()))));
        }
        if (email != null) {
            condition = condition.or(CONTACT_POINT
                    .KIND
                    .eq(EMAIL)
                    .and(CONTACT_POINT.POINT_INDEX.eq(crypto.pointIndex(EMAIL, null, email.value()))));
        }
        return db.selectDistinct(CONTACT_POINT.CUSTOMER_ID)
                .from(CONTACT_POINT)
                .where(condition)
                .fetch(CONTACT_POINT.CUSTOMER_ID);
    }

    /** Customers with this identity document number or bank account, by their blind indexes. */
    List<UUID> withIdentification(String documentNumber, String bankAccount) {
        org.jooq.Condition condition = org.jooq.impl.DSL.falseCondition();
        if (documentNumber != null) {
            condition = condition.or(CUSTOMER.ID_DOCUMENT_INDEX.eq(crypto.idDocumentIndex(documentNumber)));
        }
        if (bankAccount != null) {
            condition = condition.or(CUSTOMER.BANK_ACCOUNT_INDEX.eq(crypto.bankAccountIndex(bankAccount)));
        }
        return db.select(CUSTOMER.ID)
                .from(CUSTOMER)
                .where(condition)
                .orderBy(CUSTOMER.ID)
                .fetch(CUSTOMER.ID);
    }

    /** Tag names by customer, in tag-name order. */
    Map<UUID, List<String>> tagNames(Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return Map.of();
        }
        var result = new HashMap<UUID, List<String>>();
        if (customerIds.size() == 1) {
            var id = customerIds.iterator().next();
            var names = rendered.fetch(
                            "tags of one customer",
                            () -> db.select(TAG.NAME)
                                    .from(CUSTOMER_TAG)
                                    .join(TAG)
                                    .on(TAG.ID.eq(CUSTOMER_TAG.TAG_ID))
                                    .where(CUSTOMER_TAG.CUSTOMER_ID.eq(DSL.param("customer", CUSTOMER_TAG.CUSTOMER_ID)))
                                    .orderBy(TAG.NAME),
                            id)
                    .getValues(TAG.NAME);
            if (!names.isEmpty()) {
                result.put(id, new ArrayList<>(names));
            }
            return result;
        }
        db.select(CUSTOMER_TAG.CUSTOMER_ID, TAG.NAME)
                .from(CUSTOMER_TAG)
                .join(TAG)
                .on(TAG.ID.eq(CUSTOMER_TAG.TAG_ID))
                .where(InLists.in(db, CUSTOMER_TAG.CUSTOMER_ID, customerIds))
                .orderBy(TAG.NAME)
                .forEach(r -> result.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(r.value2()));
        return result;
    }

    /** Ids of the named tags, creating those that do not exist yet. */
    Map<String, UUID> tagIds(Set<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        var ids = new LinkedHashMap<String, UUID>();
        db.select(TAG.NAME, TAG.ID).from(TAG).where(TAG.NAME.in(names)).forEach(r -> ids.put(r.value1(), r.value2()));
        var now = OffsetDateTime.now(clock);
        int colorIndex = db.fetchCount(TAG);
        for (var name : names) {
            if (!ids.containsKey(name)) {
                var id = UUID.randomUUID();
                db.insertInto(TAG)
                        .set(TAG.ID, id)
                        .set(TAG.NAME, name)
                        .set(TAG.COLOR, TAG_COLORS[colorIndex++ % TAG_COLORS.length])
                        .set(TAG.CREATED_AT, now)
                        .set(TAG.UPDATED_AT, now)
                        .set(TAG.VERSION, 0)
                        .execute();
                ids.put(name, id);
            }
        }
        return ids;
    }

    private void write(CustomerRecord row, Customer customer) {
        var d = customer.details();
        var a = d.address();
        row.setType(d.type().name());
        row.setName(d.name());
        row.setSortName(sortName(d.name()));
        row.setLegalName(d.legalName());
        row.setGender(d.gender() == null ? null : d.gender().name());
        row.setBirthDate(d.birthDate());
        row.setIndustry(d.industry() == null ? null : d.industry().name());
        row.setCompanySize(d.companySize() == null ? null : d.companySize().name());
        row.setWebsite(d.website());
        row.setGrade(d.grade().name());
        row.setLifecycleStage(d.lifecycleStage().name());
        row.setRegion(d.region() == null ? null : d.region().name());
        row.setSourceChannel(
                d.sourceChannel() == null ? null : d.sourceChannel().name());
        row.setCountry(a.country());
        row.setProvince(a.province());
        row.setCity(a.city());
        row.setDistrict(a.district());
        row.setAddressLine(
                crypto.sealIfMarked(CustomerCrypto.FIELD_ADDRESS_LINE, CustomerCrypto.ADDRESS_LINE, a.line()));
        row.setPostalCode(a.postalCode());
        row.setOwnerId(d.ownerId());
        row.setTeamId(d.teamId());
        row.setRemarks(crypto.sealIfMarked(CustomerCrypto.FIELD_REMARKS, CustomerCrypto.CUSTOMER_REMARKS, d.remarks()));
        var phone = d.contactPoints().primaryPhone();
        var email = d.contactPoints().primaryEmail();
        row.setPrimaryPhone(crypto.seal(CustomerCrypto.CUSTOMER_PHONE, phone == null ? null : phone.e164()));
        row.setPrimaryEmail(crypto.seal(CustomerCrypto.CUSTOMER_EMAIL, email == null ? null : email.value()));
        var id = d.identification();
        row.setIdDocumentType(
                id.documentType() == null ? null : id.documentType().name());
        row.setIdDocumentNumber(crypto.seal(CustomerCrypto.ID_DOCUMENT, id.documentNumber()));
        row.setIdDocumentIndex(crypto.idDocumentIndex(id.documentNumber()));
        row.setBankName(id.bankName());
        row.setBankAccount(crypto.seal(CustomerCrypto.BANK_ACCOUNT, id.bankAccount()));
        row.setBankAccountIndex(crypto.bankAccountIndex(id.bankAccount()));
        row.setPreferredLanguage(d.preferredLanguage());
        row.setUpdatedAt(customer.updatedAt());
        row.setUpdatedBy(customer.updatedBy());
        row.setVersion(customer.version());
        row.setDeletedAt(customer.deletedAt());
    }

    /** The key lists sort by: Chinese names by their pinyin, so 张 files under Z beside Zhang. */
    static String sortName(String name) {
        var key = Pinyin.reading(name).toLowerCase();
        return key.length() > 200 ? key.substring(0, 200) : key;
    }

    private Customer toCustomer(CustomerRecord r, ContactPoints points, List<String> tags) {
        var details = new CustomerDetails(
                CustomerType.valueOf(r.getType()),
                r.getName(),
                r.getLegalName(),
                r.getGender() == null ? null : Gender.valueOf(r.getGender()),
                r.getBirthDate(),
                r.getIndustry() == null ? null : Industry.valueOf(r.getIndustry()),
                r.getCompanySize() == null ? null : CompanySize.valueOf(r.getCompanySize()),
                r.getWebsite(),
                Grade.valueOf(r.getGrade()),
                LifecycleStage.valueOf(r.getLifecycleStage()),
                r.getRegion() == null ? null : Region.valueOf(r.getRegion()),
                r.getSourceChannel() == null ? null : SourceChannel.valueOf(r.getSourceChannel()),
                new CustomerDetails.Address(
                        r.getCountry(),
                        r.getProvince(),
                        r.getCity(),
                        r.getDistrict(),
                        crypto.open(CustomerCrypto.ADDRESS_LINE, r.getAddressLine()),
                        r.getPostalCode()),
                points,
                tags,
                r.getOwnerId(),
                r.getTeamId(),
                crypto.open(CustomerCrypto.CUSTOMER_REMARKS, r.getRemarks()),
                new CustomerDetails.Identification(
                        r.getIdDocumentType() == null ? null : IdDocumentType.valueOf(r.getIdDocumentType()),
                        crypto.open(CustomerCrypto.ID_DOCUMENT, r.getIdDocumentNumber()),
                        r.getBankName(),
                        crypto.open(CustomerCrypto.BANK_ACCOUNT, r.getBankAccount())),
                r.getPreferredLanguage());
        return new Customer(
                r.getId(),
                details,
                r.getVersion(),
                r.getCreatedAt(),
                r.getCreatedBy(),
                r.getUpdatedAt(),
                r.getUpdatedBy(),
                r.getDeletedAt());
    }
}
