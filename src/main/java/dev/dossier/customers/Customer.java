package dev.dossier.customers;

import dev.dossier.shared.Actor;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A customer dossier: an individual or a company, with everything the business knows about them. */
final class Customer {

    private final UUID id;
    private CustomerDetails details;
    private int version;
    private final OffsetDateTime createdAt;
    private final UUID createdBy;
    private OffsetDateTime updatedAt;
    private UUID updatedBy;
    private OffsetDateTime deletedAt;

    Customer(
            UUID id,
            CustomerDetails details,
            int version,
            OffsetDateTime createdAt,
            UUID createdBy,
            OffsetDateTime updatedAt,
            UUID updatedBy,
            OffsetDateTime deletedAt) {
        this.id = id;
        this.details = details;
        this.version = version;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.updatedAt = updatedAt;
        this.updatedBy = updatedBy;
        this.deletedAt = deletedAt;
    }

    static Customer register(CustomerDetails details, Actor actor, OffsetDateTime now) {
        return new Customer(UUID.randomUUID(), details, 0, now, actor.userId(), now, actor.userId(), null);
    }

    /** Replaces the details; returns what changed (nothing changes, and the version stays, when nothing differs). */
    List<FieldChange> revise(CustomerDetails next, Actor actor, OffsetDateTime now) {
        if (next.type() != details.type()) {
            throw new IllegalStateException("A customer's type does not change");
        }
        var changes = Snapshots.diff(Snapshots.of(details), Snapshots.of(next));
        if (!changes.isEmpty()) {
            details = next;
            touch(actor, now);
        }
        return changes;
    }

    void moveToTrash(Actor actor, OffsetDateTime now) {
        if (deletedAt != null) {
            throw new IllegalStateException("Already in the trash");
        }
        deletedAt = now;
        touch(actor, now);
    }

    void restore(Actor actor, OffsetDateTime now) {
        if (deletedAt == null) {
            throw new IllegalStateException("Not in the trash");
        }
        deletedAt = null;
        touch(actor, now);
    }

    private void touch(Actor actor, OffsetDateTime now) {
        updatedAt = now;
        updatedBy = actor.userId();
        version++;
    }

    public UUID id() {
        return id;
    }

    public CustomerDetails details() {
        return details;
    }

    public int version() {
        return version;
    }

    public OffsetDateTime createdAt() {
        return createdAt;
    }

    public UUID createdBy() {
        return createdBy;
    }

    public OffsetDateTime updatedAt() {
        return updatedAt;
    }

    public UUID updatedBy() {
        return updatedBy;
    }

    public OffsetDateTime deletedAt() {
        return deletedAt;
    }

    public boolean inTrash() {
        return deletedAt != null;
    }
}
