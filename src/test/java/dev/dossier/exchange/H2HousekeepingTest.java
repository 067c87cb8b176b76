package dev.dossier.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * An H2 file written the way the search index is written (rows with random keys in three indexes, a commit every 250
 * rows, each commit written at once) stays a fraction of the size it reaches without the housekeeping.
 */
class H2HousekeepingTest {

    private static final int ROWS = 20_000;

    @TempDir
    Path dir;

    @Test
    void theFileStaysNearTheSizeOfItsData() throws Exception {
        long without = load(dir.resolve("without"), false);
        long with = load(dir.resolve("with"), true);
        assertThat(with)
                .as("file with housekeeping, against %,d bytes without", without)
                .isLessThan(without / 3);
    }

    @Test
    void doesNothingOnAnInMemoryDatabase() {
        var memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:housekeeping-" + UUID.randomUUID());
        var housekeeping = new H2Housekeeping(memory, DataSize.ofMegabytes(16), Duration.ofSeconds(1));
        assertThat(housekeeping.store()).isNull();
        housekeeping.tidy();
    }

    /** Writes the rows and returns the file's size; with housekeeping, it runs after every commit. */
    private long load(Path where, boolean tidy) throws SQLException, java.io.IOException {
        Files.createDirectories(where);
        var source = new JdbcDataSource();
        source.setURL("jdbc:h2:file:" + where.toAbsolutePath() + "/db;WRITE_DELAY=0");
        var housekeeping = new H2Housekeeping(source, DataSize.ofMegabytes(2), Duration.ofSeconds(0));
        try (var c = source.getConnection()) {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE t (term VARCHAR(64) NOT NULL, id UUID NOT NULL, rank SMALLINT NOT NULL,"
                        + " PRIMARY KEY (term, id))");
                s.execute("CREATE INDEX t_rank ON t (rank, term, id)");
                s.execute("CREATE INDEX t_id ON t (id, term, rank)");
            }
            if (tidy) {
                assertThat(housekeeping.store()).isNotNull();
            }
            c.setAutoCommit(false);
            var random = new Random(7);
            try (var insert = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    insert.setString(1, Long.toString(random.nextLong(), 36));
                    insert.setObject(2, new UUID(random.nextLong(), random.nextLong()));
                    insert.setShort(3, (short) (i % 4));
                    insert.addBatch();
                    if (i % 250 == 249) {
                        insert.executeBatch();
                        c.commit();
                        if (tidy) {
                            housekeeping.tidy();
                        }
                    }
                }
            }
            try (var s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
            return Files.size(where.resolve("db.mv.db"));
        }
    }
}
