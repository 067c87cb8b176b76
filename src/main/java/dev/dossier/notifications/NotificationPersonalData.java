package dev.dossier.notifications;

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
 * Notices about a customer in data-subject requests: they are exported with their arguments, and on erasure their
 * arguments (names, titles, excerpts) are replaced, keeping kind, recipient and times.
 */
@Component
class NotificationPersonalData implements PersonalData {

    private final DSLContext db;

    NotificationPersonalData(DSLContext db) {
        this.db = db;
    }

    @Override
    public String section() {
        return "notifications";
    }

    @Override
    public List<Map<String, Object>> export(UUID customerId) {
        var out = new ArrayList<Map<String, Object>>();
        db.selectFrom(NOTIFICATION).where(NOTIFICATION.CUSTOMER_ID.eq(customerId))
                .orderBy(NOTIFICATION.CREATED_AT, NOTIFICATION.ID).forEach(r -> {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("kind", r.getKind());
                    row.put("message", r.getMessageKey());
                    row.put("arguments", List.of(Notice.splitArgs(r.getArgs())));
                    row.put("created_at", r.getCreatedAt());
                    out.add(row);
                });
        return out;
    }

    @Override
    public void erase(UUID customerId) {
        for (var row : db.select(NOTIFICATION.ID, NOTIFICATION.ARGS).from(NOTIFICATION)
                .where(NOTIFICATION.CUSTOMER_ID.eq(customerId)).fetch()) {
            var anonymous = java.util.Collections.nCopies(Notice.splitArgs(row.value2()).length, "—");
            db.update(NOTIFICATION).set(NOTIFICATION.ARGS, Notice.joinArgs(anonymous))
                    .where(NOTIFICATION.ID.eq(row.value1())).execute();
        }
    }
}
