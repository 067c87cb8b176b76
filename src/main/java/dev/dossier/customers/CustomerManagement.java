package dev.dossier.customers;

import dev.dossier.customers.ChangeHistory.Action;
import dev.dossier.customers.CustomerEvents.CustomerChanged;
import dev.dossier.customers.CustomerEvents.CustomerPurged;
import dev.dossier.customers.CustomerEvents.CustomerRegistered;
import dev.dossier.customers.CustomerEvents.CustomerRestored;
import dev.dossier.customers.CustomerEvents.CustomerTrashed;
import dev.dossier.customers.CustomerEvents.LifecycleStageChanged;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.FieldGroup;
import dev.dossier.shared.Actor;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.StaleVersionException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registering, revising, trashing and restoring customers and their contacts; every change goes into the history. */
@Service
class CustomerManagement {

    private final CustomerRepository customers;
    private final ContactRepository contacts;
    private final ChangeHistory history;
    private final CustomerValidator validator;
    private final Access access;
    private final FieldSecurity fields;
    private final CustomerCrypto crypto;
    private final dev.dossier.identity.RecordShares shares;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final CustomerDuplicates duplicates;

    CustomerManagement(
            CustomerRepository customers,
            ContactRepository contacts,
            ChangeHistory history,
            CustomerValidator validator,
            Access access,
            ApplicationEventPublisher events,
            Clock clock,
            FieldSecurity fields,
            dev.dossier.identity.RecordShares shares,
            CustomerCrypto crypto,
            CustomerDuplicates duplicates) {
        this.duplicates = duplicates;
        this.crypto = crypto;
        this.fields = fields;
        this.shares = shares;
        this.customers = customers;
        this.contacts = contacts;
        this.history = history;
        this.validator = validator;
        this.access = access;
        this.events = events;
        this.clock = clock;
    }

    /** A customer the current user may read, in the trash or not. */
    @Transactional(readOnly = true)
    Customer get(UUID id) {
        access.require(Area.CUSTOMERS, Operation.READ);
        var customer = customers.find(id).orElseThrow(() -> new NotFoundException("Customer"));
        access.require(Area.CUSTOMERS, Operation.READ, owned(customer));
        return customer;
    }

    /**
     * A customer the current user opens: read, the field groups asked for revealed, and the look at its sensitive
     * values recorded, in one transaction.
     */
    @Transactional
    Opened open(UUID id, Set<FieldGroup> reveal) {
        var customer = get(id);
        var revealed = fields.reveal(id, reveal);
        fields.viewed(id);
        return new Opened(customer, revealed);
    }

    /** A customer as opened, with the field groups revealed. */
    record Opened(Customer customer, Set<FieldGroup> revealed) {}

    static dev.dossier.identity.OwnedRecord owned(Customer customer) {
        return new dev.dossier.identity.OwnedRecord(
                "customer",
                customer.id(),
                customer.details().ownerId(),
                customer.details().teamId());
    }

    @Transactional
    Customer register(CustomerDraft draft) {
        return register(draft, true);
    }

    /**
     * Registers a customer; unless {@code confirmed}, only when no customer the user can see may be the same one.
     *
     * @throws dev.dossier.shared.PossibleDuplicatesException when there are such customers and it is not confirmed
     */
    @Transactional
    Customer register(CustomerDraft draft, boolean confirmed) {
        access.require(Area.CUSTOMERS, Operation.CREATE);
        var details = validator.validate(fields.restrict(draft, null));
        if (!confirmed) {
            var found = duplicates.of(details);
            if (!found.isEmpty()) {
                throw new dev.dossier.shared.PossibleDuplicatesException(found);
            }
        }
        var actor = CurrentUser.actor();
        var now = now();
        var customer = Customer.register(details, actor, now);
        customers.insert(customer);
        history.record(
                customer.id(),
                "CUSTOMER",
                customer.id(),
                details.name(),
                Action.CREATED,
                Snapshots.diff(java.util.Map.of(), Snapshots.of(details)),
                now,
                actor.userId());
        history.recordStage(customer.id(), null, details.lifecycleStage(), now, actor.userId());
        events.publishEvent(new CustomerRegistered(
                customer.id(),
                actor.userId(),
                Snapshots.valueChanges(
                        "", Snapshots.diff(java.util.Map.of(), Snapshots.of(details)), crypto::sensitiveInHistory)));
        events.publishEvent(new LifecycleStageChanged(customer.id(), null, details.lifecycleStage(), actor.userId()));
        return customer;
    }

