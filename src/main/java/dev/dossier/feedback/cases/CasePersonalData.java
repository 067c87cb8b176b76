package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.CASE_MESSAGE;
import static dev.dossier.db.Tables.CASE_TRANSITION;
import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.feedback.CaseMessageKind;
import dev.dossier.shared.PersonalData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * The cases' part of data-subject requests: every case about the customer (deleted ones too) is exported with its
 * conversation; erasure replaces the title, description, resolution, messages, transition comments and the reporter's
 * name, email and phone, and keeps kinds, statuses, dates, SLA figures and scores so that the service measures still
 * add up.
 */
@Component
class CasePersonalData implements PersonalData {

    /** The text an erased case keeps: neutral, the same in every language. */
    static final String ERASED = "—";

    private final DSLContext db;
    private final CaseCrypto crypto;

    CasePersonalData(DSLContext db, CaseCrypto crypto) {
        this.db = db;
        this.crypto = crypto;
    }

    @Override
    public String section() {
        return "cases";
    }

    @Override
    public List<Map<String, Object>> export(UUID customerId) {
        var messages = db.select(CASE_MESSAGE.CASE_ID, CASE_MESSAGE.KIND, CASE_MESSAGE.BODY, CASE_MESSAGE.CREATED_AT)
                .from(CASE_MESSAGE)
                .join(FEEDBACK_CASE)
                .on(FEEDBACK_CASE.ID.eq(CASE_MESSAGE.CASE_ID))
                .where(FEEDBACK_CASE.CUSTOMER_ID.eq(customerId))
                // Notes among staff are not the customer's data.
                .and(CASE_MESSAGE.KIND.ne(CaseMessageKind.INTERNAL.name()))
                .orderBy(CASE_MESSAGE.CREATED_AT, CASE_MESSAGE.ID)
                .fetchGroups(CASE_MESSAGE.CASE_ID, r -> {
                    var m = new LinkedHashMap<String, Object>();
                    m.put("kind", r.value2());
                    m.put("body", r.value3());
                    m.put("at", r.value4());
                    return (Map<String, Object>) m;
                });
        return db.selectFrom(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.CUSTOMER_ID.eq(customerId))
                .orderBy(FEEDBACK_CASE.CREATED_AT, FEEDBACK_CASE.ID)
                .fetch(r -> {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("id", r.getId());
                    row.put("number", FeedbackCase.number(r.getCaseNo()));
                    row.put("title", r.getTitle());
                    row.put("description", r.getDescription());
                    row.put("kind", r.getKind());
                    row.put("priority", r.getPriority());
                    row.put("category", r.getCategory());
                    row.put("tags", r.getTags());
                    row.put("productId", r.getProductId());
                    row.put("orderRef", r.getOrderRef());
                    row.put("channel", r.getChannel());
                    row.put("status", r.getStatus());
                    row.put("resolution", r.getResolution());
                    row.put("csatScore", r.getCsatScore());
                    row.put("reporterName", r.getReporterName());
                    row.put("reporterEmail", crypto.email(r.getReporterEmail()));
                    row.put("reporterPhone", crypto.phone(r.getReporterPhone()));
                    row.put("createdAt", r.getCreatedAt());
                    row.put("resolvedAt", r.getResolvedAt());
                    row.put("closedAt", r.getClosedAt());
                    row.put("deletedAt", r.getDeletedAt());
                    row.put("messages", messages.getOrDefault(r.getId(), List.of()));
                    return (Map<String, Object>) row;
                });
    }

    @Override
    public void erase(UUID customerId) {
        var ofCustomer =
                db.select(FEEDBACK_CASE.ID).from(FEEDBACK_CASE).where(FEEDBACK_CASE.CUSTOMER_ID.eq(customerId));
        db.update(CASE_MESSAGE)
                .set(CASE_MESSAGE.BODY, ERASED)
                .where(CASE_MESSAGE.CASE_ID.in(ofCustomer))
                .execute();
        db.update(CASE_TRANSITION)
                .set(CASE_TRANSITION.COMMENT, ERASED)
                .where(CASE_TRANSITION.CASE_ID.in(ofCustomer))
                .and(CASE_TRANSITION.COMMENT.isNotNull())
                .execute();
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.TITLE, ERASED)
                .setNull(FEEDBACK_CASE.DESCRIPTION)
                .set(
                        FEEDBACK_CASE.RESOLUTION,
                        DSL.when(FEEDBACK_CASE.RESOLUTION.isNotNull(), DSL.inline(ERASED))
                                .otherwise(DSL.castNull(String.class)))
                .setNull(FEEDBACK_CASE.REPORTER_NAME)
                .setNull(FEEDBACK_CASE.REPORTER_EMAIL)
                .setNull(FEEDBACK_CASE.REPORTER_PHONE)
                .setNull(FEEDBACK_CASE.ORDER_REF)
                .setNull(FEEDBACK_CASE.CONTACT_ID)
                .where(FEEDBACK_CASE.CUSTOMER_ID.eq(customerId))
                .execute();
    }
}
