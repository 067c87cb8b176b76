package dev.dossier.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore at scale on PostgreSQL: fills a fresh schema set-based with {@code bench.customers} customers
 * (1,000,000), two contact points each and fourteen search terms each, then times a backup and a restore into another
 * empty schema and prints rows, seconds and archive size. Targets: backup ≤ 60 s, restore ≤ 120 s.
 *
 * <p>Run: see bench/README.md ({@code -Dtest=BackupBenchmark -Dgroups=benchmark -Ddossier.excludedGroups=none}).
 */
@Tag("benchmark")
class BackupBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 1_000_000);

    @TempDir
    Path temp;

    @Test
    void backUpAndRestoreOnPostgresql() throws Exception {
        try (var source = EmptyDatabase.postgresql().migrate();
                var target = EmptyDatabase.postgresql()) {
            long started = System.nanoTime();
            fill(source.dataSource());
            System.out.printf("fill: %,d customers in %.1f s%n", CUSTOMERS, seconds(started));

            var archive = temp.resolve("bench.zip");
            started = System.nanoTime();
            Archive.Manifest manifest;
            try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(archive), 1 << 16)) {
                manifest = source.writer().write(out, BackupWriter.Progress.NONE);
            }
            double backup = seconds(started);

            started = System.nanoTime();
            var result = target.restorer().restore(archive, BackupWriter.Progress.NONE);
            double restore = seconds(started);

            var report = new StringBuilder();
            for (var table : manifest.tables()) {
                report.append(String.format("  %-24s %,12d%n", table.name(), table.rows()));
            }
            System.out.print(report);
            System.out.printf(
                    "BACKUP  %,d rows  %.1f s  archive %,d bytes (%.0f MB)  target ≤ 60 s%n",
                    manifest.rows(), backup, Files.size(archive), Files.size(archive) / 1048576.0);
            System.out.printf(
                    "RESTORE %,d rows  %.1f s  (verify, load, indexes, migrate)  target ≤ 120 s%n",
                    result.rows(), restore);
            assertThat(result.rows()).isEqualTo(manifest.rows());
            assertThat(target.tablesWithRows()).contains("customer", "contact_point", "customer_search_term");
        }
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    /** Set-based, as a data load would: no service calls, one statement a table. */
    private static void fill(DataSource dataSource) throws SQLException {
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO app_user (id, username, display_name, password_hash, created_at, updated_at)
                    VALUES ('00000000-0000-0000-0000-000000000001', 'admin', 'Administrator', '{noop}x', now(), now())""");
            statement.execute("""
                    INSERT INTO customer (id, type, name, sort_name, grade, lifecycle_stage, region, country, province,
                        city, owner_id, remarks, primary_phone, primary_email, created_at, updated_at, created_by,
                        updated_by)
                    SELECT md5('c' || g)::uuid,
                        CASE WHEN g % 3 = 0 THEN 'COMPANY' ELSE 'INDIVIDUAL' END,
                        CASE WHEN g % 3 = 0 THEN '远景科技有限公司 ' || g ELSE '张伟' || g END,
                        CASE WHEN g % 3 = 0 THEN 'yuanjingkejiyouxiangongsi ' || g ELSE 'zhangwei' || g END,
                        (ARRAY['POTENTIAL','ORDINARY','IMPORTANT','VIP'])[1 + g % 4],
                        (ARRAY['LEAD','PROSPECT','CUSTOMER','AT_RISK'])[1 + g % 4],
                        'EAST_CHINA', 'CN', '上海市', '上海市', '00000000-0000-0000-0000-000000000001',
                        CASE WHEN g % 10 = 0 THEN '重要客户，每季度回访一次。' ELSE NULL END,
                        '+86138' || lpad(g::text, 8, '0'), 'c' || g || '@example.com',
                        TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 second',
                        TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 second',
                        '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001'
                    FROM generate_series(1, CUSTOMERS) g""".replace("CUSTOMERS", Integer.toString(CUSTOMERS)));
            statement.execute("""
                    INSERT INTO contact_point (customer_id, owner_id, kind, position, type, point_value)
                    SELECT id, id, 'PHONE', 0, 'MOBILE', primary_phone FROM customer
                    UNION ALL
                    SELECT id, id, 'EMAIL', 0, 'WORK', primary_email FROM customer""");
            // Like the real index of a person: name and pinyin suffixes, initials, phone suffixes, the email.
            statement.execute("""
                    INSERT INTO customer_search_term (term, customer_id, rank)
                    SELECT DISTINCT ON (t.term, c.id) t.term, c.id, t.rank FROM customer c
                    CROSS JOIN LATERAL (VALUES
                        (lower(c.name), 0), (substr(lower(c.name), 2), 1), (c.sort_name, 0),
                        (substr(c.sort_name, 6), 1), ('zw' || substr(c.sort_name, 9), 0),
                        (lower(c.primary_email), 0)) t(term, rank)
                    UNION ALL
                    SELECT substr(c.primary_phone, 4 + k), c.id, CASE WHEN k = 0 THEN 0 ELSE 1 END
                    FROM customer c CROSS JOIN generate_series(0, 7) k""");
            statement.execute("ANALYZE");
        }
    }
}
