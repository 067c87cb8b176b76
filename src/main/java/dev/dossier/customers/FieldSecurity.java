package dev.dossier.customers;

import dev.dossier.customers.CustomerResources.ContactResource;
import dev.dossier.customers.CustomerResources.CustomerResource;
import dev.dossier.customers.CustomerResources.EmailView;
import dev.dossier.customers.CustomerResources.PhoneView;
import dev.dossier.customers.CustomerResources.SocialView;
import dev.dossier.identity.Access;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.FieldGroup;
import dev.dossier.identity.FieldLevel;
import dev.dossier.shared.AccessEvents.SensitiveRecordViewed;
import dev.dossier.shared.AccessEvents.SensitiveValueRevealed;
import dev.dossier.shared.Formats;
import dev.dossier.shared.Masks;
import dev.dossier.shared.Subject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * How much of a customer's fields the current user sees and may change, by field group: contact details, address,
 * identity. Pages (as {@code @fieldView}) and the API both show values through here; edits keep the stored values of
 * groups the user may not change. Reveals and full views of sensitive values are recorded.
 */
@Component("fieldView")
class FieldSecurity {

    /** The groups whose full view is recorded in the audit trail. */
    static final Set<FieldGroup> SENSITIVE = EnumSet.of(FieldGroup.CONTACT, FieldGroup.IDENTITY, FieldGroup.FINANCIAL);

    private final Access access;
    private final Formats formats;
    private final ApplicationEventPublisher events;

    FieldSecurity(Access access, Formats formats, ApplicationEventPublisher events) {
        this.access = access;
        this.formats = formats;
        this.events = events;
    }

    FieldLevel level(FieldGroup group) {
        return access.field(group);
    }

    // For the pages: groups by name, and whether a reveal has shown them in full.

    public boolean visible(String group) {
        return level(FieldGroup.valueOf(group)).visible();
    }

    public boolean editable(String group) {
        return level(FieldGroup.valueOf(group)).editable();
    }

    public boolean full(String group, Set<FieldGroup> revealed) {
        var g = FieldGroup.valueOf(group);
        var level = level(g);
        return level.full() || level == FieldLevel.REVEAL && revealed != null && revealed.contains(g);
    }

    public boolean revealable(String group, Set<FieldGroup> revealed) {
        var g = FieldGroup.valueOf(group);
        return level(g) == FieldLevel.REVEAL && (revealed == null || !revealed.contains(g));
    }

    public String phone(String e164, Set<FieldGroup> revealed) {
        return e164 == null ? null : full("CONTACT", revealed) ? formats.phone(e164) : Masks.phone(e164);
    }

    public String email(String address, Set<FieldGroup> revealed) {
        return address == null ? null : full("CONTACT", revealed) ? address : Masks.email(address);
    }

    public String social(String handle, Set<FieldGroup> revealed) {
        return handle == null ? null : full("CONTACT", revealed) ? handle : Masks.text(handle);
    }

    public String number(String value, String group, Set<FieldGroup> revealed) {
        return value == null ? null : full(group, revealed) ? value : Masks.number(value);
    }

    public String text(String value, String group, Set<FieldGroup> revealed) {
        return value == null ? null : full(group, revealed) ? value : Masks.text(value);
    }

    /**
     * Shows the masked values of {@code groups} in full to the current user, who must be allowed to reveal them;
     * each reveal is recorded.
     */
    @Transactional
    Set<FieldGroup> reveal(UUID customerId, Set<FieldGroup> groups) {
        var revealed = EnumSet.noneOf(FieldGroup.class);
        for (var group : groups) {
            var level = level(group);
            if (level.full()) {
                continue;
            }
            if (level != FieldLevel.REVEAL) {
                throw new AccessDeniedException("reveal " + group);
            }
            revealed.add(group);
            events.publishEvent(new SensitiveValueRevealed(
                    CurrentUser.get().id(), new Subject("customer", customerId), group.name()));
        }
        return revealed;
    }

    /** Records that the current user looked at a customer whose sensitive values they see in full. */
    @Transactional
    void viewed(UUID customerId) {
        var user = CurrentUser.find();
        if (user.isPresent() && SENSITIVE.stream().anyMatch(g -> level(g).full())) {
            events.publishEvent(new SensitiveRecordViewed(user.get().id(), new Subject("customer", customerId)));
        }
    }

    /** Groups of a customer shown masked or left out for the current user. */
    List<FieldGroup> restricted(Set<FieldGroup> revealed) {
        var restricted = new ArrayList<FieldGroup>();
        for (var group : FieldGroup.values()) {
            if (!full(group.name(), revealed)) {
                restricted.add(group);
            }
        }
        return restricted;
    }

