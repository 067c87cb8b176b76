package dev.dossier.customers;

import static dev.dossier.db.Tables.CUSTOMER;

import dev.dossier.customers.CustomerEvents.CustomerTrashed;
import dev.dossier.db.InLists;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.OwnedRecord;
import dev.dossier.shared.Actor;
import dev.dossier.shared.NotFoundException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other modules may ask of the customers: whether a customer exists and its name, which customers have been
 * left alone for long, and moving one to the trash on a retention rule's behalf. The caller decides access; a
 * scheduled rule runs as the system.
 */
@Service
public class CustomerDirectory {

    private final DSLContext db;
    private final CustomerRepository customers;
    private final ChangeHistory history;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Access access;
    private final org.springframework.beans.factory.ObjectProvider<CustomerManagement> management;
    private final String defaultRegion;

    CustomerDirectory(
            DSLContext db,
            CustomerRepository customers,
            ChangeHistory history,
            ApplicationEventPublisher events,
            Clock clock,
            Access access) {
        this(db, customers, history, events, clock, access, null, "CN");
    }

    @org.springframework.beans.factory.annotation.Autowired
    CustomerDirectory(
            DSLContext db,
            CustomerRepository customers,
            ChangeHistory history,
            ApplicationEventPublisher events,
            Clock clock,
            Access access,
            org.springframework.beans.factory.ObjectProvider<CustomerManagement> management,
            @org.springframework.beans.factory.annotation.Value("${dossier.default-region:CN}") String defaultRegion) {
        this.management = management;
        this.defaultRegion = defaultRegion;
        this.db = db;
        this.access = access;
        this.customers = customers;
        this.history = history;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The condition that keeps only rows whose {@code customerId} is a customer the current user reaches and that is
     * not in the trash: records hung on a customer (interactions, notes, tasks) are seen by whoever sees the
     * customer.
     */
    public Condition reachable(Field<UUID> customerId) {
        return customerId.in(DSL.select(CUSTOMER.ID)
                .from(CUSTOMER)
                .where(CUSTOMER.DELETED_AT.isNull())
                .and(access.visible(Area.CUSTOMERS, "customer", CUSTOMER.ID, CUSTOMER.OWNER_ID, CUSTOMER.TEAM_ID)));
    }

    /**
     * For the search index: the terms that say who may find a record about each customer (its owner, its team and
     * the customer itself, matched against {@link #searchReach()}). Checks no access.
     */
    @Transactional(readOnly = true)
    public Map<UUID, List<String>> searchReach(Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return Map.of();
        }
        var terms = new java.util.HashMap<UUID, List<String>>();
        db.select(CUSTOMER.ID, CUSTOMER.OWNER_ID, CUSTOMER.TEAM_ID)
                .from(CUSTOMER)
                .where(InLists.in(db, CUSTOMER.ID, customerIds))
                .forEach(r -> {
                    var list = new java.util.ArrayList<String>(3);
                    list.add("customer:" + r.value1());
                    if (r.value2() != null) {
                        list.add("owner:" + r.value2());
                    }
                    if (r.value3() != null) {
                        list.add("team:" + r.value3());
                    }
                    terms.put(r.value1(), List.copyOf(list));
                });
        return terms;
    }

    /**
     * The customers the current user reaches, as the terms {@link #searchReach(Collection)} gives records about them:
     * empty when they reach every customer, an empty set when they reach none.
     */
    public Optional<java.util.Set<String>> searchReach() {
        return access.scopeOf(Area.CUSTOMERS, "customer").map(scope -> {
            var terms = new java.util.HashSet<String>();
            scope.owners().forEach(id -> terms.add("owner:" + id));
            scope.teams().forEach(id -> terms.add("team:" + id));
            scope.shared().forEach(id -> terms.add("customer:" + id));
            return java.util.Set.copyOf(terms);
        });
    }

    /**
     * The condition that keeps only rows whose {@code customerId} is a customer the current user's scope in
     * {@code area} covers, decided on the customer's owner and team (as {@link Access#owned} does): what a report of
     * that area counts. Always true for a reader whose scope covers every record.
     */
    public Condition owned(Area area, Field<UUID> customerId) {
        if (access.scope(area) == dev.dossier.identity.RecordScope.ALL && access.allows(area, Operation.READ)) {
            return DSL.trueCondition();
        }
        return customerId.in(
                DSL.select(CUSTOMER.ID).from(CUSTOMER).where(access.owned(area, CUSTOMER.OWNER_ID, CUSTOMER.TEAM_ID)));
    }

