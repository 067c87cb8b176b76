package dev.dossier.notifications;

import static dev.dossier.db.Tables.CUSTOMER_EMAIL;
import static dev.dossier.db.Tables.NOTIFICATION;

import dev.dossier.shared.PersonalData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * Notices about a customer and emails to the customer in data-subject requests: they are exported with their
 * arguments, and on erasure their arguments (names, titles, excerpts) are replaced, keeping kind, recipient and
 * times; emails to the customer also lose their address and link, and those not yet sent are never sent.
 */
@Component
class NotificationPersonalData implements PersonalData {

    private final DSLContext db;
    private final NotificationsCrypto crypto;

    NotificationPersonalData(DSLContext db, NotificationsCrypto crypto) {
        this.db = db;
        this.crypto = crypto;
    }

    @Override
    public String section() {
        return "notifications";
    }

    @Override
    public List<Map<String, Object>> export(UUID customerId) {
        var out = new ArrayList<Map<String, Object>>();
        db.selectFrom(NOTIFICATION)
                .where(NOTIFICATION.CUSTOMER_ID.eq(customerId))
                .orderBy(NOTIFICATION.CREATED_AT, NOTIFICATION.ID)
                .forEach(r -> {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("kind", r.getKind());
                    row.put("message", r.getMessageKey());
                    row.put("arguments", List.of(Notice.splitArgs(r.getArgs())));
                    row.put("created_at", r.getCreatedAt());
                    out.add(row);
                });
        db.selectFrom(CUSTOMER_EMAIL)
                .where(CUSTOMER_EMAIL.CUSTOMER_ID.eq(customerId))
                .orderBy(CUSTOMER_EMAIL.CREATED_AT, CUSTOMER_EMAIL.ID)
                .forEach(r -> {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("kind", "email to the customer");
                    row.put("to", crypto.open(r.getToAddress()));
                    row.put("message", r.getBodyKey());
                    row.put("arguments", List.of(Notice.splitArgs(r.getArgs())));
                    row.put("link", r.getLink());
                    row.put("status", r.getStatus());
                    row.put("purpose", r.getPurpose());
                    row.put("skip_reason", r.getSkipReason());
                    row.put("created_at", r.getCreatedAt());
                    out.add(row);
                });
        return out;
    }

    @Override
    public void erase(UUID customerId) {
        for (var row : db.select(NOTIFICATION.ID, NOTIFICATION.ARGS)
                .from(NOTIFICATION)
                .where(NOTIFICATION.CUSTOMER_ID.eq(customerId))
                .fetch()) {
            var anonymous = java.util.Collections.nCopies(Notice.splitArgs(row.value2()).length, "—");
            db.update(NOTIFICATION)
                    .set(NOTIFICATION.ARGS, Notice.joinArgs(anonymous))
                    .where(NOTIFICATION.ID.eq(row.value1()))
                    .execute();
        }
        for (var row : db.select(CUSTOMER_EMAIL.ID, CUSTOMER_EMAIL.ARGS, CUSTOMER_EMAIL.STATUS)
                .from(CUSTOMER_EMAIL)
                .where(CUSTOMER_EMAIL.CUSTOMER_ID.eq(customerId))
                .fetch()) {
            var anonymous = java.util.Collections.nCopies(Notice.splitArgs(row.value2()).length, "—");
            var unsent = row.value3().equals(EmailStatus.PENDING.name());
            db.update(CUSTOMER_EMAIL)
                    .set(CUSTOMER_EMAIL.ARGS, Notice.joinArgs(anonymous))
                    .set(CUSTOMER_EMAIL.TO_ADDRESS, "—")
                    .set(CUSTOMER_EMAIL.LINK, (String) null)
                    .set(CUSTOMER_EMAIL.LAST_ERROR, (String) null)
                    .set(CUSTOMER_EMAIL.STATUS, unsent ? EmailStatus.NONE.name() : row.value3())
                    .set(CUSTOMER_EMAIL.NEXT_AT, (java.time.OffsetDateTime) null)
                    .where(CUSTOMER_EMAIL.ID.eq(row.value1()))
                    .execute();
        }
    }
}