    /**
     * Registers a lead on its own behalf (the public feedback form): no access is checked and the system is recorded
     * as its author; otherwise the same validation, history and events as {@link #register}.
     */
    @Transactional
    Customer registerLead(CustomerDraft draft) {
        var details = validator.validate(draft);
        var now = now();
        var customer = Customer.register(details, Actor.SYSTEM, now);
        customers.insert(customer);
        history.record(
                customer.id(),
                "CUSTOMER",
                customer.id(),
                details.name(),
                Action.CREATED,
                Snapshots.diff(java.util.Map.of(), Snapshots.of(details)),
                now,
                null);
        history.recordStage(customer.id(), null, details.lifecycleStage(), now, null);
        events.publishEvent(new CustomerRegistered(
                customer.id(),
                null,
                Snapshots.valueChanges(
                        "", Snapshots.diff(java.util.Map.of(), Snapshots.of(details)), crypto::sensitiveInHistory)));
        events.publishEvent(new LifecycleStageChanged(customer.id(), null, details.lifecycleStage(), null));
        return customer;
    }

    /** Registers many already-validated customers in batches, as the system (the demo data, benchmarks). */
    @Transactional
    List<Customer> registerAll(List<CustomerDetails> details, Actor actor, OffsetDateTime at) {
        var registered =
                details.stream().map(d -> Customer.register(d, actor, at)).toList();
        customers.insertAll(registered);
        history.recordCreatedAll(registered);
        return registered;
    }

    @Transactional
    Customer revise(UUID id, int expectedVersion, CustomerDraft draft) {
        access.require(Area.CUSTOMERS, Operation.EDIT);
        var customer = active(id, Operation.EDIT);
        if (customer.version() != expectedVersion) {
            throw new StaleVersionException("Customer", customer.version());
        }
        if (draft.type() != null && draft.type() != customer.details().type()) {
            throw new dev.dossier.shared.ValidationException(
                    List.of(new dev.dossier.shared.FieldProblem("type", "customer.type.immutable")));
        }
        var details = validator.validate(
                fields.restrict(draft, CustomerForms.CustomerForm.of(customer).toDraft()));
        var before = customer.details().lifecycleStage();
        var actor = CurrentUser.actor();
        var now = now();
        var changes = customer.revise(details, actor, now);
        if (changes.isEmpty()) {
            return customer;
        }
        customers.update(customer, expectedVersion);
        history.record(id, "CUSTOMER", id, details.name(), Action.UPDATED, changes, now, actor.userId());
        if (before != details.lifecycleStage()) {
            history.recordStage(id, before, details.lifecycleStage(), now, actor.userId());
            events.publishEvent(new LifecycleStageChanged(id, before, details.lifecycleStage(), actor.userId()));
        }
        events.publishEvent(new CustomerChanged(
                id,
                changes.stream().map(FieldChange::field).collect(Collectors.toSet()),
                Snapshots.valueChanges("", changes, crypto::sensitiveInHistory),
                actor.userId()));
        return customer;
    }

    @Transactional
    Customer trash(UUID id, int expectedVersion) {
        access.require(Area.CUSTOMERS, Operation.DELETE);
        var customer = active(id, Operation.DELETE);
        checkVersion(customer, expectedVersion);
        var actor = CurrentUser.actor();
        customer.moveToTrash(actor, now());
        customers.updateTrashState(customer, expectedVersion);
        history.record(id, "CUSTOMER", id, customer.details().name(), Action.TRASHED, List.of(), now(), actor.userId());
        events.publishEvent(new CustomerTrashed(id, CurrentUser.actor().userId()));
        return customer;
    }