    /**
     * The condition that keeps only rows whose {@code customerId} is a customer that exists and is not in the trash,
     * whoever reads: for a query that scopes by the owner and team it keeps itself. One look-up by primary key per row.
     */
    public Condition notInTrash(Field<UUID> customerId) {
        return DSL.exists(
                DSL.selectOne().from(CUSTOMER).where(CUSTOMER.ID.eq(customerId)).and(CUSTOMER.DELETED_AT.isNull()));
    }

    /**
     * The name of the customer {@code customerId} stands for, as SQL: for a list of another module that shows it. One
     * look-up by primary key per row the query returns.
     */
    public Field<String> name(Field<UUID> customerId) {
        return DSL.field(DSL.select(CUSTOMER.NAME).from(CUSTOMER).where(CUSTOMER.ID.eq(customerId)));
    }

    /** Every customer, in the trash or not, as SQL: what a roll-up of all customers is rebuilt from. */
    public CustomerRows all() {
        return rows(DSL.noCondition());
    }

    /**
     * The customers not in the trash that match every filter, as SQL, whoever reads: what a programme that creates
     * work for a segment of customers selects from. Every filter left empty matches all; values within a filter are
     * alternatives.
     *
     * @param grades grade names
     * @param stages lifecycle stage names
     * @param types customer type names
     */
    public CustomerRows matching(Collection<String> grades, Collection<String> stages, Collection<String> types) {
        return rows(CUSTOMER.DELETED_AT.isNull().and(criteria(grades, stages, types)));
    }

    private static CustomerRows rows(Condition condition) {
        var rows = DSL.select(CUSTOMER.ID, CUSTOMER.OWNER_ID, CUSTOMER.TEAM_ID, CUSTOMER.CREATED_AT)
                .from(CUSTOMER)
                .where(condition)
                .asTable("customer_rows");
        return new CustomerRows(
                rows,
                rows.field(CUSTOMER.ID),
                rows.field(CUSTOMER.OWNER_ID),
                rows.field(CUSTOMER.TEAM_ID),
                rows.field(CUSTOMER.CREATED_AT));
    }

    private static Condition criteria(Collection<String> grades, Collection<String> stages, Collection<String> types) {
        Condition c = DSL.noCondition();
        if (grades != null && !grades.isEmpty()) {
            c = c.and(CUSTOMER.GRADE.in(grades));
        }
        if (stages != null && !stages.isEmpty()) {
            c = c.and(CUSTOMER.LIFECYCLE_STAGE.in(stages));
        }
        if (types != null && !types.isEmpty()) {
            c = c.and(CUSTOMER.TYPE.in(types));
        }
        return c;
    }

    /** Of these customers, those outside the trash that the current user reaches, as {@link #reaches} tells. */
    public java.util.Set<UUID> reachable(Collection<UUID> customerIds) {
        var found = new java.util.HashSet<UUID>();
        for (var chunk : chunks(List.copyOf(new java.util.HashSet<>(customerIds)))) {
            db.select(CUSTOMER.ID, CUSTOMER.OWNER_ID, CUSTOMER.TEAM_ID)
                    .from(CUSTOMER)
                    .where(InLists.in(db, CUSTOMER.ID, chunk))
                    .and(CUSTOMER.DELETED_AT.isNull())
                    .forEach(r -> {
                        if (access.allows(
                                Area.CUSTOMERS,
                                Operation.READ,
                                new dev.dossier.identity.OwnedRecord("customer", r.value1(), r.value2(), r.value3()))) {
                            found.add(r.value1());
                        }
                    });
        }
        return found;
    }

    /** Whether the current user reaches the customer, and it is not in the trash. */
    @Transactional(readOnly = true)
    public boolean reaches(UUID customerId) {
        var row = db.select(CUSTOMER.OWNER_ID, CUSTOMER.TEAM_ID)
                .from(CUSTOMER)
                .where(CUSTOMER.ID.eq(customerId))
                .and(CUSTOMER.DELETED_AT.isNull())
                .fetchOne();
        return row != null
                && access.allows(
                        Area.CUSTOMERS,
                        Operation.READ,
                        new dev.dossier.identity.OwnedRecord("customer", customerId, row.value1(), row.value2()));
    }

    /** Whether another user reaches the customer, and it is not in the trash. */
    @Transactional(readOnly = true)
    public boolean reachesAs(UUID userId, UUID customerId) {
        var record = record(customerId);
        return record.isPresent() && access.allowsFor(userId, Area.CUSTOMERS, Operation.READ, record.get());
    }

