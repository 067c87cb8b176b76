package dev.dossier.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Field encryption, blind indexes and the key file, with real keys in a temporary directory. */
class FieldCipherTest {

    @TempDir
    Path dir;

    private Keys keysInFile() {
        return new Keys("", dir.resolve("keys/dossier.keys").toString());
    }

    @Test
    void encryptsToASelfDescribingValueThatDecryptsBack() {
        var cipher = new FieldCipher(keysInFile());
        var stored = cipher.encrypt("customer.bank_account", "6222021234567890123");
        assertThat(stored).startsWith("enc:v1:k1:").doesNotContain("6222021234567890123");
        assertThat(FieldCipher.keyIdOf(stored)).isEqualTo("k1");
        var body = Base64.getDecoder().decode(stored.substring("enc:v1:k1:".length()));
        assertThat(body).as("12-byte nonce, ciphertext, 16-byte tag").hasSize(12 + 19 + 16);
        assertThat(cipher.decrypt("customer.bank_account", stored)).isEqualTo("6222021234567890123");
        assertThat(cipher.decrypt("customer.bank_account", "plain, written before encryption"))
                .isEqualTo("plain, written before encryption");
        assertThat(cipher.encrypt("x.y", null)).isNull();
        assertThat(cipher.encrypt("x.y", "中文 ✓"))
                .satisfies(v -> assertThat(cipher.decrypt("x.y", v)).isEqualTo("中文 ✓"));
    }

    @Test
    void theSameValueEncryptsDifferentlyEachTime() {
        var cipher = new FieldCipher(keysInFile());
        assertThat(cipher.encrypt("customer.primary_phone", "+8613912345678"))
                .isNotEqualTo(cipher.encrypt("customer.primary_phone", "+8613912345678"));
    }

    @Test
    void aValueEncryptedForOneColumnDoesNotDecryptInAnother() {
        var cipher = new FieldCipher(keysInFile());
        var phone = cipher.encrypt("customer.primary_phone", "+8613912345678");
        assertThatThrownBy(() -> cipher.decrypt("customer.bank_account", phone))
                .isInstanceOf(FieldCipher.CannotDecryptException.class)
                .hasMessageContaining("customer.bank_account");
    }

    @Test
    void anAlteredValueDoesNotDecrypt() {
        var cipher = new FieldCipher(keysInFile());
        var stored = cipher.encrypt("c.v", "secret value");
        var bytes = Base64.getDecoder().decode(stored.substring("enc:v1:k1:".length()));
        bytes[15] ^= 1;
        var altered = "enc:v1:k1:" + Base64.getEncoder().withoutPadding().encodeToString(bytes);
        assertThatThrownBy(() -> cipher.decrypt("c.v", altered)).isInstanceOf(FieldCipher.CannotDecryptException.class);
        assertThatThrownBy(() -> cipher.decrypt("c.v", "enc:v1:k9:AAAA"))
                .isInstanceOf(FieldCipher.CannotDecryptException.class)
                .hasMessageContaining("k9");
    }

    @Test
    void theKeyFileIsCreatedForItsOwnerOnlyAndReadAgain() throws Exception {
        var first = keysInFile();
        var file = dir.resolve("keys/dossier.keys");
        assertThat(file).exists();
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file))
                    .isEqualTo(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        var value = new FieldCipher(first).encrypt("c.v", "kept");
        assertThat(new FieldCipher(keysInFile()).decrypt("c.v", value))
                .as("same key after a restart")
                .isEqualTo("kept");
    }

    @Test
    void rotationAddsAPrimaryKeyAndOldValuesStillDecrypt() {
        var keys = keysInFile();
        var cipher = new FieldCipher(keys);
        var index = new BlindIndex(keys);
        var old = cipher.encrypt("c.v", "before rotation");
        var hash = index.of("phone", "+8613912345678");
        keys.rotate();
        assertThat(keys.ring().primary().id()).isEqualTo("k2");
        assertThat(keys.ring().keys()).extracting(KeyRing.DataKey::id).containsExactly("k1", "k2");
        var fresh = cipher.encrypt("c.v", "after rotation");
        assertThat(FieldCipher.keyIdOf(fresh)).isEqualTo("k2");
        assertThat(cipher.current(fresh)).isTrue();
        assertThat(cipher.current(old)).isFalse();
        assertThat(cipher.decrypt("c.v", old)).isEqualTo("before rotation");
        assertThat(index.of("phone", "+8613912345678"))
                .as("blind indexes do not change on rotation")
                .isEqualTo(hash);
        // Another process (the rotate command) adds a key: the running application picks it up.
        KeyFile.rotate(dir.resolve("keys/dossier.keys"));
        assertThat(keys.reloadIfChanged()).isTrue();
        assertThat(keys.ring().primary().id()).isEqualTo("k3");
        assertThat(cipher.decrypt("c.v", old)).isEqualTo("before rotation");
    }

    @Test
    void keysFromTheEnvironmentUseTheSameText() {
        var text = KeyRing.generate().withNewPrimary().format().replace('\n', ';');
        var keys = new Keys(text, dir.resolve("unused").toString());
        assertThat(keys.ring().primary().id()).isEqualTo("k2");
        assertThat(keys.rotatable()).isFalse();
        assertThat(dir.resolve("unused")).doesNotExist();
        assertThatThrownBy(() -> new Keys("primary=k1", "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DOSSIER_KEYS");
    }

    @Test
    void blindIndexesAreKeyedCompactAndSeparatedByPurpose() {
        var index = new BlindIndex(keysInFile());
        var phone = index.of("phone", "+8613912345678");
        assertThat(phone).hasSize(22).matches("[A-Za-z0-9_-]+").isEqualTo(index.of("phone", "+8613912345678"));
        assertThat(index.of("email", "+8613912345678")).isNotEqualTo(phone);
        assertThat(index.of("phone", "+8613912345679")).isNotEqualTo(phone);
        var otherInstallation = new BlindIndex(new Keys(KeyRing.generate()));
        assertThat(otherInstallation.of("phone", "+8613912345678"))
                .as("keyed, not a plain hash")
                .isNotEqualTo(phone);
    }
}
