package dev.dossier.shared;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Prepares the local files before the database opens. The embedded H2 file database acknowledges a commit only once
 * it is written to the file: {@code WRITE_DELAY=0} is added to an H2 file URL that does not set it (H2's default
 * keeps the last half second of commits in memory, lost when the process dies). The directories of the database, the
 * key file and the backups are created for their owner only ({@code rwx------}); Dossier's files in them (the
 * database's, the key file, the archives) are made owner-only ({@code rw-------}) at start and again once the
 * application is ready, after H2 made its files. A directory that existed already is tightened only when it holds
 * nothing but Dossier's files, so that pointing Dossier at a shared directory never changes it. POSIX file systems
 * only; elsewhere permissions are left to the system.
 */
@Component
public class DataDirectory implements BeanPostProcessor, ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    /**
     * A directory and which of its entries are Dossier's.
     *
     * @param directory the directory
     * @param ours whether an entry (a file or a directory) belongs to Dossier
     */
    record Place(Path directory, Predicate<Path> ours) {}

    private final Path keyFile;
    private final Path backups;
    private final List<Place> places = new ArrayList<>();

    DataDirectory(
            @Value("${dossier.keys.file:./data/keys/dossier.keys}") String keyFile,
            @Value("${dossier.backup.directory:./data/backups}") String backups) {
        this.keyFile = Path.of(keyFile).toAbsolutePath().normalize();
        this.backups = Path.of(backups).toAbsolutePath().normalize();
        var keyName = this.keyFile.getFileName().toString();
        places.add(new Place(
                this.keyFile.getParent(), p -> p.getFileName().toString().startsWith(keyName)));
        places.add(new Place(this.backups, p -> p.getFileName().toString().startsWith("dossier-")));
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null) {
            var url = dataSource.getJdbcUrl();
            var file = h2File(url);
            if (file != null) {
                var directory = file.toAbsolutePath().normalize().getParent();
                var name = file.getFileName().toString() + ".";
                createPrivate(directory);
                places.addFirst(new Place(
                        directory,
                        p -> p.getFileName().toString().startsWith(name)
                                || p.equals(keyFile.getParent())
                                || p.equals(backups)));
                dataSource.setJdbcUrl(durable(url));
            }
            secureAll();
        }
        return bean;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        secureAll();
    }

    private void secureAll() {
        places.stream().filter(p -> Files.isDirectory(p.directory())).forEach(DataDirectory::secure);
    }

    /** The database file's path (without H2's extension) of an H2 URL that names a local file, else null. */
    static Path h2File(String url) {
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return null;
        }
        var name = url.substring(8).split(";", 2)[0];
        var lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:")
                || lower.startsWith("tcp:")
                || lower.startsWith("ssl:")
                || lower.startsWith("zip:")
                || lower.startsWith("split:")
                || lower.startsWith("nio")) {
            return null;
        }
        if (lower.startsWith("file:")) {
            name = name.substring(5);
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return name.isBlank() ? null : Path.of(name);
    }

    /** The URL with {@code WRITE_DELAY=0} unless it sets a write delay itself. */
    static String durable(String url) {
        for (var setting : url.split(";")) {
            if (setting.strip().toUpperCase(Locale.ROOT).startsWith("WRITE_DELAY=")) {
                return url;
            }
        }
        return url + (url.endsWith(";") ? "" : ";") + "WRITE_DELAY=0";
    }

    /** Creates the directory, and each missing parent, readable by its owner only. */
    public static void createPrivate(Path directory) {
        try {
            var missing = new ArrayList<Path>();
            for (var d = directory; d != null && !Files.exists(d); d = d.getParent()) {
                missing.addFirst(d);
            }
            for (var d : missing) {
                Files.createDirectory(d);
                if (posix(d)) {
                    Files.setPosixFilePermissions(d, DIRECTORY);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + directory, e);
        }
    }

    /**
     * Makes Dossier's files in the place its owner's only, and the directory too when everything in it is Dossier's.
     */
    static void secure(Place place) {
        var directory = place.directory();
        try {
            if (!posix(directory)) {
                return;
            }
            boolean onlyOurs = true;
            try (var entries = Files.list(directory)) {
                for (var entry : entries.toList()) {
                    if (!place.ours().test(entry)) {
                        onlyOurs = false;
                    } else if (Files.isRegularFile(entry)) {
                        try {
                            Files.setPosixFilePermissions(entry, FILE);
                        } catch (java.nio.file.NoSuchFileException e) {
                            // a temporary file, removed meanwhile
                        }
                    }
                }
            }
            if (onlyOurs) {
                Files.setPosixFilePermissions(directory, DIRECTORY);
            } else if (!DIRECTORY.containsAll(Files.getPosixFilePermissions(directory))) {
                LOG.warn(
                        "{} holds other files than Dossier's and other users may open it: its Dossier files are "
                                + "readable by their owner only; consider giving Dossier a directory of its own (rwx------)",
                        directory);
            }
        } catch (IOException e) {
            LOG.warn("Cannot make {} readable by its owner only: {}", directory, e.getMessage());
        }
    }

    private static boolean posix(Path path) throws IOException {
        return Files.getFileStore(path).supportsFileAttributeView("posix");
    }
}
