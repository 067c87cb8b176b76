package dev.dossier.db;

import static dev.dossier.db.Tables.SCHEDULED_TASKS;
import static dev.dossier.db.Tables.TEAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DatabaseSliceTest;
import dev.dossier.db.tables.records.ScheduledTasksRecord;
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

    /**
     * Values of every kind the schema uses come back as they went in, whichever way the rows go (a multi-row insert,
     * or PostgreSQL's {@code COPY} from {@link Batches#COPY_FROM} rows): text with tabs, line breaks, backslashes and
     * Chinese, bytes, true and false, times with offsets, small and large numbers, and nulls.
     */
    @Test
    void everyKindOfValueComesBackAsItWentIn() {
        var name = "batch-values-" + UUID.randomUUID().toString().substring(0, 8);
        var records = new ArrayList<ScheduledTasksRecord>();
        for (int i = 0; i < Batches.COPY_FROM + 7; i++) {
            var r = db.newRecord(SCHEDULED_TASKS)
                    .setTaskName(name)
                    .setTaskInstance("row " + i + (i % 4 == 0 ? "\ttab\nline\r\\back \\N 客户 \u00e9" : ""))
                    .setTaskData(i % 3 == 0 ? null : new byte[] {0, 1, (byte) 0xff, '\\', '\t', (byte) i})
                    .setExecutionTime(
                            MADE.plusNanos(i * 1_000L).withOffsetSameInstant(ZoneOffset.ofHours(i % 2 == 0 ? 8 : 0)))
                    .setPicked(i % 2 == 0)
                    .setPickedBy(i % 5 == 0 ? null : "instance " + i)
                    .setConsecutiveFailures(i % 7 == 0 ? null : -i)
                    .setVersion(Long.MAX_VALUE - i)
                    .setPriority((short) (i % 3 - 1));
            records.add(r);
        }

        Batches.insert(db, records);

        var stored = db.selectFrom(SCHEDULED_TASKS)
                .where(SCHEDULED_TASKS.TASK_NAME.eq(name))
                .fetchMap(SCHEDULED_TASKS.TASK_INSTANCE);
        assertThat(stored).hasSize(records.size());
        for (var sent : records) {
            var got = stored.get(sent.getTaskInstance());
            assertThat(got).as(sent.getTaskInstance()).isNotNull();
            assertThat(got.getTaskData()).isEqualTo(sent.getTaskData());
            assertThat(got.getExecutionTime()).isAtSameInstantAs(sent.getExecutionTime());
            assertThat(got.getPicked()).isEqualTo(sent.getPicked());
            assertThat(got.getPickedBy()).isEqualTo(sent.getPickedBy());
            assertThat(got.getConsecutiveFailures()).isEqualTo(sent.getConsecutiveFailures());
            assertThat(got.getVersion()).isEqualTo(sent.getVersion());
            assertThat(got.getPriority()).isEqualTo(sent.getPriority());
        }
    }

    @Test
    void copyTextEscapesWhatTheFormatReadsSpecially() {
        var out = new StringBuilder();
        Batches.copyText(out, "a\tb\nc\rd\\e");
        out.append('|');
        Batches.copyText(out, null);
        out.append('|');
        Batches.copyText(out, new byte[] {0x0a, (byte) 0xbc});
        out.append('|');
        Batches.copyText(out, false);
        assertThat(out).hasToString("a\\tb\\nc\\rd\\\\e|\\N|\\\\x0abc|f");
    }
}
