package dev.dossier.interactions;

import static dev.dossier.db.Tables.INTERACTION;
import static dev.dossier.db.Tables.INTERACTION_IMPORT_EFFECT;
import static dev.dossier.db.Tables.INTERACTION_PARTICIPANT;

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
import org.springframework.stereotype.Component;

/**
 * Interactions in data-subject requests: all of a customer's interactions, deleted ones too, with who took part. On
 * erasure the summary and the content become a neutral text; channel, times, outcome and satisfaction stay, so the
 * reports keep their figures.
 */
@Component
class InteractionPersonalData implements PersonalData {

    static final String ANONYMISED = "[anonymised]";

    private final DSLContext db;
    private final Clock clock;

    InteractionPersonalData(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public String section() {
        return "interactions";
    }

    @Override
    public List<Map<String, Object>> export(UUID customerId) {
        var out = new ArrayList<Map<String, Object>>();
        var rows = db.selectFrom(INTERACTION)
                .where(INTERACTION.CUSTOMER_ID.eq(customerId))
                .orderBy(INTERACTION.STARTED_AT, INTERACTION.ID)
                .fetch();
        var participants = new java.util.HashMap<UUID, List<Map<String, Object>>>();
        if (!rows.isEmpty()) {
            db.select(
                            INTERACTION_PARTICIPANT.INTERACTION_ID,
                            INTERACTION_PARTICIPANT.USER_ID,
                            INTERACTION_PARTICIPANT.CONTACT_ID)
                    .from(INTERACTION_PARTICIPANT)
                    .where(INTERACTION_PARTICIPANT.INTERACTION_ID.in(
                            db.select(INTERACTION.ID).from(INTERACTION).where(INTERACTION.CUSTOMER_ID.eq(customerId))))
                    .forEach(p -> {
                        var entry = new LinkedHashMap<String, Object>();
                        entry.put("user_id", p.value2());
                        entry.put("contact_id", p.value3());
                        participants
                                .computeIfAbsent(p.value1(), k -> new ArrayList<>())
                                .add(entry);
                    });
        }
        for (Record r : rows) {
            var map = new LinkedHashMap<String, Object>();
            map.put("record", "interaction");
            map.putAll(r.intoMap());
            map.put("participants", participants.getOrDefault(r.get(INTERACTION.ID), List.of()));
            out.add(map);
        }
        return out;
    }

    @Override
    public void erase(UUID customerId) {
        var now = OffsetDateTime.now(clock);
        db.update(INTERACTION)
                .set(INTERACTION.SUMMARY, ANONYMISED)
                .set(INTERACTION.CONTENT, ANONYMISED)
                .set(INTERACTION.ANONYMISED_AT, now)
                .set(Stamps.changed(INTERACTION, now))
                .where(INTERACTION.CUSTOMER_ID.eq(customerId))
                .execute();
        // What an import replaced is a copy of the same words: it goes too (its undo keeps the erased text).
        db.deleteFrom(INTERACTION_IMPORT_EFFECT)
                .where(INTERACTION_IMPORT_EFFECT.INTERACTION_ID.in(
                        db.select(INTERACTION.ID).from(INTERACTION).where(INTERACTION.CUSTOMER_ID.eq(customerId))))
                .execute();
    }
}
