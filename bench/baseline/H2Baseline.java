import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * H2's own rates on this machine, the baseline of a load run on H2: a prepared select by key and a single-row insert
 * (each its own commit, written before it returns, as Dossier's default database does), from as many threads as the
 * load run has clients, on a fresh file database in PostgreSQL mode.
 *
 * <p>Run with the H2 jar the application uses: {@code java -cp h2.jar bench/baseline/H2Baseline.java 16 15}; prints
 * {@code select <rate> insert <rate>}.
 */
public class H2Baseline {

    private static final int ROWS = 100_000;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        var dir = Files.createTempDirectory("h2-baseline");
        var url = "jdbc:h2:file:" + dir.resolve("db")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
        try (var c = DriverManager.getConnection(url, "sa", "")) {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE account (id INTEGER PRIMARY KEY, name VARCHAR(100), balance INTEGER)");
                s.execute("CREATE TABLE history (id UUID PRIMARY KEY, account_id INTEGER, delta INTEGER,"
                        + " at TIMESTAMP WITH TIME ZONE)");
            }
            c.setAutoCommit(false);
            try (var insert = c.prepareStatement("INSERT INTO account VALUES (?, ?, 0)")) {
                for (int i = 1; i <= ROWS; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "account " + i);
                    insert.addBatch();
                    if (i % 1000 == 0) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
            c.setAutoCommit(true);
            double select = run(url, threads, seconds, connection -> {
                var statement = connection.prepareStatement("SELECT name, balance FROM account WHERE id = ?");
                return () -> {
                    statement.setInt(1, ThreadLocalRandom.current().nextInt(1, ROWS + 1));
                    try (var rs = statement.executeQuery()) {
                        rs.next();
                    }
                };
            });
            double insert = run(url, threads, seconds, connection -> {
                var statement = connection.prepareStatement(
                        "INSERT INTO history VALUES (?, ?, 1, CURRENT_TIMESTAMP)");
                return () -> {
                    statement.setObject(1, UUID.randomUUID());
                    statement.setInt(2, ThreadLocalRandom.current().nextInt(1, ROWS + 1));
                    statement.executeUpdate();
                };
            });
            System.out.printf("select %.1f insert %.1f%n", select, insert);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    interface Step {
        void run() throws Exception;
    }

    interface Prepare {
        Step on(Connection connection) throws Exception;
    }

    /** Operations a second over {@code seconds}, after as long again of warm-up. */
    private static double run(String url, int threads, int seconds, Prepare prepare) throws Exception {
        var done = new LongAdder();
        var counting = new AtomicBoolean();
        var stop = new AtomicBoolean();
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            var connection = DriverManager.getConnection(url, "sa", "");
            var step = prepare.on(connection);
            workers[t] = Thread.ofPlatform().start(() -> {
                try (connection) {
                    while (!stop.get()) {
                        step.run();
                        if (counting.get()) {
                            done.increment();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        Thread.sleep(seconds * 1000L);
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double rate = done.sum() / elapsed;
        for (var worker : workers) {
            worker.join();
        }
        return rate;
    }
}
