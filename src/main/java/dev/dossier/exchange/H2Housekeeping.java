package dev.dossier.exchange;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps an H2 database file from growing far past the data it holds. H2 writes every commit to the end of its file
 * (Dossier's default writes each commit before answering), and the pages a commit replaces stay in older chunks of
 * the file. H2's own background writer, which would rewrite sparse chunks and reuse their space, does not run when
 * commits are written at once. This does its work instead: every {@code dossier.h2.housekeeping-interval} (1 s) it
 * rewrites the live pages of the sparsest chunks (up to {@code dossier.h2.housekeeping-write} bytes, 2 MB), so that
 * their space is reused by the next writes, and it lets H2 reuse freed space after one second instead of 45
 * ({@code RETENTION_TIME}). Without it, loading customers left a file about 25 times larger than the data. Does
 * nothing on PostgreSQL or an in-memory H2.
 */
@Component
class H2Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);
    /** Chunks with less live data than this share of them are rewritten. */
    static final int TARGET_FILL_PERCENT = 80;

    private final DataSource dataSource;
    private final int writeBytes;
    private final int retentionMillis;
    private volatile MVStore store;
    private volatile boolean resolved;

    H2Housekeeping(
            DataSource dataSource,
            @Value("${dossier.h2.housekeeping-write:2MB}") org.springframework.util.unit.DataSize write,
            @Value("${dossier.h2.retention:1s}") java.time.Duration retention) {
        this.dataSource = dataSource;
        this.writeBytes = (int) Math.min(Integer.MAX_VALUE, write.toBytes());
        this.retentionMillis = (int) retention.toMillis();
    }

    @Scheduled(
            initialDelayString = "${dossier.h2.housekeeping-interval:1s}",
            fixedDelayString = "${dossier.h2.housekeeping-interval:1s}")
    void tidy() {
        var mv = store();
        if (mv == null || mv.isClosed()) {
            return;
        }
        try {
            mv.compact(TARGET_FILL_PERCENT, writeBytes);
        } catch (RuntimeException e) {
            if (!mv.isClosed()) {
                log.warn("H2 housekeeping failed; it tries again at the next interval", e);
            }
        }
    }

    /** The file store of an H2 file database, found once; null on any other database. */
    MVStore store() {
        if (resolved) {
            return store;
        }
        synchronized (this) {
            if (!resolved) {
                store = find();
                resolved = true;
            }
        }
        return store;
    }

    private MVStore find() {
        try (var connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !connection.getMetaData().getURL().startsWith("jdbc:h2:file:")) {
                return null;
            }
            var session = connection.unwrap(JdbcConnection.class).getSession();
            if (!(session instanceof SessionLocal local) || local.getDatabase().getStore() == null) {
                return null;
            }
            try (var statement = connection.createStatement()) {
                statement.execute("SET RETENTION_TIME " + retentionMillis);
            }
            return local.getDatabase().getStore().getMvStore();
        } catch (SQLException | RuntimeException e) {
            log.warn("H2 housekeeping cannot reach the database's file store; the file may grow", e);
            return null;
        }
    }
}