    /**
     * The customer as the access engine sees it (owner and team), if it exists and is not in the trash: what
     * {@link dev.dossier.identity.Assignees} checks when work about the customer goes to someone.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<dev.dossier.identity.OwnedRecord> record(UUID customerId) {
        return customerId == null
                ? java.util.Optional.empty()
                : db.select(CUSTOMER.OWNER_ID, CUSTOMER.TEAM_ID)
                        .from(CUSTOMER)
                        .where(CUSTOMER.ID.eq(customerId))
                        .and(CUSTOMER.DELETED_AT.isNull())
                        .fetchOptional(r ->
                                new dev.dossier.identity.OwnedRecord("customer", customerId, r.value1(), r.value2()));
    }

    /** The customer's name if the current user reaches it; otherwise {@link NotFoundException} (404). */
    @Transactional(readOnly = true)
    public String requireReach(UUID customerId) {
        if (!reaches(customerId)) {
            throw new NotFoundException("customer");
        }
        return db.select(CUSTOMER.NAME)
                .from(CUSTOMER)
                .where(CUSTOMER.ID.eq(customerId))
                .fetchOne(CUSTOMER.NAME);
    }

    /** The customer a contact belongs to, if the contact exists and is not deleted. */
    @Transactional(readOnly = true)
    public java.util.Optional<UUID> customerOfContact(UUID contactId) {
        return db.select(dev.dossier.db.Tables.CONTACT.CUSTOMER_ID)
                .from(dev.dossier.db.Tables.CONTACT)
                .where(dev.dossier.db.Tables.CONTACT.ID.eq(contactId))
                .and(dev.dossier.db.Tables.CONTACT.DELETED_AT.isNull())
                .fetchOptional(dev.dossier.db.Tables.CONTACT.CUSTOMER_ID);
    }

    /** The contacts of a customer the current user reaches, as id and name, in name order. */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, String> contacts(UUID customerId) {
        requireReach(customerId);
        var c = dev.dossier.db.Tables.CONTACT;
        var result = new java.util.LinkedHashMap<UUID, String>();
        db.select(c.ID, c.NAME)
                .from(c)
                .where(c.CUSTOMER_ID.eq(customerId))
                .and(c.DELETED_AT.isNull())
                .orderBy(c.NAME)
                .forEach(r -> result.put(r.value1(), r.value2()));
        return result;
    }

    /** Whether the customer exists, in the trash or not. */
    @Transactional(readOnly = true)
    public boolean exists(UUID customerId) {
        return db.fetchExists(CUSTOMER, CUSTOMER.ID.eq(customerId));
    }

