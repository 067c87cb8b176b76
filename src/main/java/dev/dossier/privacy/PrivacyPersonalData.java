package dev.dossier.privacy;

import static dev.dossier.db.Tables.CONSENT;
import static dev.dossier.db.Tables.SUBJECT_REQUEST;
import static dev.dossier.db.Tables.SUBJECT_REQUEST_STEP;

import dev.dossier.db.Stamps;
import dev.dossier.shared.PersonalData;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * The privacy module's own part of data-subject requests: the consents and the requests. On erasure consents keep
 * their purpose, channel and dates (proof that processing had a basis), requests keep their kind, status and
 * dates; the free text and the requester's name and contact go. Outstanding event publications that mention the
 * customer are dropped too, since they carry values.
 */
@Component
class PrivacyPersonalData implements PersonalData {

    static final String ANONYMOUS = "Anonymous";

    private final DSLContext db;
    private final Clock clock;
    private final PrivacyCrypto crypto;

    PrivacyPersonalData(DSLContext db, Clock clock, PrivacyCrypto crypto) {
        this.db = db;
        this.crypto = crypto;
        this.clock = clock;
    }

    @Override
    public String section() {
        return "privacy";
    }

    @Override
    public List<Map<String, Object>> export(UUID customerId) {
        var out = new ArrayList<Map<String, Object>>();
        db.selectFrom(CONSENT)
                .where(CONSENT.CUSTOMER_ID.eq(customerId))
                .orderBy(CONSENT.GIVEN_AT, CONSENT.ID)
                .forEach(r -> out.add(row("consent", r)));
        var requests = db.selectFrom(SUBJECT_REQUEST)
                .where(SUBJECT_REQUEST.CUSTOMER_ID.eq(customerId))
                .orderBy(SUBJECT_REQUEST.RECEIVED_AT, SUBJECT_REQUEST.ID)
                .fetch();
        for (var request : requests) {
            var entry = row("subject_request", request);
            entry.put(SUBJECT_REQUEST.REQUESTER_CONTACT.getName(), crypto.open(request.getRequesterContact()));
            entry.put(
                    "steps",
                    db.selectFrom(SUBJECT_REQUEST_STEP)
                            .where(SUBJECT_REQUEST_STEP.REQUEST_ID.eq(request.getId()))
                            .orderBy(SUBJECT_REQUEST_STEP.CHANGED_AT, SUBJECT_REQUEST_STEP.ID)
                            .fetch(Record::intoMap));
            out.add(entry);
        }
        return out;
    }

    @Override
    public void erase(UUID customerId) {
        var now = OffsetDateTime.now(clock);
        db.update(CONSENT)
                .setNull(CONSENT.SCOPE)
                .setNull(CONSENT.EVIDENCE)
                .setNull(CONSENT.WITHDRAWAL_REASON)
                .set(Stamps.changed(CONSENT, now))
                .where(CONSENT.CUSTOMER_ID.eq(customerId))
                .execute();
        db.update(SUBJECT_REQUEST_STEP)
                .setNull(SUBJECT_REQUEST_STEP.REMARK)
                .where(SUBJECT_REQUEST_STEP.REQUEST_ID.in(db.select(SUBJECT_REQUEST.ID)
                        .from(SUBJECT_REQUEST)
                        .where(SUBJECT_REQUEST.CUSTOMER_ID.eq(customerId))))
                .execute();
        db.update(SUBJECT_REQUEST)
                .set(SUBJECT_REQUEST.REQUESTER_NAME, ANONYMOUS)
                .setNull(SUBJECT_REQUEST.REQUESTER_CONTACT)
                .setNull(SUBJECT_REQUEST.DESCRIPTION)
                .setNull(SUBJECT_REQUEST.VERIFICATION_METHOD)
                .setNull(SUBJECT_REQUEST.CORRECTION)
                .setNull(SUBJECT_REQUEST.REJECTION_REASON)
                .setNull(SUBJECT_REQUEST.NOTES)
                .set(SUBJECT_REQUEST.ANONYMISED_AT, now)
                .where(SUBJECT_REQUEST.CUSTOMER_ID.eq(customerId))
                .execute();
        // The publication log belongs to no module; events about the customer carry changed values.
        db.deleteFrom(DSL.table(DSL.name("event_publication")))
                .where(DSL.field(DSL.name("serialized_event"), String.class).contains(customerId.toString()))
                .execute();
    }

    private static Map<String, Object> row(String kind, Record record) {
        var map = new LinkedHashMap<String, Object>();
        map.put("record", kind);
        map.putAll(record.intoMap());
        return map;
    }
}
