package dev.dossier.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts single field values with AES-256-GCM. A value is written as
 * {@code enc:v1:<keyId>:<base64(nonce | ciphertext | tag)>} with a random 96-bit nonce; the column it belongs to
 * (such as {@code customer.bank_account}) is bound in as associated data, so a value copied into another column
 * does not decrypt. Values are decrypted with whichever key they name.
 */
@Component
public class FieldCipher {

    /** What every encrypted value starts with. */
    public static final String PREFIX = "enc:v1:";

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Keys keys;

    FieldCipher(Keys keys) {
        this.keys = keys;
    }

    /** Whether a stored value is encrypted (rather than plain text written before its column was encrypted). */
    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The id of the key a stored value is encrypted with, or null for plain text. */
    public static String keyIdOf(String stored) {
        if (!isEncrypted(stored)) {
            return null;
        }
        int end = stored.indexOf(':', PREFIX.length());
        return end < 0 ? null : stored.substring(PREFIX.length(), end);
    }

    /** The value encrypted for {@code column} with the primary key; null stays null. */
    public String encrypt(String column, String plain) {
        if (plain == null) {
            return null;
        }
        var key = keys.ring().primary();
        var nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
            var sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            var out = ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return PREFIX
                    + key.id()
                    + ':'
                    + Base64.getEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plain value of a stored one: decrypted when encrypted, as stored when plain text (a column not yet
     * encrypted by the background job); null stays null.
     *
     * @throws CannotDecryptException when the key is unknown, or the value was altered or belongs to another column
     */
    public String decrypt(String column, String stored) {
        if (stored == null || !isEncrypted(stored)) {
            return stored;
        }
        var keyId = keyIdOf(stored);
        var key = keyId == null ? null : keys.ring().key(keyId);
        if (key == null) {
            throw new CannotDecryptException("No key " + keyId + " to decrypt a value of " + column);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length() + keyId.length() + 1));
        } catch (IllegalArgumentException e) {
            throw new CannotDecryptException("A value of " + column + " is damaged");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new CannotDecryptException("A value of " + column + " is damaged");
        }
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
            var plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new CannotDecryptException("A value of " + column + " does not belong to it or was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Whether a stored value is encrypted with the primary key already. */
    public boolean current(String stored) {
        return keys.ring().primary().id().equals(keyIdOf(stored));
    }

    /** A value that cannot be decrypted. */
    public static class CannotDecryptException extends RuntimeException {

        public CannotDecryptException(String message) {
            super(message);
        }
    }
}