    /** Names of the customers that exist among {@code ids}. */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, String> names(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return java.util.Map.of();
        }
        return db.select(CUSTOMER.ID, CUSTOMER.NAME)
                .from(CUSTOMER)
                .where(InLists.in(db, CUSTOMER.ID, ids))
                .fetchMap(CUSTOMER.ID, CUSTOMER.NAME);
    }

    /** Whether any customer exists, in the trash or not. */
    @Transactional(readOnly = true)
    public boolean any() {
        return db.fetchExists(CUSTOMER);
    }

    /** The grade of the customer, if it exists and is not in the trash. Checks no access. */
    @Transactional(readOnly = true)
    public Optional<String> grade(UUID customerId) {
        return db.select(CUSTOMER.GRADE)
                .from(CUSTOMER)
                .where(CUSTOMER.ID.eq(customerId))
                .and(CUSTOMER.DELETED_AT.isNull())
                .fetchOptional(CUSTOMER.GRADE);
    }

    /**
     * The owner and team of each customer that exists among {@code customerIds}, in the trash or not, as the access
     * engine sees them. Checks no access: what copies of a customer's owner and team are kept in step with.
     */
    @Transactional(readOnly = true)
    public Map<UUID, OwnedRecord> owners(Collection<UUID> customerIds) {
        var result = new HashMap<UUID, OwnedRecord>();
        for (var chunk : chunks(List.copyOf(customerIds))) {
            db.select(CUSTOMER.ID, CUSTOMER.OWNER_ID, CUSTOMER.TEAM_ID)
                    .from(CUSTOMER)
                    .where(InLists.in(db, CUSTOMER.ID, chunk))
                    .forEach(r ->
                            result.put(r.value1(), new OwnedRecord("customer", r.value1(), r.value2(), r.value3())));
        }
        return result;
    }

    /**
     * Customers not in the trash, in one of {@code stages}, last updated before {@code updatedBefore}, with ids
     * after {@code afterId} (null for the first batch), in id order.
     */
    @Transactional(readOnly = true)
    public List<UUID> inactive(Collection<String> stages, OffsetDateTime updatedBefore, UUID afterId, int limit) {
        var condition = CUSTOMER.DELETED_AT
                .isNull()
                .and(CUSTOMER.LIFECYCLE_STAGE.in(stages))
                .and(CUSTOMER.UPDATED_AT.lt(updatedBefore));
        if (afterId != null) {
            condition = condition.and(CUSTOMER.ID.gt(afterId));
        }
        return db.select(CUSTOMER.ID)
                .from(CUSTOMER)
                .where(condition)
                .orderBy(CUSTOMER.ID)
                .limit(limit)
                .fetch(CUSTOMER.ID);
    }

    /**
     * How many customers are active (stage customer, at risk or won back), not in the trash, among those the current
     * user's scope in {@code area} covers, decided on each customer's owner and team: the base of rates per customer
     * that a report of that area shows.
     */
    @Transactional(readOnly = true)
    public long activeCustomers(Area area) {
        return db.fetchCount(
                CUSTOMER,
                CUSTOMER.DELETED_AT
                        .isNull()
                        .and(CUSTOMER.LIFECYCLE_STAGE.in(
                                LifecycleStage.CUSTOMER.name(),
                                LifecycleStage.AT_RISK.name(),
                                LifecycleStage.WON_BACK.name()))
                        .and(access.owned(area, CUSTOMER.OWNER_ID, CUSTOMER.TEAM_ID)));
    }

    /** The names of the lifecycle stages, for rule forms. */
    public static List<String> stages() {
        return java.util.Arrays.stream(LifecycleStage.values()).map(Enum::name).toList();
    }

    /** Moves a customer to the trash, recorded in its history; false when it is gone or already in the trash. */
    @Transactional
    public boolean trash(UUID customerId, Actor actor) {
        var customer = customers.find(customerId).orElse(null);
        if (customer == null || customer.inTrash()) {
            return false;
        }
        int expected = customer.version();
        var now = OffsetDateTime.now(clock);
        customer.moveToTrash(actor, now);
        customers.updateTrashState(customer, expected);
        history.record(
                customerId,
                "CUSTOMER",
                customerId,
                customer.details().name(),
                ChangeHistory.Action.TRASHED,
                List.of(),
                now,
                actor.userId());
        events.publishEvent(new CustomerTrashed(
                customerId, dev.dossier.identity.CurrentUser.actor().userId()));
        return true;
    }

    /**
     * The customer (not in the trash) that has this phone number or email address, itself or through a contact:
     * a phone match before an email match, the oldest customer first. Found through the blind indexes as the
     * duplicate check does, so it works on encrypted values. Checks no access: the public feedback form asks it.
     *
     * @param phone a phone number as typed, or null; one that is not a phone number matches nothing
     * @param email an email address as typed, or null; one that is not an address matches nothing
     */
    @Transactional(readOnly = true)
    public java.util.Optional<UUID> findByPhoneOrEmail(String phone, String email) {
        dev.dossier.shared.PhoneNumber number = null;
        dev.dossier.shared.EmailAddress address = null;
        try {
            number = phone == null || phone.isBlank()
                    ? null
                    : dev.dossier.shared.PhoneNumber.parse(phone, defaultRegion);
        } catch (IllegalArgumentException e) {
            number = null;
        }
        try {
            address = email == null || email.isBlank() ? null : dev.dossier.shared.EmailAddress.of(email);
        } catch (IllegalArgumentException e) {
            address = null;
        }
        for (var found : java.util.Arrays.asList(
                number == null ? List.<UUID>of() : customers.withPhoneOrEmail(number, null),
                address == null ? List.<UUID>of() : customers.withPhoneOrEmail(null, address))) {
            if (!found.isEmpty()) {
                var first = db.select(CUSTOMER.ID)
                        .from(CUSTOMER)
                        .where(InLists.in(db, CUSTOMER.ID, found))
                        .and(CUSTOMER.DELETED_AT.isNull())
                        .orderBy(CUSTOMER.CREATED_AT, CUSTOMER.ID)
                        .limit(1)
                        .fetchOptional(CUSTOMER.ID);
                if (first.isPresent()) {
                    return first;
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Registers a new lead who came through the public feedback form: an individual at lifecycle stage lead, source
     * channel website, with the phone and email given, recorded as done by the system. Checks no access.
     *
     * @throws dev.dossier.shared.ValidationException when the name, phone or email is not valid
     */
    public UUID registerLead(String name, String phone, String email) {
        var phones = phone == null || phone.isBlank()
                ? List.<ContactPoints.PhoneInput>of()
                : List.of(new ContactPoints.PhoneInput(PhoneType.MOBILE, phone));
        var emails = email == null || email.isBlank()
                ? List.<ContactPoints.EmailInput>of()
                : List.of(new ContactPoints.EmailInput(EmailType.PERSONAL, email));
        var draft = new CustomerDraft(
                CustomerType.INDIVIDUAL,
                name,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                LifecycleStage.LEAD,
                null,
                SourceChannel.WEBSITE,
                null,
                null,
                null,
                null,
                null,
                null,
                phones,
                emails,
                List.of(),
                List.of(),
                null,
                null,
                null);
        return management.getObject().registerLead(draft).id();
    }

    /**
     * The customers the current user reaches (not in the trash) in a segment, in id order. Every filter left empty
     * matches all; values within a filter are alternatives.
     *
     * @param grades grade names
     * @param stages lifecycle stage names
     * @param types customer type names
     * @param tag a tag name, or null
     * @param limit at most this many
     */
    @Transactional(readOnly = true)
    public List<UUID> segment(
            Collection<String> grades, Collection<String> stages, Collection<String> types, String tag, int limit) {
        Condition c = CUSTOMER.DELETED_AT.isNull().and(reachable(CUSTOMER.ID)).and(criteria(grades, stages, types));
        if (tag != null && !tag.isBlank()) {
            var ct = dev.dossier.db.Tables.CUSTOMER_TAG;
            var t = dev.dossier.db.Tables.TAG;
            c = c.and(DSL.exists(DSL.selectOne()
                    .from(ct)
                    .join(t)
                    .on(t.ID.eq(ct.TAG_ID))
                    .where(ct.CUSTOMER_ID.eq(CUSTOMER.ID))
                    .and(t.NAME.equalIgnoreCase(tag.strip()))));
        }
        return db.select(CUSTOMER.ID)
                .from(CUSTOMER)
                .where(c)
                .orderBy(CUSTOMER.ID)
                .limit(limit)
                .fetch(CUSTOMER.ID);
    }

    /**
     * Each customer's preferred language, as a supported language tag ({@code en}, {@code zh-CN}); customers without
     * one are left out. Checks no access: every email to a customer is written in it.
     */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, String> preferredLanguages(Collection<UUID> customerIds) {
        var result = new java.util.HashMap<UUID, String>();
        for (var chunk : chunks(List.copyOf(customerIds))) {
            db.select(CUSTOMER.ID, CUSTOMER.PREFERRED_LANGUAGE)
                    .from(CUSTOMER)
                    .where(InLists.in(db, CUSTOMER.ID, chunk))
                    .and(CUSTOMER.PREFERRED_LANGUAGE.isNotNull())
                    .forEach(r -> result.put(r.value1(), r.value2()));
        }
        return result;
    }

    /** The customer's preferred language, as a supported language tag, if one is set. */
    @Transactional(readOnly = true)
    public java.util.Optional<String> preferredLanguage(UUID customerId) {
        return java.util.Optional.ofNullable(
                preferredLanguages(List.of(customerId)).get(customerId));
    }

    /**
     * Sets the customer's preferred language to that of a form they used (Chinese for any Chinese, English for any
     * other language), unless one is set already: a language chosen by staff or an earlier form stays. Checks no
     * access: the public feedback form calls it. Returns whether it was set.
     */
    @Transactional
    public boolean rememberLanguage(UUID customerId, java.util.Locale locale) {
        if (locale == null || locale.getLanguage().isEmpty()) {
            return false;
        }
        return db.update(CUSTOMER)
                        .set(CUSTOMER.PREFERRED_LANGUAGE, dev.dossier.shared.Languages.of(locale))
                        .set(CUSTOMER.VERSION, CUSTOMER.VERSION.plus(1))
                        .where(CUSTOMER.ID.eq(customerId))
                        .and(CUSTOMER.PREFERRED_LANGUAGE.isNull())
                        .execute()
                > 0;
    }

    private static List<List<UUID>> chunks(List<UUID> ids) {
        var out = new java.util.ArrayList<List<UUID>>();
        for (int i = 0; i < ids.size(); i += 1000) {
            out.add(ids.subList(i, Math.min(ids.size(), i + 1000)));
        }
        return out;
    }

    /** Each customer's first own email address (not its contacts'), decrypted; customers without one are left out. */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, String> emailAddresses(Collection<UUID> customerIds) {
        var result = new java.util.HashMap<UUID, String>();
        customers.points(customerIds).forEach((id, points) -> {
            if (!points.emails().isEmpty()) {
                result.put(id, points.emails().getFirst().address().value());
            }
        });
        return result;
    }
}
