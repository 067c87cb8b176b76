package dev.dossier.customers;

import dev.dossier.customers.CustomerResources.ContactResource;
import dev.dossier.customers.CustomerResources.CustomerResource;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.AccessEvents.DataExported;
import dev.dossier.shared.TableFile;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A filtered list of customers as a file: CSV (UTF-8 with a byte order mark, so that Excel reads Chinese) or XLSX,
 * written as it is read, a page at a time in id order, so memory stays the same however many customers there are. The
 * rows are the list's rows, so record scope applies; each value as the reader's role sees it (masked or left out as
 * on the dossier). The columns carry the import's headers in the reader's language, so an export imports again as
 * the same customers. A CSV cell that a spreadsheet would run as a formula is written as text. Each export is an
 * entry of the audit trail with its filter and row count.
 */
@Component
class CustomerExport {

    /** The formats written. */
    enum Format {
        CSV("text/csv;charset=UTF-8", "csv"),
        XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        /** vCard 4.0, a card a customer: for address books and phones. */
        VCF("text/vcard;charset=UTF-8", "vcf");

        final String contentType;
        final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }
    }

    private static final int PAGE = 1_000;

    /** The columns, by the import's field names. */
    private static final List<String> COLUMNS = List.of(
            "REFERENCE",
            "TYPE",
            "NAME",
            "MOBILE",
            "PHONE",
            "EMAIL",
            "GENDER",
            "BIRTH_DATE",
            "INDUSTRY",
            "WEBSITE",
            "GRADE",
            "LIFECYCLE_STAGE",
            "SOURCE",
            "REGION",
            "COUNTRY",
            "PROVINCE",
            "CITY",
            "DISTRICT",
            "ADDRESS",
            "POSTAL_CODE",
            "TAGS",
            "OWNER",
            "REMARKS");

    private final CustomerQueries queries;
    private final CustomerRepository repository;
    private final ContactRepository contacts;
    private final CustomerValidator validator;
    private final FieldSecurity fields;
    private final Access access;
    private final UserDirectory users;
    private final MessageSource messages;
    private final ApplicationEventPublisher events;

    CustomerExport(
            CustomerQueries queries,
            CustomerRepository repository,
            ContactRepository contacts,
            CustomerValidator validator,
            FieldSecurity fields,
            Access access,
            UserDirectory users,
            MessageSource messages,
            ApplicationEventPublisher events) {
        this.queries = queries;
        this.repository = repository;
        this.validator = validator;
        this.contacts = contacts;
        this.fields = fields;
        this.access = access;
        this.users = users;
        this.messages = messages;
        this.events = events;
    }

    /** The file's name for a download. */
    static String fileName(Format format) {
        return "customers." + format.extension;
    }

    /** Checks the right to export before anything is written. */
    void requireRight() {
        access.require(Area.CUSTOMERS, Operation.EXPORT);
    }

    /** Writes the customers the filter finds (and the reader reaches); returns how many. */
    long write(CustomerFilter filter, Format format, OutputStream out, Locale locale) throws IOException {
        requireRight();
        var headers = COLUMNS.stream()
                .map(c -> messages.getMessage("import.field." + c, null, c, locale))
                .toList();
        long rows;
        if (format == Format.VCF) {
            var writer = new ezvcard.io.text.VCardWriter(out, ezvcard.VCardVersion.V4_0);
            rows = eachShown(
                    filter,
                    page -> {
                        // A company's contacts follow its own card, each a card of its own under the company's name.
                        var companies = page.stream()
                                .filter(c -> c.type() == CustomerType.COMPANY)
                                .collect(java.util.stream.Collectors.toMap(CustomerResource::id, c -> c));
                        var people = new HashMap<UUID, List<ContactResource>>();
                        if (!companies.isEmpty()) {
                            for (var contact : contacts.ofCustomers(companies.keySet())) {
                                people.computeIfAbsent(contact.customerId(), k -> new ArrayList<>())
                                        .add(fields.apply(
                                                ContactResource.of(contact, validator.defaultRegion()), Set.of()));
                            }
                        }
                        try {
                            for (var c : page) {
                                writer.write(card(c));
                                for (var person : people.getOrDefault(c.id(), List.of())) {
                                    writer.write(card(person, c));
                                }
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    },
                    null);
            writer.flush();
        } else {
            rows = TableFile.write(
                    format == Format.CSV ? TableFile.Format.CSV : TableFile.Format.XLSX,
                    out,
                    messages.getMessage("customers.title", null, "Customers", locale),
                    headers,
                    row -> each(filter, locale, row));
        }
        events.publishEvent(new DataExported(CurrentUser.actor().userId(), fileName(format), rows, describe(filter)));
        return rows;
    }

    /** The columns of a contacts file, by the import's field names, so that it imports again. */
    private static final List<String> CONTACT_COLUMNS =
            List.of("REFERENCE", "COMPANY", "CONTACT_NAME", "JOB_TITLE", "DEPARTMENT", "MOBILE", "PHONE", "EMAIL");

    /**
     * Writes the contacts of the companies the filter finds (and the reader reaches), as the reader sees them; returns
     * how many. Each row names its company by id and name, so that the file imports again as contacts of the same
     * companies.
     */
    long writeContacts(CustomerFilter filter, TableFile.Format format, OutputStream out, Locale locale)
            throws IOException {
        requireRight();
        var headers = CONTACT_COLUMNS.stream()
                .map(c -> messages.getMessage("import.field." + c, null, c, locale))
                .toList();
        long rows = TableFile.write(
                format,
                out,
                messages.getMessage("customers.export.contacts.sheet", null, "Contacts", locale),
                headers,
                row -> {
                    var count = new long[1];
                    eachShown(
                            filter,
                            page -> {
                                var companies = page.stream()
                                        .filter(c -> c.type() == CustomerType.COMPANY)
                                        .collect(java.util.stream.Collectors.toMap(CustomerResource::id, c -> c));
                                if (companies.isEmpty()) {
                                    return;
                                }
                                for (var contact : contacts.ofCustomers(companies.keySet())) {
                                    var p = fields.apply(
                                            ContactResource.of(contact, validator.defaultRegion()), Set.of());
                                    var company = companies.get(contact.customerId());
                                    row.accept(List.of(
                                            company.id().toString(),
                                            company.name(),
                                            text(p.name()),
                                            text(p.jobTitle()),
                                            text(p.department()),
                                            join(numbers(p.phones(), true)),
                                            join(numbers(p.phones(), false)),
                                            join(
                                                    p.emails() == null
                                                            ? List.of()
                                                            : p.emails().stream()
                                                                    .map(CustomerResources.EmailView::address)
                                                                    .toList())));
                                    count[0]++;
                                }
                            },
                            null);
                });
        events.publishEvent(
                new DataExported(CurrentUser.actor().userId(), "contacts." + format.extension, rows, describe(filter)));
        return rows;
    }

    /** The mobiles among the phones, or the other phones. */
    private static List<String> numbers(List<CustomerResources.PhoneView> phones, boolean mobiles) {
        return phones == null
                ? List.of()
                : phones.stream()
                        .filter(p -> (p.type() == PhoneType.MOBILE) == mobiles)
                        .map(CustomerResources.PhoneView::number)
                        .toList();
    }

    /** Hands each customer's cells to {@code row}, a page at a time. */
    private long each(CustomerFilter filter, Locale locale, java.util.function.Consumer<List<String>> row) {
        var labels = new HashMap<Enum<?>, String>();
        var owners = new HashMap<UUID, String>();
        return eachShown(
                filter, page -> page.forEach(shown -> row.accept(cells(shown, owners, labels, locale))), owners);
    }

    /**
     * Hands each page of customers, as the reader sees them, to {@code page}; with {@code owners}, the owners' sign-in
     * names of each page are added to it first.
     */
    private long eachShown(
            CustomerFilter filter, java.util.function.Consumer<List<CustomerResource>> page, Map<UUID, String> owners) {
        UUID after = null;
        long count = 0;
        while (true) {
            var ids = queries.ids(filter, after, PAGE);
            if (ids.isEmpty()) {
                return count;
            }
            var customers = repository.findAll(ids);
            if (owners != null) {
                var missing = customers.stream()
                        .map(c -> c.details().ownerId())
                        .filter(id -> id != null && !owners.containsKey(id))
                        .distinct()
                        .toList();
                owners.putAll(users.usernames(missing));
            }
            page.accept(customers.stream()
                    .map(c -> fields.apply(CustomerResource.of(c, validator.defaultRegion()), Set.of()))
                    .toList());
            count += customers.size();
            after = ids.getLast();
        }
    }

    private List<String> cells(
            CustomerResource c, Map<UUID, String> owners, Map<Enum<?>, String> labels, Locale locale) {
        Function<Enum<?>, String> label = e -> e == null
                ? ""
                : labels.computeIfAbsent(
                        e,
                        k -> messages.getMessage(
                                "enum." + k.getDeclaringClass().getSimpleName() + "." + k.name(),
                                null,
                                k.name(),
                                locale));
        var cells = new ArrayList<String>(COLUMNS.size());
        cells.add(c.id().toString());
        cells.add(label.apply(c.type()));
        cells.add(c.name());
        cells.add(join(numbers(c.phones(), true)));
        cells.add(join(numbers(c.phones(), false)));
        cells.add(join(
                c.emails() == null
                        ? List.of()
                        : c.emails().stream()
                                .map(CustomerResources.EmailView::address)
                                .toList()));
        cells.add(label.apply(c.gender()));
        cells.add(c.birthDate() == null ? "" : c.birthDate().toString());
        cells.add(label.apply(c.industry()));
        cells.add(text(c.website()));
        cells.add(label.apply(c.grade()));
        cells.add(label.apply(c.lifecycleStage()));
        cells.add(label.apply(c.sourceChannel()));
        cells.add(label.apply(c.region()));
        cells.add(text(c.country()));
        cells.add(text(c.province()));
        cells.add(text(c.city()));
        cells.add(text(c.district()));
        cells.add(text(c.addressLine()));
        cells.add(text(c.postalCode()));
        cells.add(c.tags() == null ? "" : String.join("; ", c.tags()));
        cells.add(c.ownerId() == null ? "" : owners.getOrDefault(c.ownerId(), ""));
        cells.add(text(c.remarks()));
        return cells;
    }

    /**
     * A customer as a vCard 4.0: its name (and organisation for a company), phones (mobiles as cell), emails, birthday,
     * address, website, tags as categories, remarks as a note and its id as UID, so that importing the card again finds
     * the same customer. Values are as the reader sees them.
     */
    private static ezvcard.VCard card(CustomerResource c) {
        var card = new ezvcard.VCard(ezvcard.VCardVersion.V4_0);
        card.setUid(new ezvcard.property.Uid("urn:uuid:" + c.id()));
        card.setFormattedName(c.name());
        if (c.type() == CustomerType.COMPANY) {
            card.setKind(ezvcard.property.Kind.org());
            card.setOrganization(c.legalName() == null || c.legalName().isBlank() ? c.name() : c.legalName());
        } else {
            card.setKind(ezvcard.property.Kind.individual());
            var name = new ezvcard.property.StructuredName();
            name.setFamily(c.name());
            card.setStructuredName(name);
        }
        phones(card, c.phones());
        emails(card, c.emails());
        if (c.birthDate() != null) {
            card.setBirthday(new ezvcard.property.Birthday(c.birthDate()));
        }
        if (c.province() != null || c.city() != null || c.addressLine() != null || c.postalCode() != null) {
            var address = new ezvcard.property.Address();
            address.setCountry(c.country());
            address.setRegion(c.province());
            address.setLocality(c.city());
            var street = String.join(
                    " ",
                    java.util.stream.Stream.of(c.district(), c.addressLine())
                            .filter(v -> v != null && !v.isBlank())
                            .toList());
            address.setStreetAddress(street.isEmpty() ? null : street);
            address.setPostalCode(c.postalCode());
            card.addAddress(address);
        }
        if (c.website() != null && !c.website().isBlank()) {
            card.addUrl(c.website());
        }
        if (c.tags() != null && !c.tags().isEmpty()) {
            card.setCategories(c.tags().toArray(String[]::new));
        }
        if (c.remarks() != null && !c.remarks().isBlank()) {
            card.addNote(c.remarks());
        }
        return card;
    }

    /**
     * A company's contact as a vCard 4.0: their name, the company (and their department) as organisation, job title,
     * phones, emails, birthday and remarks, as the reader sees them; the contact's id as UID.
     */
    private static ezvcard.VCard card(ContactResource p, CustomerResource company) {
        var card = new ezvcard.VCard(ezvcard.VCardVersion.V4_0);
        card.setUid(new ezvcard.property.Uid("urn:uuid:" + p.id()));
        card.setKind(ezvcard.property.Kind.individual());
        card.setFormattedName(p.name());
        var name = new ezvcard.property.StructuredName();
        name.setFamily(p.name());
        card.setStructuredName(name);
        var organisation = new ezvcard.property.Organization();
        organisation.getValues().add(company.name());
        if (p.department() != null && !p.department().isBlank()) {
            organisation.getValues().add(p.department());
        }
        card.setOrganization(organisation);
        if (p.jobTitle() != null && !p.jobTitle().isBlank()) {
            card.addTitle(p.jobTitle());
        }
        phones(card, p.phones());
        emails(card, p.emails());
        if (p.birthDate() != null) {
            card.setBirthday(new ezvcard.property.Birthday(p.birthDate()));
        }
        if (p.remarks() != null && !p.remarks().isBlank()) {
            card.addNote(p.remarks());
        }
        return card;
    }

    private static void phones(ezvcard.VCard card, List<CustomerResources.PhoneView> phones) {
        if (phones != null) {
            for (var phone : phones) {
                if (phone.number() != null && !phone.number().isBlank()) {
                    card.addTelephoneNumber(
                            phone.number(),
                            phone.type() == PhoneType.MOBILE
                                    ? ezvcard.parameter.TelephoneType.CELL
                                    : ezvcard.parameter.TelephoneType.VOICE);
                }
            }
        }
    }

    private static void emails(ezvcard.VCard card, List<CustomerResources.EmailView> emails) {
        if (emails != null) {
            for (var email : emails) {
                if (email.address() != null && !email.address().isBlank()) {
                    card.addEmail(email.address());
                }
            }
        }
    }

    private static String join(List<String> values) {
        return String.join(
                "; ", values.stream().filter(v -> v != null && !v.isBlank()).toList());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    static String describe(CustomerFilter f) {
        var parts = new ArrayList<String>();
        if (f.type() != null) {
            parts.add("type=" + f.type());
        }
        if (f.grade() != null) {
            parts.add("grade=" + f.grade());
        }
        if (f.lifecycleStage() != null) {
            parts.add("stage=" + f.lifecycleStage());
        }
        if (f.region() != null) {
            parts.add("region=" + f.region());
        }
        if (f.industry() != null) {
            parts.add("industry=" + f.industry());
        }
        if (f.tag() != null && !f.tag().isBlank()) {
            parts.add("tag=" + f.tag());
        }
        if (f.ownerId() != null) {
            parts.add("owner=" + f.ownerId());
        }
        if (f.teamId() != null) {
            parts.add("team=" + f.teamId());
        }
        if (f.searching()) {
            parts.add("q=" + f.q());
        }
        return parts.isEmpty() ? "all customers" : String.join(", ", parts);
    }
}