    CustomerResource apply(CustomerResource r, Set<FieldGroup> revealed) {
        var contact = level(FieldGroup.CONTACT);
        var address = level(FieldGroup.ADDRESS);
        boolean contactFull = full("CONTACT", revealed);
        boolean addressFull = full("ADDRESS", revealed);
        boolean identityFull = full("IDENTITY", revealed);
        return new CustomerResource(
                r.id(),
                r.type(),
                r.name(),
                r.legalName(),
                r.gender(),
                identityFull ? r.birthDate() : null,
                r.industry(),
                r.companySize(),
                r.website(),
                r.grade(),
                r.lifecycleStage(),
                r.region(),
                r.sourceChannel(),
                address.visible() ? r.country() : null,
                address.visible() ? r.province() : null,
                address.visible() ? r.city() : null,
                addressFull ? r.district() : null,
                addressFull ? r.addressLine() : address.visible() ? Masks.text(r.addressLine()) : null,
                addressFull ? r.postalCode() : null,
                contactFull ? r.phones() : contact.visible() ? maskPhones(r.phones()) : List.of(),
                contactFull ? r.emails() : contact.visible() ? maskEmails(r.emails()) : List.of(),
                contactFull ? r.socialAccounts() : contact.visible() ? maskSocial(r.socialAccounts()) : List.of(),
                r.tags(),
                r.ownerId(),
                r.teamId(),
                r.remarks(),
                level(FieldGroup.IDENTITY).visible() ? r.idDocumentType() : null,
                identityFull
                        ? r.idDocumentNumber()
                        : level(FieldGroup.IDENTITY).visible() ? Masks.number(r.idDocumentNumber()) : null,
                level(FieldGroup.FINANCIAL).visible() ? r.bankName() : null,
                full("FINANCIAL", revealed)
                        ? r.bankAccount()
                        : level(FieldGroup.FINANCIAL).visible() ? Masks.number(r.bankAccount()) : null,
                r.preferredLanguage(),
                r.createdAt(),
                r.updatedAt(),
                r.deletedAt(),
                r.version(),
                restricted(revealed));
    }

    ContactResource apply(ContactResource r, Set<FieldGroup> revealed) {
        var contact = level(FieldGroup.CONTACT);
        boolean contactFull = full("CONTACT", revealed);
        return new ContactResource(
                r.id(),
                r.customerId(),
                r.name(),
                r.gender(),
                full("IDENTITY", revealed) ? r.birthDate() : null,
                r.jobTitle(),
                r.department(),
                r.decisionRole(),
                contactFull ? r.phones() : contact.visible() ? maskPhones(r.phones()) : List.of(),
                contactFull ? r.emails() : contact.visible() ? maskEmails(r.emails()) : List.of(),
                contactFull ? r.socialAccounts() : contact.visible() ? maskSocial(r.socialAccounts()) : List.of(),
                r.remarks(),
                r.createdAt(),
                r.updatedAt(),
                r.version(),
                restricted(revealed));
    }

    private static List<PhoneView> maskPhones(List<PhoneView> phones) {
        return phones.stream()
                .map(p -> new PhoneView(p.type(), Masks.phone(p.number()), Masks.phone(p.number())))
                .toList();
    }

    private static List<EmailView> maskEmails(List<EmailView> emails) {
        return emails.stream()
                .map(e -> new EmailView(e.type(), Masks.email(e.address())))
                .toList();
    }

    private static List<SocialView> maskSocial(List<SocialView> accounts) {
        return accounts.stream()
                .map(s -> new SocialView(s.type(), Masks.text(s.handle())))
                .toList();
    }

    /**
     * What the current user submitted, with the groups they may not change put back as stored (or left empty for
     * a new customer), so that masked or hidden values are never written back.
     */
    CustomerDraft restrict(CustomerDraft d, CustomerDraft stored) {
        boolean contact = editable("CONTACT");
        boolean address = editable("ADDRESS");
        boolean identity = editable("IDENTITY");
        boolean financial = editable("FINANCIAL");
        if (contact && address && identity && financial) {
            return d;
        }
        var s = stored != null
                ? stored
                : new CustomerDraft(
                        d.type(), null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, List.of(), List.of(), List.of(), List.of(), null, null, null, null, null,
                        null, null);
        return new CustomerDraft(
                d.type(),
                d.name(),
                d.legalName(),
                d.gender(),
                identity ? d.birthDate() : s.birthDate(),
                d.industry(),
                d.companySize(),
                d.website(),
                d.grade(),
                d.lifecycleStage(),
                d.region(),
                d.sourceChannel(),
                address ? d.country() : s.country(),
                address ? d.province() : s.province(),
                address ? d.city() : s.city(),
                address ? d.district() : s.district(),
                address ? d.addressLine() : s.addressLine(),
                address ? d.postalCode() : s.postalCode(),
                contact ? d.phones() : s.phones(),
                contact ? d.emails() : s.emails(),
                contact ? d.socialAccounts() : s.socialAccounts(),
                d.tags(),
                d.ownerId(),
                d.teamId(),
                d.remarks(),
                identity ? d.idDocumentType() : s.idDocumentType(),
                identity ? d.idDocumentNumber() : s.idDocumentNumber(),
                financial ? d.bankName() : s.bankName(),
                financial ? d.bankAccount() : s.bankAccount(),
                d.preferredLanguage());
    }

    ContactDraft restrict(ContactDraft d, ContactDraft stored) {
        boolean contact = editable("CONTACT");
        boolean identity = editable("IDENTITY");
        if (contact && identity) {
            return d;
        }
        var s = stored != null
                ? stored
                : new ContactDraft(null, null, null, null, null, null, List.of(), List.of(), List.of(), null);
        return new ContactDraft(
                d.name(),
                d.gender(),
                identity ? d.birthDate() : s.birthDate(),
                d.jobTitle(),
                d.department(),
                d.decisionRole(),
                contact ? d.phones() : s.phones(),
                contact ? d.emails() : s.emails(),
                contact ? d.socialAccounts() : s.socialAccounts(),
                d.remarks());
    }
}
