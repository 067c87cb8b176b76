package dev.dossier.db;

import static dev.dossier.db.Tables.TEAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DatabaseSliceTest;
import dev.dossier.db.tables.records.TeamRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@DatabaseSliceTest
class BatchesTest {

    private static final OffsetDateTime MADE = OffsetDateTime.of(2026, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    @Autowired
    DSLContext db;

    @Test
    void insertsEveryRecordWithTheFieldsSetOnItAndTheDefaultsOfTheOthers() {
        var prefix = "Batch " + UUID.randomUUID() + " ";
        // more rows than one statement takes, in four shapes: with or without a description, a version
        int count = Batches.MAX_PARAMETERS / 7 + 50;
        var records = new ArrayList<TeamRecord>();
        for (int i = 0; i < count; i++) {
            var team = db.newRecord(TEAM).setId(UUID.randomUUID()).setName(prefix + i);
            if (i % 3 == 0) {
                team.setDescription("third " + i);
            }
            Stamps.created(team, null, MADE);
            if (i % 5 == 0) {
                team.changed(TEAM.VERSION, false);
            }
            records.add(team);
        }

        Batches.insert(db, records);

        var stored = db.selectFrom(TEAM).where(TEAM.NAME.startsWith(prefix)).fetchMap(TEAM.ID);
        assertThat(stored).hasSize(count);
        for (int i = 0; i < count; i++) {
            var row = stored.get(records.get(i).getId());
            assertThat(row.getName()).isEqualTo(prefix + i);
            assertThat(row.getDescription()).isEqualTo(i % 3 == 0 ? "third " + i : null);
            assertThat(row.getVersion()).as("set, or the column's default").isZero();
            assertThat(row.getCreatedAt()).isAtSameInstantAs(MADE);
        }
    }

    @Test
    void nothingToInsertIsNoStatement() {
        Batches.insert(db, List.of());
    }
}
