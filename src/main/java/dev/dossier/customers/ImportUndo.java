package dev.dossier.customers;

import static dev.dossier.db.Tables.CUSTOMER_IMPORT_EFFECT;

import dev.dossier.customers.CustomerEvents.CustomerChanged;
import dev.dossier.customers.CustomerEvents.CustomerTrashed;
import dev.dossier.db.InLists;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Undoing an import, a batch of its customers at a time: a customer it created goes to the trash (from where it can
 * be restored), a customer it changed gets its earlier values back and loses the contacts the import added. Only
 * while nobody has changed the customer since the import (its version is still the one the import left): a customer
 * changed since is kept as it is and counted, so that the person undoing knows what to look at. Each undo is in the
 * customer's history, marked as coming from the import, and needs the right to delete (created customers) or edit
 * (changed ones) the customer.
 */
@Service
public class ImportUndo {

    /**
     * One batch undone.
     *
     * @param last the last customer of the batch, to go on after; null when there was nothing left
     * @param undone customers put back
     * @param kept customers kept as they are, changed since the import or out of the undoer's reach
     */
    public record Step(UUID last, long undone, long kept) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final CustomerRepository customers;
    private final ContactRepository contacts;
    private final ChangeHistory history;
    private final CustomerValidator validator;
    private final FieldSecurity fields;
    private final CustomerCrypto crypto;
    private final Access access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ImportUndo(
            DSLContext db,
            CustomerRepository customers,
            ContactRepository contacts,
            ChangeHistory history,
            CustomerValidator validator,
            FieldSecurity fields,
            CustomerCrypto crypto,
            Access access,
            ApplicationEventPublisher events,
            Clock clock) {
        this.db = db;
        this.customers = customers;
        this.contacts = contacts;
        this.history = history;
        this.validator = validator;
        this.fields = fields;
        this.crypto = crypto;
        this.access = access;
        this.events = events;
        this.clock = clock;
    }

    static String json(CustomerDraft draft) {
        return JSON.writeValueAsString(draft);
    }

    static CustomerDraft draft(String json) {
        return JSON.readValue(json, CustomerDraft.class);
    }

    /** How many customers the import created or changed: what its undo goes through. */
    @Transactional(readOnly = true)
    public long count(UUID importId) {
        return db.fetchCount(CUSTOMER_IMPORT_EFFECT, CUSTOMER_IMPORT_EFFECT.IMPORT_ID.eq(importId));
    }

    /** Undoes what the import did to the next {@code limit} of its customers after {@code after}, in one transaction. */
    @Transactional
    public Step undo(UUID importId, UUID after, int limit) {
        access.require(Area.CUSTOMERS, Operation.IMPORT);
        var e = CUSTOMER_IMPORT_EFFECT;
        var effects = db.selectFrom(e)
                .where(e.IMPORT_ID.eq(importId))
                .and(after == null ? org.jooq.impl.DSL.trueCondition() : e.CUSTOMER_ID.gt(after))
                .orderBy(e.CUSTOMER_ID)
                .limit(limit)
                .fetch();
        if (effects.isEmpty()) {
            return new Step(null, 0, 0);
        }
        var byId = new HashMap<UUID, Customer>();
        customers.findAll(effects.map(r -> r.getCustomerId())).forEach(c -> byId.put(c.id(), c));
        var actor = CurrentUser.actor();
        var now = OffsetDateTime.now(clock);
        long undone = 0;
        long kept = 0;
        var finished = new ArrayList<UUID>();
        for (var effect : effects) {
            var customer = byId.get(effect.getCustomerId());
            if (customer == null
                    || customer.inTrash()
                    || customer.version() != effect.getVersionAfter()
                    || !access.allows(
                            Area.CUSTOMERS,
                            effect.getCreated() ? Operation.DELETE : Operation.EDIT,
                            CustomerManagement.owned(customer))) {
                kept++;
                continue;
            }
            boolean done = effect.getCreated()
                    ? trash(customer, actor, now)
                    : putBack(customer, effect.getBeforeValues(), effect.getContactIds(), actor, now);
            if (done) {
                undone++;
                finished.add(customer.id());
            } else {
                kept++;
            }
        }
        // What is undone is forgotten: undoing again (after a failure) goes through the rest only.
        if (!finished.isEmpty()) {
            db.deleteFrom(e)
                    .where(e.IMPORT_ID.eq(importId))
                    .and(InLists.in(db, e.CUSTOMER_ID, finished))
                    .execute();
        }
        return new Step(effects.getLast().getCustomerId(), undone, kept);
    }

    private boolean trash(Customer customer, dev.dossier.shared.Actor actor, OffsetDateTime now) {
        int version = customer.version();
        customer.moveToTrash(actor, now);
        customers.updateTrashState(customer, version);
        history.record(
                customer.id(),
                "CUSTOMER",
                customer.id(),
                customer.details().name(),
                ChangeHistory.Action.TRASHED,
                List.of(),
                now,
                actor.userId(),
                ChangeHistory.IMPORT);
        events.publishEvent(new CustomerTrashed(customer.id(), actor.userId()));
        return true;
    }

    private boolean putBack(
            Customer customer,
            String sealedBefore,
            String contactIds,
            dev.dossier.shared.Actor actor,
            OffsetDateTime now) {
        var changed = new LinkedHashSet<String>();
        var values = new ArrayList<dev.dossier.shared.ValueChange>();
        if (sealedBefore != null) {
            var current = CustomerForms.CustomerForm.of(customer).toDraft();
            CustomerDetails details;
            try {
                details = validator.validate(
                        fields.restrict(draft(crypto.open(CustomerCrypto.IMPORT_BEFORE, sealedBefore)), current));
            } catch (ValidationException e) {
                return false;
            }
            int version = customer.version();
            var changes = customer.revise(details, actor, now);
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
            }
        }
        if (contactIds != null && !contactIds.isBlank()) {
            for (var id : contactIds.split(",")) {
                var contact = contacts.find(customer.id(), UUID.fromString(id.strip()));
                if (contact.isPresent() && contact.get().version() == 0) {
                    contacts.delete(contact.get(), 0, now, actor.userId());
                    history.record(
                            customer.id(),
                            "CONTACT",
                            contact.get().id(),
                            contact.get().details().name(),
                            ChangeHistory.Action.DELETED,
                            List.of(),
                            now,
                            actor.userId(),
                            ChangeHistory.IMPORT);
                    changed.add("contacts");
                }
            }
            if (changed.contains("contacts")) {
                customers.touch(customer.id(), actor.userId());
            }
        }
        customers.refreshSearchTerms(customer.id());
        if (!changed.isEmpty()) {
            events.publishEvent(new CustomerChanged(customer.id(), changed, values, actor.userId()));
        }
        return true;
    }
}
