package dev.dossier.tasks;

import static dev.dossier.db.Tables.CUSTOMER;

import org.jooq.DSLContext;

/** A query in the tasks module that names the customers' table: what TableOwnershipTest must catch. */
public final class CrossingSample {

    private CrossingSample() {}

    static int customers(DSLContext db) {
        return db.fetchCount(CUSTOMER);
    }
}