    @Transactional
    Customer restore(UUID id, int expectedVersion) {
        access.require(Area.CUSTOMERS, Operation.DELETE);
        var customer = customers.find(id).orElseThrow(() -> new NotFoundException("Customer"));
        access.require(Area.CUSTOMERS, Operation.DELETE, owned(customer));
        if (!customer.inTrash()) {
            throw new NotFoundException("Customer in the trash");
        }
        checkVersion(customer, expectedVersion);
        var actor = CurrentUser.actor();
        customer.restore(actor, now());
        customers.updateTrashState(customer, expectedVersion);
        history.record(
                id, "CUSTOMER", id, customer.details().name(), Action.RESTORED, List.of(), now(), actor.userId());
        events.publishEvent(new CustomerRestored(id, CurrentUser.actor().userId()));
        return customer;
    }

    /** Deletes a customer from the trash for good, with its contacts, search terms and history. */
    @Transactional
    void purge(UUID id) {
        access.require(Area.CUSTOMERS, Operation.PURGE);
        var customer = customers.find(id).orElseThrow(() -> new NotFoundException("Customer"));
        access.require(Area.CUSTOMERS, Operation.PURGE, owned(customer));
        if (!customer.inTrash()) {
            throw new NotFoundException("Customer in the trash");
        }
        customers.delete(id);
        shares.forget("customer", id);
        events.publishEvent(new CustomerPurged(id, CurrentUser.actor().userId()));
    }

    @Transactional(readOnly = true)
    List<Contact> contacts(UUID customerId) {
        get(customerId);
        return contacts.ofCustomer(customerId);
    }

    @Transactional(readOnly = true)
    Contact contact(UUID customerId, UUID contactId) {
        get(customerId);
        return contacts.find(customerId, contactId).orElseThrow(() -> new NotFoundException("Contact"));
    }

    @Transactional
    Contact addContact(UUID customerId, ContactDraft draft) {
        access.require(Area.CUSTOMERS, Operation.EDIT);
        var customer = active(customerId, Operation.EDIT);
        if (customer.details().type() != CustomerType.COMPANY) {
            throw new dev.dossier.shared.ValidationException(
                    List.of(new dev.dossier.shared.FieldProblem("customerId", "contact.company-only")));
        }
        var details = validator.validate(fields.restrict(draft, null));
        var actor = CurrentUser.actor();
        var now = now();
        var contact = new Contact(UUID.randomUUID(), customerId, details, 0, now, now);
        contacts.insert(contact, actor.userId());
        customers.touch(customerId, actor.userId());
        customers.refreshSearchTerms(customerId);
        var created = Snapshots.diff(java.util.Map.of(), Snapshots.of(details));
        history.record(
                customerId, "CONTACT", contact.id(), details.name(), Action.CREATED, created, now, actor.userId());
        events.publishEvent(new CustomerChanged(
                customerId,
                Set.of("contacts"),
                Snapshots.valueChanges("contact.", created, crypto::sensitiveInHistory),
                actor.userId()));
        return contact;
    }

    /** Registers contacts of many companies at once, as the system (the demo data). */
    @Transactional
    void addContactsAll(List<Contact> all) {
        contacts.insertAll(all);
        all.stream().map(Contact::customerId).distinct().forEach(customers::refreshSearchTerms);
    }

