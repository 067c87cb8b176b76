package dev.dossier.exchange;

import java.nio.file.Path;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code --dossier.backup.to=FILE.zip} and {@code --dossier.restore.from=FILE.zip}: runs the one, prints a summary
 * and ends the program with 0 when it worked, 1 when not. {@link CommandLineMode} keeps the web server, the
 * start-up data and (for a restore) the migrations from running around it.
 */
@Component
@ConditionalOnExpression("'${dossier.backup.to:}' != '' or '${dossier.restore.from:}' != ''")
@Order(Ordered.HIGHEST_PRECEDENCE)
class BackupCommand implements ApplicationRunner {

    private final Backups backups;
    private final ConfigurableApplicationContext context;
    private final String backupTo;
    private final String restoreFrom;

    BackupCommand(
            Backups backups,
            ConfigurableApplicationContext context,
            @org.springframework.beans.factory.annotation.Value("${dossier.backup.to:}") String backupTo,
            @org.springframework.beans.factory.annotation.Value("${dossier.restore.from:}") String restoreFrom) {
        this.backups = backups;
        this.context = context;
        this.backupTo = backupTo;
        this.restoreFrom = restoreFrom;
    }

    @Override
    public void run(ApplicationArguments args) {
        int code = execute();
        System.out.flush();
        System.exit(SpringApplication.exit(context, () -> code));
    }

    /** Runs the command; returns the exit code. */
    int execute() {
        if (!backupTo.isBlank() && !restoreFrom.isBlank()) {
            System.err.println("Give either --dossier.backup.to or --dossier.restore.from, not both.");
            return 1;
        }
        long started = System.nanoTime();
        try {
            if (!backupTo.isBlank()) {
                var target = Path.of(backupTo);
                var manifest = backups.writeTo(target, null);
                System.out.printf("Backup written to %s%n", target.toAbsolutePath());
                summary(manifest);
                System.out.printf(
                        "%d rows, %.1f s, %d bytes%n",
                        manifest.rows(),
                        (System.nanoTime() - started) / 1e9,
                        target.toFile().length());
            } else {
                var result = backups.restore(Path.of(restoreFrom));
                System.out.printf(
                        "Restored %s (schema version %s, from %s, made %s)%n",
                        restoreFrom,
                        result.manifest().schemaVersion(),
                        result.manifest().sourceDatabase(),
                        result.manifest().createdAt());
                summary(result.manifest());
                System.out.printf(
                        "%d rows, %.1f s; schema now at version %s%n",
                        result.rows(), result.seconds(), result.schemaVersion());
            }
            return 0;
        } catch (ArchiveException e) {
            System.err.println((backupTo.isBlank() ? "Restore failed: " : "Backup failed: ") + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println((backupTo.isBlank() ? "Restore failed: " : "Backup failed: ") + e);
            return 1;
        }
    }

    private static void summary(Archive.Manifest manifest) {
        for (var table : manifest.tables()) {
            System.out.printf("  %-28s %,12d%n", table.name(), table.rows());
        }
    }
}
