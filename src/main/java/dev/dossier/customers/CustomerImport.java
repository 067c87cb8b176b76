package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT_POINT;
import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.CUSTOMER_EXTERNAL_REF;
import static dev.dossier.db.Tables.CUSTOMER_IMPORT_EFFECT;

import dev.dossier.customers.ContactPoints.EmailInput;
import dev.dossier.customers.ContactPoints.PhoneInput;
import dev.dossier.customers.CustomerEvents.CustomerChanged;
import dev.dossier.customers.CustomerEvents.CustomersImported;
import dev.dossier.customers.CustomerEvents.LifecycleStageChanged;
import dev.dossier.db.Batches;
import dev.dossier.db.InLists;
import dev.dossier.db.tables.records.CustomerExternalRefRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.OwnedRecord;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.EmailAddress;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.ImportDates;
import dev.dossier.shared.ImportText;
import dev.dossier.shared.PhoneNumber;
import dev.dossier.shared.ValidationException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers brought in from the rows of a file (the imports of module exchange). Each row is read into a draft the
 * way a form is, checked with the same rules, and matched: by the reference it keeps from an earlier import, by a
 * phone number or email address (through the blind indexes), or for a company by its name; a row that repeats an
 * earlier row of the same import is found too. New customers go in on the batch path (one transaction a batch, the
 * rows with their contacts, points, tags, search terms, references and history); matched ones are skipped or brought
 * up to date as the import says. {@link #check} does all of this without writing, for the preview.
 *
 * <p>Runs as the user who started the import: it needs the import right on customers, and every new customer must
 * be one they may create (for its owner and team), every changed one one they may edit.
 */
@Service
public class CustomerImport {

    /** What a column of a file can hold. */
    public enum Field {
        /** The customer's id in the system the file comes from; re-importing the same id updates, not doubles. */
        REFERENCE,
        TYPE,
        NAME,
        COMPANY,
        CONTACT_NAME,
        JOB_TITLE,
        DEPARTMENT,
        MOBILE,
        PHONE,
        EMAIL,
        GENDER,
        BIRTH_DATE,
        INDUSTRY,
        WEBSITE,
        GRADE,
        LIFECYCLE_STAGE,
        SOURCE,
        REGION,
        COUNTRY,
        PROVINCE,
        CITY,
        DISTRICT,
        ADDRESS,
        POSTAL_CODE,
        TAGS,
        /** A user's sign-in name or display name. */
        OWNER,
        REMARKS
    }

    /** What to do with a row that matches a customer already there. */
    public enum OnDuplicate {
        SKIP,
        /** Fill the customer's empty fields from the row; add its new phones, emails, tags and contacts. */
        FILL_BLANKS,
        /** Replace the customer's fields with the row's filled ones; add its new phones, emails, tags and contacts. */
        OVERWRITE
    }

    /** Who owns the customers a row does not give an owner for. */
    public enum OwnerRule {
        /** The user who runs the import. */
        IMPORTER,
        /** One user chosen for the import. */
        USER,
        /** The active members of a team in turn. */
        ROUND_ROBIN
    }

    /** What became of a row. */
    public enum Result {
        CREATED,
        UPDATED,
        UNCHANGED,
        SKIPPED,
        INVALID
    }

    /** How a row was found to be a customer already there. */
    public enum Match {
        NONE,
        REFERENCE,
        PHONE,
        EMAIL,
        COMPANY_NAME,
        /** An earlier row of the same import. */
        EARLIER_ROW
    }

    /**
     * One row of a file.
     *
     * @param line its row number in the file (the header is row 1)
     * @param reference the key that finds it again on the next import: its id in the old system, or a digest of the
     *     row; at most 100 characters
     * @param values its cells by field; blank cells may be left out
     */
    public record Row(long line, String reference, Map<Field, String> values) {

        public Row {
            values = values.isEmpty() ? Map.of() : new EnumMap<>(values);
        }
    }

    /**
     * How an import treats its rows.
     *
     * @param importId the import, kept beside the customers it creates or changes
     * @param onDuplicate what to do with a row that matches a customer already there
     * @param ownerRule the owner of customers whose row names none
     * @param ownerId the owner for {@link OwnerRule#USER}
     * @param teamId the team for {@link OwnerRule#ROUND_ROBIN}
     */
    public record Options(UUID importId, OnDuplicate onDuplicate, OwnerRule ownerRule, UUID ownerId, UUID teamId) {}

    /**
     * What became of a row, or would become of it.
     *
     * @param line the row number
     * @param result what was (or would be) done
     * @param match how it was found to be there already
     * @param customerId the customer created, changed or matched, or null
     * @param problems what is wrong with it, by field (a {@link Field} name, or empty for the row as a whole)
     */
    public record Outcome(long line, Result result, Match match, UUID customerId, List<FieldProblem> problems) {}

    private static final Pattern SPLIT = Pattern.compile("[;；,，、/|\\n]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Map<Field, String> SIMPLE_FIELDS = Map.ofEntries(
            Map.entry(Field.TYPE, "type"),
            Map.entry(Field.GENDER, "gender"),
            Map.entry(Field.BIRTH_DATE, "birthDate"),
            Map.entry(Field.INDUSTRY, "industry"),
            Map.entry(Field.WEBSITE, "website"),
            Map.entry(Field.GRADE, "grade"),
            Map.entry(Field.LIFECYCLE_STAGE, "lifecycleStage"),
            Map.entry(Field.SOURCE, "sourceChannel"),
            Map.entry(Field.REGION, "region"),
            Map.entry(Field.COUNTRY, "country"),
            Map.entry(Field.PROVINCE, "province"),
            Map.entry(Field.CITY, "city"),
            Map.entry(Field.DISTRICT, "district"),
            Map.entry(Field.ADDRESS, "addressLine"),
            Map.entry(Field.POSTAL_CODE, "postalCode"),
            Map.entry(Field.TAGS, "tags"),
            Map.entry(Field.OWNER, "ownerId"),
            Map.entry(Field.REMARKS, "remarks"),
            Map.entry(Field.JOB_TITLE, "jobTitle"),
            Map.entry(Field.DEPARTMENT, "department"));

    private final DSLContext db;
    private final CustomerRepository customers;
    private final ContactRepository contacts;
    private final ChangeHistory history;
    private final CustomerValidator validator;
    private final FieldSecurity fields;
    private final CustomerCrypto crypto;
    private final Access access;
    private final UserDirectory users;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Map<Class<?>, Map<String, Enum<?>>> labels = new HashMap<>();

    CustomerImport(
            DSLContext db,
            CustomerRepository customers,
            ContactRepository contacts,
            ChangeHistory history,
            CustomerValidator validator,
            FieldSecurity fields,
            CustomerCrypto crypto,
            Access access,
            UserDirectory users,
            ApplicationEventPublisher events,
            Clock clock,
            MessageSource messages) {
        this.db = db;
        this.customers = customers;
        this.contacts = contacts;
        this.history = history;
        this.validator = validator;
        this.fields = fields;
        this.crypto = crypto;
        this.access = access;
        this.users = users;
        this.events = events;
        this.clock = clock;
        labels.put(
                CustomerType.class,
                labelsOf(
                        CustomerType.class,
                        messages,
                        Map.of(
                                CustomerType.COMPANY, List.of("公司", "company"),
                                CustomerType.INDIVIDUAL, List.of("person"))));
        labels.put(
                Gender.class,
                labelsOf(
                        Gender.class,
                        messages,
                        Map.of(Gender.MALE, List.of("M", "男性"), Gender.FEMALE, List.of("F", "女性"))));
        labels.put(Industry.class, labelsOf(Industry.class, messages, Map.of()));
        labels.put(Grade.class, labelsOf(Grade.class, messages, Map.of()));
        labels.put(LifecycleStage.class, labelsOf(LifecycleStage.class, messages, Map.of()));
        labels.put(SourceChannel.class, labelsOf(SourceChannel.class, messages, Map.of()));
        labels.put(Region.class, labelsOf(Region.class, messages, Map.of()));
    }

    /**
     * What {@link #apply} would do with the rows, without writing anything.
     *
     * @param firstSeen told a key of each row (its reference, phones, emails, company name) and answers whether no
     *     earlier row of the import had it: how the preview finds rows that repeat one of an earlier batch
     */
    @Transactional(readOnly = true)
    public List<Outcome> check(List<Row> rows, Options options, LongPredicate firstSeen) {
        access.require(Area.CUSTOMERS, Operation.IMPORT);
        return new Batch(rows, options, false, firstSeen).run();
    }

    /** Creates, changes or skips the customers of the rows, in one transaction. */
    @Transactional
    public List<Outcome> apply(List<Row> rows, Options options) {
        access.require(Area.CUSTOMERS, Operation.IMPORT);
        return new Batch(rows, options, true, key -> true).run();
    }

    private static String normalised(String text) {
        return ImportText.normalised(text);
    }

    /**
     * A customer a row of another import names, and the contact person of a company whose phone or email it gave.
     *
     * @param customerId the customer
     * @param contactId the company's contact person the phone or email belongs to, or null
     */
    public record Named(UUID customerId, UUID contactId) {}

    /**
     * Customers outside the trash that the rows of another import name, for interactions brought in from an old
     * system: by the reference an import of customers kept (the old system's id, or Dossier's own id as an export
     * writes it), by a phone number or by an email address (through their blind indexes, the customer's own or a
     * contact person's), the oldest customer first. Checks no reach: the caller does.
     *
     * @param references the old system's ids of customers
     * @param phones phone numbers as written
     * @param emails email addresses as written
     * @return the customers found, keyed {@code R} and the id, {@code P} and the number, {@code E} and the address,
     *     each as given
     */
    @Transactional(readOnly = true)
    public Map<String, Named> customersNamed(
            Collection<String> references, Collection<String> phones, Collection<String> emails) {
        var found = new HashMap<String, Named>();
        var refs = new HashMap<String, String>();
        for (var reference : references) {
            var ref = "id:" + reference.strip();
            if (ref.length() <= 100) {
                refs.put(ref, reference);
            }
        }
        byReference(refs.keySet()).forEach((ref, id) -> found.put("R" + refs.get(ref), new Named(id, null)));
        // A file exported from Dossier names customers by their own id.
        var ids = new HashMap<UUID, String>();
        for (var reference : references) {
            if (!found.containsKey("R" + reference)) {
                try {
                    ids.put(UUID.fromString(reference.strip()), reference);
                } catch (IllegalArgumentException e) {
                    // Not one of Dossier's ids.
                }
            }
        }
        active(ids.keySet()).keySet().forEach(id -> found.put("R" + ids.get(id), new Named(id, null)));
        var phoneKeys = new HashMap<String, List<String>>();
        for (var phone : phones) {
            try {
                var key = crypto.pointIndex(
                        CustomerRepository.PHONE,
                        null,
                        PhoneNumber.parse(phone, validator.defaultRegion()).e164());
                phoneKeys.computeIfAbsent(key, k -> new ArrayList<>()).add(phone);
            } catch (IllegalArgumentException e) {
                // Not a phone number: it names no one.
            }
        }
        var emailKeys = new HashMap<String, List<String>>();
        for (var email : emails) {
            try {
                var key = crypto.pointIndex(
                        CustomerRepository.EMAIL, null, EmailAddress.of(email).value());
                emailKeys.computeIfAbsent(key, k -> new ArrayList<>()).add(email);
            } catch (IllegalArgumentException e) {
                // Not an email address: it names no one.
            }
        }
        pointOwners(phoneKeys.keySet(), emailKeys.keySet()).forEach((key, owner) -> {
            var texts = key.startsWith("P") ? phoneKeys.get(key.substring(1)) : emailKeys.get(key.substring(1));
            var named = new Named(owner.value3(), owner.value4().equals(owner.value3()) ? null : owner.value4());
            texts.forEach(text -> found.put(key.charAt(0) + text, named));
        });
        return found;
    }

    /** Customers outside the trash by the references imports kept. */
    private Map<String, UUID> byReference(Set<String> refs) {
        if (refs.isEmpty()) {
            return Map.of();
        }
        var r = CUSTOMER_EXTERNAL_REF;
        var found = db.select(r.REF, r.CUSTOMER_ID)
                .from(r)
                .where(InLists.in(db, r.REF, refs))
                .fetchMap(r.REF, r.CUSTOMER_ID);
        var active = active(found.values());
        found.values().retainAll(active.keySet());
        return found;
    }

    /**
     * Customers (not in the trash) by the blind indexes of phones and emails, keyed {@code P} or {@code E} and the
     * index; the oldest first. Each lookup is an index lookup on its own (points by their blind index, then customers
     * by id), so that no plan can turn it into a walk over every customer, whatever the statistics say just after a
     * bulk load.
     */
    private Map<String, UUID> byPoints(Set<String> phones, Set<String> emails) {
        var found = new HashMap<String, UUID>();
        pointOwners(phones, emails).forEach((key, owner) -> found.put(key, owner.value3()));
        return found;
    }

    /** {@link #byPoints}, with the customer's contact person each point belongs to (or the customer itself). */
    private Map<String, org.jooq.Record4<String, String, UUID, UUID>> pointOwners(
            Set<String> phones, Set<String> emails) {
        var owners = new ArrayList<org.jooq.Record4<String, String, UUID, UUID>>();
        for (var kind : List.of(CustomerRepository.PHONE, CustomerRepository.EMAIL)) {
            var indexes = kind.equals(CustomerRepository.PHONE) ? phones : emails;
            if (!indexes.isEmpty()) {
                owners.addAll(db.select(
                                CONTACT_POINT.KIND,
                                CONTACT_POINT.POINT_INDEX,
                                CONTACT_POINT.CUSTOMER_ID,
                                CONTACT_POINT.OWNER_ID)
                        .from(CONTACT_POINT)
                        .where(CONTACT_POINT.KIND.eq(kind))
                        .and(InLists.in(db, CONTACT_POINT.POINT_INDEX, indexes))
                        .fetch());
            }
        }
        if (owners.isEmpty()) {
            return Map.of();
        }
        var active = active(owners.stream().map(org.jooq.Record4::value3).toList());
        var found = new HashMap<String, org.jooq.Record4<String, String, UUID, UUID>>();
        owners.stream()
                .filter(o -> active.containsKey(o.value3()))
                .sorted((a, b) -> {
                    int byAge = active.get(a.value3()).compareTo(active.get(b.value3()));
                    if (byAge != 0) {
                        return byAge;
                    }
                    int byCustomer = a.value3().compareTo(b.value3());
                    // The customer's own point before a contact person's.
                    return byCustomer != 0
                            ? byCustomer
                            : Boolean.compare(
                                    !a.value4().equals(a.value3()), !b.value4().equals(b.value3()));
                })
                .forEach(o ->
                        found.putIfAbsent((CustomerRepository.PHONE.equals(o.value1()) ? "P" : "E") + o.value2(), o));
        return found;
    }

    /** Of these customers, those outside the trash, with when each was created. */
    private Map<UUID, OffsetDateTime> active(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return db.select(CUSTOMER.ID, CUSTOMER.CREATED_AT)
                .from(CUSTOMER)
                .where(CUSTOMER.ID.in(new HashSet<>(ids)))
                .and(CUSTOMER.DELETED_AT.isNull())
                .fetchMap(CUSTOMER.ID, CUSTOMER.CREATED_AT);
    }

    /** One batch of rows: read, matched, then written (or only judged). */
    private final class Batch {

        private final List<Row> rows;
        private final Options options;
        private final boolean write;
        private final LongPredicate firstSeen;
        private final OffsetDateTime now = OffsetDateTime.now(clock);
        private final List<Outcome> outcomes = new ArrayList<>();

        Batch(List<Row> rows, Options options, boolean write, LongPredicate firstSeen) {
            this.rows = rows;
            this.options = options;
            this.write = write;
            this.firstSeen = firstSeen;
        }

        /** A row read into drafts, with the keys it can be matched by. */
        private final class Parsed {
            final Row row;
            final List<FieldProblem> problems = new ArrayList<>();
            CustomerDraft draft;
            ContactDraft contact;
            int mobiles;
            final List<String> pointKeys = new ArrayList<>();
            String companyKey;

            Parsed(Row row) {
                this.row = row;
            }
        }

        /** A customer this batch creates. */
        private record Pending(Customer customer, List<Contact> contacts, long line, String reference) {}

        List<Outcome> run() {
            var parsed = rows.stream().map(this::parse).toList();
            var byReference = references(parsed);
            var byPoint = points(parsed);
            var byCompany = companies(parsed);
            var ours = createdByThisImport(byReference.values(), byPoint.values(), byCompany.values());
            var pendingByKey = new HashMap<String, Pending>();
            var created = new ArrayList<Pending>();
            var updates = new LinkedHashMap<UUID, List<Parsed>>();
            var matched = new HashMap<Parsed, Match>();
            for (var p : parsed) {
                if (!p.problems.isEmpty()) {
                    invalid(p, p.problems);
                    continue;
                }
                var pending = pendingMatch(p, pendingByKey);
                if (pending != null) {
                    joinEarlierRow(p, pending);
                    continue;
                }
                UUID existing = byReference.get(p.row.reference());
                var match = existing == null ? Match.NONE : Match.REFERENCE;
                for (int i = 0; existing == null && i < p.pointKeys.size(); i++) {
                    existing = byPoint.get(p.pointKeys.get(i));
                    match = p.pointKeys.get(i).startsWith("P") ? Match.PHONE : Match.EMAIL;
                }
                if (existing == null && p.companyKey != null) {
                    existing = byCompany.get(p.companyKey);
                    match = Match.COMPANY_NAME;
                }
                if (existing == null) {
                    if (!firstTime(p)) {
                        outcomes.add(new Outcome(
                                p.row.line(),
                                Result.SKIPPED,
                                Match.EARLIER_ROW,
                                null,
                                List.of(new FieldProblem("", "import.duplicate.earlier-row"))));
                        continue;
                    }
                    create(p, pendingByKey, created);
                    continue;
                }
                if (ours.contains(existing) && p.contact == null) {
                    outcomes.add(new Outcome(
                            p.row.line(),
                            Result.SKIPPED,
                            Match.EARLIER_ROW,
                            existing,
                            List.of(new FieldProblem("", "import.duplicate.earlier-row"))));
                    continue;
                }
                if (options.onDuplicate() == OnDuplicate.SKIP && !ours.contains(existing)) {
                    outcomes.add(new Outcome(p.row.line(), Result.SKIPPED, match, existing, List.of()));
                    continue;
                }
                matched.put(p, ours.contains(existing) ? Match.EARLIER_ROW : match);
                updates.computeIfAbsent(existing, k -> new ArrayList<>()).add(p);
            }
            if (write && !created.isEmpty()) {
                insert(created);
            }
            if (!updates.isEmpty()) {
                update(updates, matched, ours);
            }
            outcomes.sort(java.util.Comparator.comparingLong(Outcome::line));
            return outcomes;
        }

        // ---------------------------------------------------------------------------------------------------
        // Reading a row

        private Parsed parse(Row row) {
            var p = new Parsed(row);
            var v = row.values();
            var type = choice(CustomerType.class, Field.TYPE, v, p.problems);
            var company = text(v, Field.COMPANY);
            var name = text(v, Field.NAME);
            var contactName = text(v, Field.CONTACT_NAME);
            if (type == null) {
                type = company != null ? CustomerType.COMPANY : CustomerType.INDIVIDUAL;
            }
            String customerName;
            String personName = null;
            if (type == CustomerType.COMPANY) {
                customerName = company != null ? company : name;
                personName = contactName != null ? contactName : company != null ? name : null;
                if (personName != null && personName.equals(customerName)) {
                    // A company's own card names it twice (as name and organisation): no one to add as a contact.
                    personName = null;
                }
            } else {
                customerName = name != null ? name : contactName != null ? contactName : company;
            }
            if (customerName == null) {
                p.problems.add(new FieldProblem(
                        (type == CustomerType.COMPANY && v.containsKey(Field.COMPANY) ? Field.COMPANY : Field.NAME)
                                .name(),
                        "field.required"));
            }
            var phones = new ArrayList<PhoneInput>();
            for (var number : split(v.get(Field.MOBILE))) {
                phones.add(new PhoneInput(PhoneType.MOBILE, number));
            }
            p.mobiles = phones.size();
            for (var number : split(v.get(Field.PHONE))) {
                phones.add(new PhoneInput(PhoneType.WORK, number));
            }
            var emails = new ArrayList<EmailInput>();
            for (var address : split(v.get(Field.EMAIL))) {
                emails.add(new EmailInput(
                        type == CustomerType.COMPANY && personName == null ? EmailType.WORK : EmailType.PERSONAL,
                        address));
            }
            for (var phone : phones) {
                try {
                    p.pointKeys.add("P"
                            + crypto.pointIndex(
                                    CustomerRepository.PHONE,
                                    null,
                                    PhoneNumber.parse(phone.number(), validator.defaultRegion())
                                            .e164()));
                } catch (IllegalArgumentException e) {
                    // The validator reports it.
                }
            }
            for (var email : emails) {
                try {
                    p.pointKeys.add("E"
                            + crypto.pointIndex(
                                    CustomerRepository.EMAIL,
                                    null,
                                    EmailAddress.of(email.address()).value()));
                } catch (IllegalArgumentException e) {
                    // The validator reports it.
                }
            }
            if (type == CustomerType.COMPANY && customerName != null) {
                p.companyKey = normalised(customerName);
            }
            var owner = owner(row, p.problems);
            p.draft = new CustomerDraft(
                    type,
                    customerName,
                    null,
                    choice(Gender.class, Field.GENDER, v, p.problems),
                    date(v, p.problems),
                    choice(Industry.class, Field.INDUSTRY, v, p.problems),
                    null,
                    text(v, Field.WEBSITE),
                    choice(Grade.class, Field.GRADE, v, p.problems),
                    choice(LifecycleStage.class, Field.LIFECYCLE_STAGE, v, p.problems),
                    choice(Region.class, Field.REGION, v, p.problems),
                    choice(SourceChannel.class, Field.SOURCE, v, p.problems),
                    text(v, Field.COUNTRY),
                    text(v, Field.PROVINCE),
                    text(v, Field.CITY),
                    text(v, Field.DISTRICT),
                    text(v, Field.ADDRESS),
                    text(v, Field.POSTAL_CODE),
                    personName == null ? phones : List.of(),
                    personName == null ? emails : List.of(),
                    List.of(),
                    CustomerForms.splitTags(text(v, Field.TAGS)),
                    owner,
                    null,
                    text(v, Field.REMARKS));
            if (personName != null) {
                p.contact = new ContactDraft(
                        personName,
                        null,
                        null,
                        text(v, Field.JOB_TITLE),
                        text(v, Field.DEPARTMENT),
                        null,
                        phones,
                        emails,
                        List.of(),
                        null);
            }
            return p;
        }

        private static String text(Map<Field, String> values, Field field) {
            var value = values.get(field);
            if (value == null) {
                return null;
            }
            var stripped = value.strip();
            return stripped.isEmpty() ? null : stripped;
        }

        private static List<String> split(String value) {
            if (value == null || value.isBlank()) {
                return List.of();
            }
            return Arrays.stream(SPLIT.split(value))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .distinct()
                    .toList();
        }

        private <E extends Enum<E>> E choice(
                Class<E> type, Field field, Map<Field, String> values, List<FieldProblem> problems) {
            var value = text(values, field);
            if (value == null) {
                return null;
            }
            var found = labels.get(type).get(labelKey(value));
            if (found == null && value.endsWith("客户")) {
                found = labels.get(type).get(labelKey(value.substring(0, value.length() - 2)));
            }
            if (found == null) {
                problems.add(new FieldProblem(field.name(), "import.value.unknown", value));
                return null;
            }
            return type.cast(found);
        }

        private LocalDate date(Map<Field, String> values, List<FieldProblem> problems) {
            var value = text(values, Field.BIRTH_DATE);
            if (value == null) {
                return null;
            }
            var date = ImportDates.parse(value);
            if (date == null) {
                problems.add(new FieldProblem(Field.BIRTH_DATE.name(), "import.date.invalid", value));
            }
            return date;
        }

        private UUID owner(Row row, List<FieldProblem> problems) {
            var named = text(row.values(), Field.OWNER);
            if (named != null) {
                var user = owners().get(normalised(named));
                if (user == null) {
                    problems.add(new FieldProblem(Field.OWNER.name(), "import.owner.unknown", named));
                }
                return user;
            }
            return switch (options.ownerRule()) {
                case IMPORTER -> null;
                case USER -> options.ownerId();
                case ROUND_ROBIN -> {
                    var members = teamMembers();
                    yield members.isEmpty()
                            ? null
                            : members.get((int) Math.floorMod(row.line(), (long) members.size()));
                }
            };
        }

        private Map<String, UUID> ownerNames;
        private List<UUID> members;

        private Map<String, UUID> owners() {
            if (ownerNames == null) {
                ownerNames = users.activeUsersByName();
            }
            return ownerNames;
        }

        private List<UUID> teamMembers() {
            if (members == null) {
                members = users.activeUsers().stream()
                        .filter(u -> Objects.equals(u.teamId(), options.teamId()))
                        .sorted(java.util.Comparator.comparing(UserDirectory.UserSummary::username))
                        .map(UserDirectory.UserSummary::id)
                        .toList();
            }
            return members;
        }

        // ---------------------------------------------------------------------------------------------------
        // Matching

        private Map<String, UUID> references(List<Parsed> parsed) {
            return byReference(parsed.stream()
                    .map(p -> p.row.reference())
                    .filter(Objects::nonNull)
                    .collect(java.util.stream.Collectors.toSet()));
        }

        private Map<String, UUID> points(List<Parsed> parsed) {
            var phones = new HashSet<String>();
            var emails = new HashSet<String>();
            parsed.forEach(p -> p.pointKeys.forEach(k -> (k.startsWith("P") ? phones : emails).add(k.substring(1))));
            return byPoints(phones, emails);
        }

        /** Company customers (not in the trash) by their name as the rows give it, compared once normalised. */
        private Map<String, UUID> companies(List<Parsed> parsed) {
            var names = new HashMap<String, String>();
            for (var p : parsed) {
                if (p.companyKey != null) {
                    names.put(CustomerRepository.sortName(p.draft.name()), p.companyKey);
                }
            }
            if (names.isEmpty()) {
                return Map.of();
            }
            var found = new HashMap<String, UUID>();
            db.select(CUSTOMER.ID, CUSTOMER.NAME)
                    .from(CUSTOMER)
                    .where(CUSTOMER.DELETED_AT.isNull())
                    .and(InLists.in(db, CUSTOMER.SORT_NAME, names.keySet()))
                    .and(CUSTOMER.TYPE.eq(CustomerType.COMPANY.name()))
                    .orderBy(CUSTOMER.CREATED_AT, CUSTOMER.ID)
                    .forEach(r -> found.putIfAbsent(normalised(r.value2()), r.value1()));
            return found;
        }

        @SafeVarargs
        private Set<UUID> createdByThisImport(Collection<UUID>... found) {
            var ids = new HashSet<UUID>();
            for (var c : found) {
                ids.addAll(c);
            }
            if (ids.isEmpty() || options.importId() == null) {
                return Set.of();
            }
            var r = CUSTOMER_EXTERNAL_REF;
            return new HashSet<>(db.selectDistinct(r.CUSTOMER_ID)
                    .from(r)
                    .where(InLists.in(db, r.CUSTOMER_ID, ids))
                    .and(r.IMPORT_ID.eq(options.importId()))
                    .fetch(r.CUSTOMER_ID));
        }

        private List<String> keys(Parsed p) {
            var keys = new ArrayList<String>();
            keys.add("R" + p.row.reference());
            keys.addAll(p.pointKeys);
            if (p.companyKey != null) {
                keys.add("C" + p.companyKey);
            }
            return keys;
        }

        /** Whether no row of an earlier batch had any key of this one (always so when writing). */
        private boolean firstTime(Parsed p) {
            boolean first = true;
            for (var key : keys(p)) {
                long hash = 1125899906842597L;
                for (int i = 0; i < key.length(); i++) {
                    hash = 31 * hash + key.charAt(i);
                }
                first &= firstSeen.test(hash);
            }
            return first;
        }

        private Pending pendingMatch(Parsed p, Map<String, Pending> pendingByKey) {
            for (var key : keys(p)) {
                var pending = pendingByKey.get(key);
                if (pending != null) {
                    return pending;
                }
            }
            return null;
        }

        // ---------------------------------------------------------------------------------------------------
        // Deciding and writing

        private void invalid(Parsed p, List<FieldProblem> problems) {
            outcomes.add(new Outcome(p.row.line(), Result.INVALID, Match.NONE, null, List.copyOf(problems)));
        }

        /** Problems of the validator, named by the file's fields. */
        private List<FieldProblem> named(Parsed p, List<FieldProblem> problems, boolean ofContact) {
            var result = new ArrayList<FieldProblem>();
            for (var problem : problems) {
                var path = problem.field();
                int end = path.length();
                for (int i = 0; i < path.length(); i++) {
                    if (path.charAt(i) == '[' || path.charAt(i) == '.') {
                        end = i;
                        break;
                    }
                }
                var head = path.substring(0, end);
                String field;
                if (head.equals("name")) {
                    field = ofContact
                            ? (p.row.values().containsKey(Field.CONTACT_NAME) ? Field.CONTACT_NAME : Field.NAME).name()
                            : (p.draft.type() == CustomerType.COMPANY
                                                    && p.row.values().containsKey(Field.COMPANY)
                                            ? Field.COMPANY
                                            : Field.NAME)
                                    .name();
                } else if (head.equals("phones")) {
                    // A problem of the list as a whole (no number at all) belongs to the mobile column.
                    field = !path.contains("[") || index(path) < p.mobiles ? Field.MOBILE.name() : Field.PHONE.name();
                } else if (head.equals("emails")) {
                    field = Field.EMAIL.name();
                } else {
                    field = SIMPLE_FIELDS.entrySet().stream()
                            .filter(e -> e.getValue().equals(head))
                            .map(e -> e.getKey().name())
                            .findFirst()
                            .orElse(head);
                }
                result.add(new FieldProblem(field, problem.code(), problem.args()));
            }
            return result;
        }

        private static int index(String path) {
            int open = path.indexOf('[');
            int close = path.indexOf(']');
            if (open < 0 || close < open) {
                return 0;
            }
            try {
                return Integer.parseInt(path.substring(open + 1, close));
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        private void create(Parsed p, Map<String, Pending> pendingByKey, List<Pending> created) {
            CustomerDetails details;
            ContactDetails contact = null;
            var problems = new ArrayList<FieldProblem>();
            try {
                details = validator.validate(fields.restrict(p.draft, null));
            } catch (ValidationException e) {
                problems.addAll(named(p, e.problems(), false));
                details = null;
            }
            if (p.contact != null) {
                try {
                    contact = validator.validate(fields.restrict(p.contact, null));
                } catch (ValidationException e) {
                    problems.addAll(named(p, e.problems(), true));
                }
            }
            if (!problems.isEmpty()) {
                invalid(p, problems);
                return;
            }
            if (!access.allows(
                    Area.CUSTOMERS,
                    Operation.CREATE,
                    new OwnedRecord("customer", null, details.ownerId(), details.teamId()))) {
                invalid(p, List.of(new FieldProblem(Field.OWNER.name(), "import.owner.not-allowed")));
                return;
            }
            var customer = Customer.register(details, CurrentUser.actor(), now);
            var list = new ArrayList<Contact>();
            if (contact != null) {
                list.add(new Contact(UUID.randomUUID(), customer.id(), contact, 0, now, now));
            }
            var pending = new Pending(customer, list, p.row.line(), p.row.reference());
            created.add(pending);
            for (var key : keys(p)) {
                pendingByKey.putIfAbsent(key, pending);
            }
            outcomes.add(new Outcome(p.row.line(), Result.CREATED, Match.NONE, customer.id(), List.of()));
        }

        /** A row that repeats one of this batch's new customers: a company gains the row's contact if new. */
        private void joinEarlierRow(Parsed p, Pending pending) {
            if (p.contact != null
                    && pending.customer().details().type() == CustomerType.COMPANY
                    && pending.contacts().stream()
                            .noneMatch(c -> normalised(c.details().name()).equals(normalised(p.contact.name())))) {
                try {
                    var contact = validator.validate(fields.restrict(p.contact, null));
                    pending.contacts()
                            .add(new Contact(
                                    UUID.randomUUID(), pending.customer().id(), contact, 0, now, now));
                    outcomes.add(new Outcome(
                            p.row.line(),
                            Result.UPDATED,
                            Match.EARLIER_ROW,
                            pending.customer().id(),
                            List.of()));
                } catch (ValidationException e) {
                    invalid(p, named(p, e.problems(), true));
                }
                return;
            }
            outcomes.add(new Outcome(
                    p.row.line(),
                    Result.SKIPPED,
                    Match.EARLIER_ROW,
                    pending.customer().id(),
                    List.of(new FieldProblem("", "import.duplicate.earlier-row"))));
        }

        private void insert(List<Pending> created) {
            var all = created.stream().map(Pending::customer).toList();
            var contactsOf = new HashMap<UUID, List<Contact>>();
            var allContacts = new ArrayList<Contact>();
            var refs = new ArrayList<CustomerExternalRefRecord>();
            for (var pending : created) {
                if (!pending.contacts().isEmpty()) {
                    contactsOf.put(pending.customer().id(), pending.contacts());
                    allContacts.addAll(pending.contacts());
                }
                if (pending.reference() != null) {
                    refs.add(new CustomerExternalRefRecord(
                            pending.reference(), pending.customer().id(), options.importId(), now));
                }
            }
            customers.insertAll(all, contactsOf);
            contacts.insertAll(allContacts);
            if (!refs.isEmpty()) {
                Batches.insert(db, refs);
            }
            history.recordCreatedAll(all, ChangeHistory.IMPORT);
            if (options.importId() != null) {
                var effects = new ArrayList<dev.dossier.db.tables.records.CustomerImportEffectRecord>();
                for (var pending : created) {
                    effects.add(new dev.dossier.db.tables.records.CustomerImportEffectRecord(
                            options.importId(), pending.customer().id(), true, null, null, 0));
                }
                Batches.insert(db, effects);
            }
            events.publishEvent(new CustomersImported(
                    options.importId(),
                    all.stream().map(Customer::id).toList(),
                    CurrentUser.actor().userId()));
        }

        private void update(Map<UUID, List<Parsed>> updates, Map<Parsed, Match> matched, Set<UUID> ours) {
            var found = customers.findAll(new ArrayList<>(updates.keySet()));
            var byId = new HashMap<UUID, Customer>();
            found.forEach(c -> byId.put(c.id(), c));
            for (var entry : updates.entrySet()) {
                var customer = byId.get(entry.getKey());
                for (var p : entry.getValue()) {
                    var match = matched.get(p);
                    if (customer == null) {
                        invalid(p, List.of(new FieldProblem("", "import.duplicate.gone")));
                        continue;
                    }
                    if (!access.allows(Area.CUSTOMERS, Operation.EDIT, CustomerManagement.owned(customer))) {
                        outcomes.add(new Outcome(
                                p.row.line(),
                                Result.SKIPPED,
                                match,
                                null,
                                List.of(new FieldProblem("", "import.duplicate.not-editable"))));
                        continue;
                    }
                    updateOne(customer, p, match, ours.contains(customer.id()));
                }
            }
        }

        private void updateOne(Customer customer, Parsed p, Match match, boolean ours) {
            var stored = CustomerForms.CustomerForm.of(customer).toDraft();
            boolean mergeFields = !ours && options.onDuplicate() != OnDuplicate.SKIP;
            var merged = mergeFields ? merge(stored, p.draft, options.onDuplicate() == OnDuplicate.OVERWRITE) : stored;
            CustomerDetails details;
            try {
                details = validator.validate(fields.restrict(merged, stored));
            } catch (ValidationException e) {
                invalid(p, named(p, e.problems(), false));
                return;
            }
            ContactDetails newContact = null;
            if (p.contact != null && customer.details().type() == CustomerType.COMPANY) {
                var name = normalised(p.contact.name());
                boolean known = contacts.ofCustomer(customer.id()).stream()
                        .anyMatch(c -> normalised(c.details().name()).equals(name));
                if (!known) {
                    try {
                        newContact = validator.validate(fields.restrict(p.contact, null));
                    } catch (ValidationException e) {
                        invalid(p, named(p, e.problems(), true));
                        return;
                    }
                }
            }
            var before = customer.details().lifecycleStage();
            int version = customer.version();
            var actor = CurrentUser.actor();
            var changes = customer.revise(details, actor, now);
            if (changes.isEmpty() && newContact == null) {
                outcomes.add(new Outcome(p.row.line(), Result.UNCHANGED, match, customer.id(), List.of()));
                return;
            }
            outcomes.add(new Outcome(p.row.line(), Result.UPDATED, match, customer.id(), List.of()));
            if (!write) {
                return;
            }
            var changed = new LinkedHashSet<String>();
            var values = new ArrayList<dev.dossier.shared.ValueChange>();
            if (!changes.isEmpty()) {
                customers.update(customer, version);
                history.record(
                        customer.id(),
                        "CUSTOMER",
                        customer.id(),
                        details.name(),
                        ChangeHistory.Action.UPDATED,
                        changes,
                        now,
                        actor.userId(),
                        ChangeHistory.IMPORT);
                changes.forEach(c -> changed.add(c.field()));
                values.addAll(Snapshots.valueChanges("", changes, crypto::sensitiveInHistory));
                if (before != details.lifecycleStage()) {
                    history.recordStage(customer.id(), before, details.lifecycleStage(), now, actor.userId());
                    events.publishEvent(
                            new LifecycleStageChanged(customer.id(), before, details.lifecycleStage(), actor.userId()));
                }
            }
            UUID contactId = null;
            if (newContact != null) {
                var contact = new Contact(UUID.randomUUID(), customer.id(), newContact, 0, now, now);
                contactId = contact.id();
                contacts.insert(contact, actor.userId());
                customers.touch(customer.id(), actor.userId());
                var created = Snapshots.diff(Map.of(), Snapshots.of(newContact));
                history.record(
                        customer.id(),
                        "CONTACT",
                        contact.id(),
                        newContact.name(),
                        ChangeHistory.Action.CREATED,
                        created,
                        now,
                        actor.userId(),
                        ChangeHistory.IMPORT);
                changed.add("contacts");
                values.addAll(Snapshots.valueChanges("contact.", created, crypto::sensitiveInHistory));
            }
            customers.refreshSearchTerms(customer.id());
            var r = CUSTOMER_EXTERNAL_REF;
            if (p.row.reference() != null) {
                db.mergeInto(r)
                        .using(db.selectOne())
                        .on(r.REF.eq(p.row.reference()))
                        .whenMatchedThenUpdate()
                        .set(r.IMPORT_ID, options.importId())
                        .whenNotMatchedThenInsert(r.REF, r.CUSTOMER_ID, r.IMPORT_ID, r.CREATED_AT)
                        .values(p.row.reference(), customer.id(), options.importId(), now)
                        .execute();
            }
            remember(customer.id(), changes.isEmpty() ? null : stored, contactId);
            events.publishEvent(new CustomerChanged(customer.id(), changed, values, actor.userId()));
        }

        /**
         * What this import did to a customer it changed, for its undo: the values before its first change, the
         * contacts it added, the version after its last change.
         */
        private void remember(UUID customerId, CustomerDraft before, UUID contactId) {
            if (options.importId() == null) {
                return;
            }
            var e = CUSTOMER_IMPORT_EFFECT;
            var version = db.select(CUSTOMER.VERSION)
                    .from(CUSTOMER)
                    .where(CUSTOMER.ID.eq(customerId))
                    .fetchOne(CUSTOMER.VERSION);
            var known = db.selectFrom(e)
                    .where(e.IMPORT_ID.eq(options.importId()))
                    .and(e.CUSTOMER_ID.eq(customerId))
                    .fetchOptional();
            if (known.isPresent()) {
                var row = known.get();
                if (row.getBeforeValues() == null && before != null && !row.getCreated()) {
                    row.setBeforeValues(crypto.seal(CustomerCrypto.IMPORT_BEFORE, ImportUndo.json(before)));
                }
                if (contactId != null) {
                    var ids = row.getContactIds() == null ? "" : row.getContactIds() + ",";
                    row.setContactIds(ids + contactId);
                }
                row.setVersionAfter(version);
                row.update();
                return;
            }
            db.insertInto(e)
                    .set(e.IMPORT_ID, options.importId())
                    .set(e.CUSTOMER_ID, customerId)
                    .set(e.CREATED, false)
                    .set(
                            e.BEFORE_VALUES,
                            before == null ? null : crypto.seal(CustomerCrypto.IMPORT_BEFORE, ImportUndo.json(before)))
                    .set(e.CONTACT_IDS, contactId == null ? null : contactId.toString())
                    .set(e.VERSION_AFTER, version)
                    .execute();
        }
    }

    /**
     * The stored draft with the row's values: blanks filled, or (overwriting) every value the row has put in place;
     * phones, emails and tags are added to, never taken away.
     */
    static CustomerDraft merge(CustomerDraft stored, CustomerDraft row, boolean overwrite) {
        return new CustomerDraft(
                stored.type(),
                pick(stored.name(), row.name(), overwrite),
                stored.legalName(),
                pick(stored.gender(), row.gender(), overwrite),
                pick(stored.birthDate(), row.birthDate(), overwrite),
                pick(stored.industry(), row.industry(), overwrite),
                stored.companySize(),
                pick(stored.website(), row.website(), overwrite),
                pick(stored.grade(), row.grade(), overwrite),
                pick(stored.lifecycleStage(), row.lifecycleStage(), overwrite),
                pick(stored.region(), row.region(), overwrite),
                pick(stored.sourceChannel(), row.sourceChannel(), overwrite),
                pick(stored.country(), row.country(), overwrite),
                pick(stored.province(), row.province(), overwrite),
                pick(stored.city(), row.city(), overwrite),
                pick(stored.district(), row.district(), overwrite),
                pick(stored.addressLine(), row.addressLine(), overwrite),
                pick(stored.postalCode(), row.postalCode(), overwrite),
                union(stored.phones(), row.phones(), PhoneInput::number),
                union(stored.emails(), row.emails(), e -> e.address().toLowerCase(Locale.ROOT)),
                stored.socialAccounts(),
                union(stored.tags(), row.tags(), t -> t),
                pick(stored.ownerId(), row.ownerId(), overwrite),
                stored.teamId(),
                pick(stored.remarks(), row.remarks(), overwrite),
                stored.idDocumentType(),
                stored.idDocumentNumber(),
                stored.bankName(),
                stored.bankAccount(),
                stored.preferredLanguage());
    }

    private static <T> T pick(T stored, T row, boolean overwrite) {
        boolean storedBlank = stored == null || stored instanceof String s && s.isBlank();
        if (row == null) {
            return stored;
        }
        return overwrite || storedBlank ? row : stored;
    }

    private static <T> List<T> union(List<T> stored, List<T> row, java.util.function.Function<T, String> key) {
        var result = new ArrayList<T>(stored == null ? List.of() : stored);
        var keys = new HashSet<String>();
        result.forEach(t -> keys.add(digitsOrText(key.apply(t))));
        for (var t : row == null ? List.<T>of() : row) {
            if (keys.add(digitsOrText(key.apply(t)))) {
                result.add(t);
            }
        }
        return result;
    }

    /** A phone's digits (so that 138 1234 5678 and 13812345678 are one), or the text itself. */
    private static String digitsOrText(String value) {
        if (value == null) {
            return "";
        }
        var n = Normalizer.normalize(value, Normalizer.Form.NFKC);
        var digits = n.replaceAll("[^0-9]", "");
        return digits.length() >= 5 && n.replaceAll("[0-9+()\\s-]", "").isEmpty()
                ? digits.substring(Math.max(0, digits.length() - 11))
                : n.strip().toLowerCase(Locale.ROOT);
    }

    /** Every way a value of the enum may be written: its name and its labels in both languages. */
    private static <E extends Enum<E>> Map<String, Enum<?>> labelsOf(
            Class<E> type, MessageSource messages, Map<E, List<String>> aliases) {
        return Map.copyOf(ImportText.labels(
                type,
                (constant, locale) ->
                        messages.getMessage("enum." + type.getSimpleName() + "." + constant.name(), null, null, locale),
                aliases));
    }

    private static String labelKey(String text) {
        return ImportText.labelKey(text);
    }
}