    @Transactional
    Contact reviseContact(UUID customerId, UUID contactId, int expectedVersion, ContactDraft draft) {
        access.require(Area.CUSTOMERS, Operation.EDIT);
        active(customerId, Operation.EDIT);
        var contact = contacts.find(customerId, contactId).orElseThrow(() -> new NotFoundException("Contact"));
        if (contact.version() != expectedVersion) {
            throw new StaleVersionException("Contact", contact.version());
        }
        var details = validator.validate(
                fields.restrict(draft, CustomerForms.ContactForm.of(contact).toDraft()));
        var changes = Snapshots.diff(Snapshots.of(contact.details()), Snapshots.of(details));
        if (changes.isEmpty()) {
            return contact;
        }
        var actor = CurrentUser.actor();
        var now = now();
        var revised = new Contact(contactId, customerId, details, contact.version() + 1, contact.createdAt(), now);
        contacts.update(revised, expectedVersion, actor.userId());
        customers.touch(customerId, actor.userId());
        customers.refreshSearchTerms(customerId);
        history.record(customerId, "CONTACT", contactId, details.name(), Action.UPDATED, changes, now, actor.userId());
        events.publishEvent(new CustomerChanged(
                customerId,
                Set.of("contacts"),
                Snapshots.valueChanges("contact.", changes, crypto::sensitiveInHistory),
                actor.userId()));
        return revised;
    }

    @Transactional
    void removeContact(UUID customerId, UUID contactId, int expectedVersion) {
        access.require(Area.CUSTOMERS, Operation.EDIT);
        active(customerId, Operation.EDIT);
        var contact = contacts.find(customerId, contactId).orElseThrow(() -> new NotFoundException("Contact"));
        if (contact.version() != expectedVersion) {
            throw new StaleVersionException("Contact", contact.version());
        }
        var actor = CurrentUser.actor();
        var now = now();
        contacts.delete(contact, expectedVersion, now, actor.userId());
        customers.touch(customerId, actor.userId());
        customers.refreshSearchTerms(customerId);
        history.record(
                customerId,
                "CONTACT",
                contactId,
                contact.details().name(),
                Action.DELETED,
                List.of(),
                now,
                actor.userId());
        events.publishEvent(new CustomerChanged(
                customerId,
                new HashSet<>(List.of("contacts")),
                Snapshots.valueChanges(
                        "contact.",
                        Snapshots.diff(Snapshots.of(contact.details()), java.util.Map.of()),
                        crypto::sensitiveInHistory),
                actor.userId()));
    }

    @Transactional(readOnly = true)
    List<ChangeHistory.Entry> history(UUID customerId, int limit) {
        get(customerId);
        return history.of(customerId, limit);
    }

    @Transactional(readOnly = true)
    List<ChangeHistory.StageChange> stages(UUID customerId) {
        get(customerId);
        return history.stages(customerId);
    }

    /** Who the customer is shared with; anyone who reaches the customer may see this. */
    @Transactional(readOnly = true)
    List<dev.dossier.identity.RecordShares.Share> shares(UUID customerId) {
        get(customerId);
        return shares.of("customer", customerId);
    }

    /** Shares the customer with a user or a team; needs the right to edit the customer. */
    @Transactional
    dev.dossier.identity.RecordShares.Share share(UUID customerId, UUID userId, UUID teamId, boolean canEdit) {
        access.require(Area.CUSTOMERS, Operation.EDIT);
        active(customerId, Operation.EDIT);
        return shares.share("customer", customerId, userId, teamId, canEdit);
    }

    @Transactional
    void unshare(UUID customerId, UUID shareId) {
        access.require(Area.CUSTOMERS, Operation.EDIT);
        active(customerId, Operation.EDIT);
        shares.revoke("customer", customerId, shareId);
    }

    /** A customer outside the trash on which the current user may do {@code operation}. */
    private Customer active(UUID id, Operation operation) {
        var customer = customers.find(id).orElseThrow(() -> new NotFoundException("Customer"));
        access.require(Area.CUSTOMERS, operation, owned(customer));
        if (customer.inTrash()) {
            throw new NotFoundException("Customer");
        }
        return customer;
    }

    private static void checkVersion(Customer customer, int expectedVersion) {
        if (customer.version() != expectedVersion) {
            throw new StaleVersionException("Customer", customer.version());
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
