package dev.dossier.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.springframework.stereotype.Component;

/**
 * Keyed seals for the audit trail, under keys that live with the encryption keys and never in the database: HMAC-SHA256
 * under the ring's newest chain key (recorded by its id, so that entries sealed before a rotation verify under the key
 * they name), and signatures of checkpoints under the separate anchor key. Without the keys nobody can make a seal
 * that verifies, whatever they can write to the database.
 */
@Component
public class Seals {

    /**
     * A seal.
     *
     * @param keyId the chain key it was made with
     * @param mac HMAC-SHA256 in 64 hexadecimal digits
     */
    public record Seal(String keyId, String mac) {}

    private final Keys keys;

    Seals(Keys keys) {
        this.keys = keys;
    }

    /** Seals the text with the newest chain key. */
    public Seal seal(String text) {
        var key = keys.ring().chainKey();
        return new Seal(key.id(), mac(key.key(), text));
    }

    /** Seals the text with the chain key of this id; throws when the ring has no such key. */
    public Seal seal(String keyId, String text) {
        var key = keys.ring().chainKey(keyId);
        if (key == null) {
            throw new IllegalStateException("No audit key " + keyId + " in the key ring");
        }
        return new Seal(key.id(), mac(key.key(), text));
    }

    /** Whether the ring holds the chain key of this id. */
    public boolean knows(String keyId) {
        return keys.ring().chainKey(keyId) != null;
    }

    /** Whether {@code mac} is the seal of the text under the chain key {@code keyId}; false for an unknown key. */
    public boolean verify(String keyId, String text, String mac) {
        var key = keys.ring().chainKey(keyId);
        return key != null && mac != null && equal(mac(key.key(), text), mac);
    }

    /** The signature of a checkpoint's text under the anchor key. */
    public String signCheckpoint(String text) {
        return mac(keys.ring().anchorKey(), text);
    }

    /** Whether the signature is that of the checkpoint's text under the anchor key. */
    public boolean checkpointSigned(String text, String signature) {
        return signature != null && equal(signCheckpoint(text), signature);
    }

    private static boolean equal(String expected, String actual) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
    }

    private static String mac(SecretKey key, String text) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
