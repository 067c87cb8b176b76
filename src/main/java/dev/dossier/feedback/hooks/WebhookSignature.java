package dev.dossier.feedback.hooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request, outbound and inbound alike: {@code sha256=<hex>} where hex is the HMAC-SHA256
 * of {@code "<timestamp>.<body>"} keyed with the secret, the timestamp being Unix seconds sent as
 * {@code X-Dossier-Timestamp}.
 */
public final class WebhookSignature {

    /** The header carrying the signature. */
    public static final String SIGNATURE_HEADER = "X-Dossier-Signature";
    /** The header carrying the Unix time in seconds the signature was made at. */
    public static final String TIMESTAMP_HEADER = "X-Dossier-Timestamp";

    private static final String PREFIX = "sha256=";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {}

    /** The signature of a body sent at {@code timestamp}. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            var digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Whether {@code signature} is the one {@code secret} makes, compared in constant time. */
    public static boolean matches(String secret, String timestamp, String body, String signature) {
        if (signature == null || timestamp == null) {
            return false;
        }
        var expected = sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(
                expected, signature.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }

    /** A new random secret: 32 bytes as hex, with a prefix that tells what it is. */
    static String newSecret() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + HexFormat.of().formatHex(bytes);
    }
}
