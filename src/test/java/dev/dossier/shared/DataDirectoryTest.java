package dev.dossier.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path temp;

    @BeforeEach
    void posixOnly() throws IOException {
        assumeTrue(Files.getFileStore(temp).supportsFileAttributeView("posix"), "permissions are POSIX only");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void theH2DefaultDelaysCommitsSoEveryFileUrlGetsWriteDelayZeroUnlessItSetsOne() {
        assertThat(DataDirectory.durable("jdbc:h2:file:./data/dossier;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:./data/dossier;MODE=PostgreSQL;WRITE_DELAY=0");
        assertThat(DataDirectory.durable("jdbc:h2:./data/dossier;")).isEqualTo("jdbc:h2:./data/dossier;WRITE_DELAY=0");
        assertThat(DataDirectory.durable("jdbc:h2:file:/x/dossier;write_delay=100"))
                .isEqualTo("jdbc:h2:file:/x/dossier;write_delay=100");
    }

    @Test
    void onlyLocalH2FilesAreTheDatabaseFile() {
        assertThat(DataDirectory.h2File("jdbc:h2:file:./data/dossier;MODE=PostgreSQL"))
                .isEqualTo(Path.of("./data/dossier"));
        assertThat(DataDirectory.h2File("jdbc:h2:/srv/dossier/db")).isEqualTo(Path.of("/srv/dossier/db"));
        assertThat(DataDirectory.h2File("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isNull();
        assertThat(DataDirectory.h2File("jdbc:h2:tcp://host/db")).isNull();
        assertThat(DataDirectory.h2File("jdbc:postgresql://localhost/dossier")).isNull();
    }

    @Test
    void theDataDirectoryAndItsMissingParentsAreCreatedForTheOwnerOnly() throws IOException {
        var data = temp.resolve("home/data");

        DataDirectory.createPrivate(data);

        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(data.getParent())).isEqualTo("rwx------");
    }

    @Test
    void aDirectoryOfDossiersFilesOnlyIsTightenedWithItsFiles() throws IOException {
        var data = Files.createDirectory(temp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        var database = Files.createFile(data.resolve("dossier.mv.db"));
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        var keys = Files.createDirectory(data.resolve("keys"));

        DataDirectory.secure(new DataDirectory.Place(
                data, p -> p.getFileName().toString().startsWith("dossier.") || p.equals(keys)));

        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(database)).isEqualTo("rw-------");
    }

    @Test
    void aSharedDirectoryKeepsItsPermissionsAndOtherFilesButDossiersFilesAreTightened() throws IOException {
        var shared = Files.createDirectory(temp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        var database = Files.createFile(shared.resolve("dossier.mv.db"));
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        var other = Files.createFile(shared.resolve("notes.txt"));
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-r--r--"));

        DataDirectory.secure(
                new DataDirectory.Place(shared, p -> p.getFileName().toString().startsWith("dossier.")));

        assertThat(permissions(shared)).isEqualTo("rwxr-xr-x");
        assertThat(permissions(other)).isEqualTo("rw-r--r--");
        assertThat(permissions(database)).isEqualTo("rw-------");
    }
}
