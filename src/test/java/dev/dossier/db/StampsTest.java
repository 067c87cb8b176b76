package dev.dossier.db;

import static dev.dossier.db.Tables.TEAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DatabaseSliceTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@DatabaseSliceTest
class StampsTest {

    private static final OffsetDateTime MADE = OffsetDateTime.of(2026, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime LATER = MADE.plusHours(5);

    @Autowired
    DSLContext db;

    private final UUID ann = UUID.randomUUID();
    private final UUID bo = UUID.randomUUID();

    @Test
    void aRecordIsStampedWhenMadeAndWhenChanged() {
        var row = db.newRecord(TEAM).setId(UUID.randomUUID()).setName("Renewals " + UUID.randomUUID());
        Stamps.created(row, ann, MADE).insert();

        var stored = db.fetchSingle(TEAM, TEAM.ID.eq(row.getId()));
        assertThat(stored.getCreatedBy()).isEqualTo(ann);
        assertThat(stored.getUpdatedBy()).isEqualTo(ann);
        assertThat(stored.getCreatedAt()).isAtSameInstantAs(MADE);
        assertThat(stored.getUpdatedAt()).isAtSameInstantAs(MADE);
        assertThat(stored.getVersion()).isZero();

        stored.setDescription("Contracts up for renewal");
        Stamps.changed(stored, bo, LATER).update();

        var changed = db.fetchSingle(TEAM, TEAM.ID.eq(row.getId()));
        assertThat(changed.getVersion()).isEqualTo(1);
        assertThat(changed.getUpdatedBy()).isEqualTo(bo);
        assertThat(changed.getUpdatedAt()).isAtSameInstantAs(LATER);
        assertThat(changed.getCreatedBy()).isEqualTo(ann);
        assertThat(changed.getCreatedAt()).isAtSameInstantAs(MADE);
    }

    @Test
    void anUpdateAtTheVersionItReadCountsOneMoreAndAStaleOneChangesNothing() {
        var id = madeByAnn("Service");

        int first = db.update(TEAM)
                .set(TEAM.DESCRIPTION, "first")
                .set(Stamps.changed(TEAM, bo, LATER))
                .where(TEAM.ID.eq(id))
                .and(TEAM.VERSION.eq(0))
                .execute();
        int stale = db.update(TEAM)
                .set(TEAM.DESCRIPTION, "second, from the same read")
                .set(Stamps.changed(TEAM, ann, LATER.plusMinutes(1)))
                .where(TEAM.ID.eq(id))
                .and(TEAM.VERSION.eq(0))
                .execute();

        assertThat(first).isOne();
        assertThat(stale).isZero();
        var row = db.fetchSingle(TEAM, TEAM.ID.eq(id));
        assertThat(row.getDescription()).isEqualTo("first");
        assertThat(row.getVersion()).isEqualTo(1);
        assertThat(row.getUpdatedBy()).isEqualTo(bo);
    }

    @Test
    void aChangeByDossierItselfKeepsWhoChangedItLast() {
        var id = madeByAnn("Archive");

        db.update(TEAM)
                .set(TEAM.DESCRIPTION, "tidied")
                .set(Stamps.changed(TEAM, LATER))
                .where(TEAM.ID.eq(id))
                .execute();

        var row = db.fetchSingle(TEAM, TEAM.ID.eq(id));
        assertThat(row.getUpdatedBy()).isEqualTo(ann);
        assertThat(row.getUpdatedAt()).isAtSameInstantAs(LATER);
        assertThat(row.getVersion()).isEqualTo(1);
    }

    @Test
    void aRecordWrittenFromAReadVersionTakesTheNextOne() {
        var id = madeByAnn("Field");
        var changes = db.newRecord(TEAM).setDescription("from a form");

        int updated = db.update(TEAM)
                .set(Stamps.changed(changes, bo, LATER, 0))
                .where(TEAM.ID.eq(id))
                .and(TEAM.VERSION.eq(0))
                .execute();

        assertThat(updated).isOne();
        var row = db.fetchSingle(TEAM, TEAM.ID.eq(id));
        assertThat(row.getVersion()).isEqualTo(1);
        assertThat(row.getDescription()).isEqualTo("from a form");
        assertThat(row.getName()).startsWith("Field ");
    }

    private UUID madeByAnn(String name) {
        var id = UUID.randomUUID();
        db.insertInto(TEAM)
                .set(TEAM.ID, id)
                .set(TEAM.NAME, name + " " + id)
                .set(Stamps.created(TEAM, ann, MADE))
                .execute();
        return id;
    }
}
