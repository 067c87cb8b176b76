package dev.dossier.tasks;

import static dev.dossier.db.Tables.TASK;

import dev.dossier.shared.PersonalData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The tasks module's part of data-subject requests: every task about the customer (deleted ones too) is exported;
 * erasure replaces the title and description, the only free text, and keeps kinds, statuses, dates and people so
 * that the task reports still add up.
 */
@Component
class TaskPersonalData implements PersonalData {

    /** The title an erased task keeps: neutral, the same in every language. */
    static final String ERASED = "—";

    private final DSLContext db;

    TaskPersonalData(DSLContext db) {
        this.db = db;
    }

    @Override
    public String section() {
        return "tasks";
    }

    @Override
    public List<Map<String, Object>> export(UUID customerId) {
        return db.selectFrom(TASK)
                .where(TASK.CUSTOMER_ID.eq(customerId))
                .orderBy(TASK.CREATED_AT, TASK.ID)
                .fetch(r -> {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("id", r.getId());
                    row.put("subject", r.getSubjectType() == null ? null : r.getSubjectType() + ":" + r.getSubjectId());
                    row.put("title", r.getTitle());
                    row.put("description", r.getDescription());
                    row.put("kind", r.getKind());
                    row.put("priority", r.getPriority());
                    row.put("status", r.getStatus());
                    row.put("dueAt", r.getDueAt());
                    row.put("recurrence", r.getRecurrence());
                    row.put("completedAt", r.getCompletedAt());
                    row.put("createdAt", r.getCreatedAt());
                    row.put("deletedAt", r.getDeletedAt());
                    return (Map<String, Object>) row;
                });
    }

    @Override
    public void erase(UUID customerId) {
        db.update(TASK)
                .set(TASK.TITLE, ERASED)
                .setNull(TASK.DESCRIPTION)
                .where(TASK.CUSTOMER_ID.eq(customerId))
                .execute();
    }
}
