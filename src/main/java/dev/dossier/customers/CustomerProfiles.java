package dev.dossier.customers;

import static dev.dossier.db.Tables.CONTACT_POINT;
import static dev.dossier.db.Tables.CUSTOMER;

import dev.dossier.db.InLists;
import dev.dossier.shared.DuplicateCheck.Profile;
import dev.dossier.shared.EmailAddress;
import dev.dossier.shared.PhoneNumber;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers as duplicate matching sees them ({@link Profile}): names, birth date, place, owner, and the blind
 * indexes of their own phones, email addresses and identity document, never the values. Checks no access: the
 * caller shows only what its reader reaches.
 */
@Component
public class CustomerProfiles {

    private final DSLContext db;
    private final CustomerCrypto crypto;
    private final String defaultRegion;

    CustomerProfiles(
            DSLContext db, CustomerCrypto crypto, @Value("${dossier.default-region:CN}") String defaultRegion) {
        this.db = db;
        this.crypto = crypto;
        this.defaultRegion = defaultRegion;
    }

    /** Up to {@code limit} customers not in the trash after {@code after} (null: from the first), in id order. */
    @Transactional(readOnly = true)
    public List<Profile> page(UUID after, int limit) {
        return profiles(
                (after == null ? DSL.noCondition() : CUSTOMER.ID.gt(after)).and(CUSTOMER.DELETED_AT.isNull()), limit);
    }

    /** How many customers are not in the trash. */
    @Transactional(readOnly = true)
    public long count() {
        return db.fetchCount(CUSTOMER, CUSTOMER.DELETED_AT.isNull());
    }

    /** These customers, those not in the trash, in id order. */
    @Transactional(readOnly = true)
    public List<Profile> of(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return profiles(InLists.in(db, CUSTOMER.ID, ids).and(CUSTOMER.DELETED_AT.isNull()), ids.size());
    }

    /**
     * Customers not in the trash with any of these phone, email or identity document indexes, their own or (for
     * phones and emails) not.
     */
    @Transactional(readOnly = true)
    public Set<UUID> withKeys(Collection<String> phoneKeys, Collection<String> emailKeys, String idDocumentKey) {
        var found = new LinkedHashSet<UUID>();
        Condition points = DSL.falseCondition();
        if (!phoneKeys.isEmpty()) {
            points = points.or(CONTACT_POINT
                    .KIND
                    .eq(CustomerRepository.PHONE)
                    .and(InLists.in(db, CONTACT_POINT.POINT_INDEX, phoneKeys)));
        }
        if (!emailKeys.isEmpty()) {
            points = points.or(CONTACT_POINT
                    .KIND
                    .eq(CustomerRepository.EMAIL)
                    .and(InLists.in(db, CONTACT_POINT.POINT_INDEX, emailKeys)));
        }
        if (!phoneKeys.isEmpty() || !emailKeys.isEmpty()) {
            found.addAll(db.selectDistinct(CONTACT_POINT.CUSTOMER_ID)
                    .from(CONTACT_POINT)
                    .join(CUSTOMER)
                    .on(CUSTOMER.ID.eq(CONTACT_POINT.CUSTOMER_ID))
                    .where(points)
                    .and(CONTACT_POINT.OWNER_ID.eq(CONTACT_POINT.CUSTOMER_ID))
                    .and(CUSTOMER.DELETED_AT.isNull())
                    .limit(500)
                    .fetch(CONTACT_POINT.CUSTOMER_ID));
        }
        if (idDocumentKey != null) {
            found.addAll(db.select(CUSTOMER.ID)
                    .from(CUSTOMER)
                    .where(CUSTOMER.ID_DOCUMENT_INDEX.eq(idDocumentKey))
                    .and(CUSTOMER.DELETED_AT.isNull())
                    .limit(100)
                    .fetch(CUSTOMER.ID));
        }
        return found;
    }

