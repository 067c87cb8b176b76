package dev.dossier.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import org.springframework.stereotype.Component;

/**
 * Keyed hashes of normalised sensitive values, to find a value by equality without storing it: HMAC-SHA256 under
 * the ring's index key (which rotation does not change), of the purpose and the value, cut to 128 bits and written
 * as 22 characters of URL-safe base64. The purpose keeps hashes of one kind of value apart from another's.
 */
@Component
public class BlindIndex {

    private static final int BYTES = 16;
    private final Keys keys;

    BlindIndex(Keys keys) {
        this.keys = keys;
    }

    /** The hash of an already normalised value for a purpose (such as {@code phone}); null stays null. */
    public String of(String purpose, String normalized) {
        return of(purpose, normalized, BYTES);
    }

    /**
     * The hash cut to {@code bytes} bytes (8 to 32), for values kept in great numbers where a shorter hash is worth
     * more than a lower chance of two values sharing one (8 bytes: 11 characters).
     */
    public String of(String purpose, String normalized, int bytes) {
        if (bytes < 8 || bytes > 32) {
            throw new IllegalArgumentException("A blind index has 8 to 32 bytes, not " + bytes);
        }
        if (normalized == null) {
            return null;
        }
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(keys.ring().indexKey());
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            var digest = mac.doFinal(normalized.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
