package dev.dossier.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dossier.keys.rotate}: a new primary key in the key file, the old ones kept, nothing else started. */
class KeyRotationCommandTest {

    @TempDir
    Path dir;

    @Test
    void addsAPrimaryKeyToTheKeyFileAndKeepsTheOldOnes() {
        var file = dir.resolve("dossier.keys");
        var keys = new Keys("", file.toString());
        var old = new FieldCipher(keys).encrypt("customer.bank_account", "6222021234567890123");

        assertThat(KeyRotationCommand.requested(new String[] {"--server.port=0"}))
                .isFalse();
        var args = new String[] {"--dossier.keys.rotate", "--dossier.keys.file=" + file};
        assertThat(KeyRotationCommand.requested(args)).isTrue();
        assertThat(KeyRotationCommand.run(args)).isZero();

        var ring = KeyFile.read(file);
        assertThat(ring.primary().id()).isEqualTo("k2");
        assertThat(ring.keys()).extracting(KeyRing.DataKey::id).containsExactly("k1", "k2");
        assertThat(keys.reloadIfChanged()).isTrue();
        assertThat(new FieldCipher(keys).decrypt("customer.bank_account", old)).isEqualTo("6222021234567890123");
    }

    @Test
    void aDamagedKeyFileIsReportedNotReplaced() throws Exception {
        var file = dir.resolve("dossier.keys");
        java.nio.file.Files.writeString(file, "index=not base64!\n");
        assertThat(KeyRotationCommand.run(new String[] {"--dossier.keys.rotate", "--dossier.keys.file=" + file}))
                .isEqualTo(1);
        assertThat(java.nio.file.Files.readString(file)).isEqualTo("index=not base64!\n");
    }
}