    /**
     * The profile of a customer being entered, from its values as typed: numbers and addresses that do not parse
     * are left out (the form's own check reports them).
     */
    public Profile probe(
            boolean company,
            String name,
            String legalName,
            java.time.LocalDate birthDate,
            String province,
            String city,
            Collection<String> phones,
            Collection<String> emails,
            String idDocumentNumber) {
        var phoneKeys = new HashSet<String>();
        for (var phone : phones) {
            if (phone == null || phone.isBlank()) {
                continue;
            }
            try {
                phoneKeys.add(crypto.pointIndex(
                        CustomerRepository.PHONE,
                        null,
                        PhoneNumber.parse(phone, defaultRegion).e164()));
            } catch (IllegalArgumentException e) {
                // Not a number: nothing to match by.
            }
        }
        var emailKeys = new HashSet<String>();
        for (var email : emails) {
            if (email == null || email.isBlank()) {
                continue;
            }
            try {
                emailKeys.add(crypto.pointIndex(
                        CustomerRepository.EMAIL, null, EmailAddress.of(email).value()));
            } catch (IllegalArgumentException e) {
                // Not an address: nothing to match by.
            }
        }
        var document = idDocumentNumber == null || idDocumentNumber.isBlank()
                ? null
                : crypto.idDocumentIndex(idDocumentNumber.strip());
        return new Profile(
                null,
                company,
                blankToNull(name),
                blankToNull(legalName),
                birthDate,
                blankToNull(province),
                blankToNull(city),
                phoneKeys,
                emailKeys,
                document,
                null,
                null);
    }

    /** The profile of validated details, for a customer not yet registered. */
    Profile probe(CustomerDetails details) {
        var phones = new ArrayList<String>();
        details.contactPoints().phones().forEach(p -> phones.add(p.number().e164()));
        var emails = new ArrayList<String>();
        details.contactPoints().emails().forEach(e -> emails.add(e.address().value()));
        var address = details.address() == null ? CustomerDetails.Address.NONE : details.address();
        var identification =
                details.identification() == null ? CustomerDetails.Identification.NONE : details.identification();
        return probe(
                details.type() == CustomerType.COMPANY,
                details.name(),
                details.legalName(),
                details.birthDate(),
                address.province(),
                address.city(),
                phones,
                emails,
                identification.documentNumber());
    }

    private List<Profile> profiles(Condition condition, int limit) {
        var rows = db.select(
                        CUSTOMER.ID,
                        CUSTOMER.TYPE,
                        CUSTOMER.NAME,
                        CUSTOMER.LEGAL_NAME,
                        CUSTOMER.BIRTH_DATE,
                        CUSTOMER.PROVINCE,
                        CUSTOMER.CITY,
                        CUSTOMER.ID_DOCUMENT_INDEX,
                        CUSTOMER.OWNER_ID,
                        CUSTOMER.TEAM_ID)
                .from(CUSTOMER)
                .where(condition)
                .orderBy(CUSTOMER.ID)
                .limit(limit)
                .fetch();
        if (rows.isEmpty()) {
            return List.of();
        }
        var ids = rows.map(r -> r.get(CUSTOMER.ID));
        var phones = new HashMap<UUID, Set<String>>();
        var emails = new HashMap<UUID, Set<String>>();
        db.select(CONTACT_POINT.CUSTOMER_ID, CONTACT_POINT.KIND, CONTACT_POINT.POINT_INDEX)
                .from(CONTACT_POINT)
                .where(InLists.in(db, CONTACT_POINT.OWNER_ID, ids))
                .and(CONTACT_POINT.KIND.in(CustomerRepository.PHONE, CustomerRepository.EMAIL))
                .and(CONTACT_POINT.POINT_INDEX.isNotNull())
                .forEach(r -> (CustomerRepository.PHONE.equals(r.value2()) ? phones : emails)
                        .computeIfAbsent(r.value1(), k -> new HashSet<>())
                        .add(r.value3()));
        var profiles = new ArrayList<Profile>(rows.size());
        for (Record r : rows) {
            var id = r.get(CUSTOMER.ID);
            profiles.add(new Profile(
                    id,
                    CustomerType.COMPANY.name().equals(r.get(CUSTOMER.TYPE)),
                    r.get(CUSTOMER.NAME),
                    r.get(CUSTOMER.LEGAL_NAME),
                    r.get(CUSTOMER.BIRTH_DATE),
                    r.get(CUSTOMER.PROVINCE),
                    r.get(CUSTOMER.CITY),
                    phones.getOrDefault(id, Set.of()),
                    emails.getOrDefault(id, Set.of()),
                    r.get(CUSTOMER.ID_DOCUMENT_INDEX),
                    r.get(CUSTOMER.OWNER_ID),
                    r.get(CUSTOMER.TEAM_ID)));
        }
        return profiles;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
