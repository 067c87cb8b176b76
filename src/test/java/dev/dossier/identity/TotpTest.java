package dev.dossier.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One-time passwords against the test vectors of RFC 6238 (appendix B) and base32 against RFC 4648. */
class TotpTest {

    private static final byte[] SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_KEY =
            ("1234567890123456789012345678901234567890123456789012345678901234").getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
        "59,          94287082, 46119246, 90693936",
        "1111111109,  07081804, 68084774, 25091201",
        "1111111111,  14050471, 67062674, 99943326",
        "1234567890,  89005924, 91819424, 93441116",
        "2000000000,  69279037, 90698825, 38618901",
        "20000000000, 65353130, 77737706, 47863826"
    })
    void theRfcTestVectorsComeOut(long seconds, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(seconds));
        assertThat(Totp.code(SHA1_KEY, step, 8, "HmacSHA1")).isEqualTo(sha1);
        assertThat(Totp.code(SHA256_KEY, step, 8, "HmacSHA256")).isEqualTo(sha256);
        assertThat(Totp.code(SHA512_KEY, step, 8, "HmacSHA512")).isEqualTo(sha512);
        // What authenticator apps show: six digits of SHA-1, the last six of the eight.
        assertThat(Totp.code(SHA1_KEY, step)).isEqualTo(sha1.substring(2));
    }

    @Test
    void aCodeIsAcceptedOneStepEitherSideAndNoFurther() {
        var now = Instant.ofEpochSecond(1_111_111_111L);
        long step = Totp.step(now);
        assertThat(Totp.matchingStep(SHA1_KEY, "050471", now)).hasValue(step);
        assertThat(Totp.matchingStep(SHA1_KEY, "050 471", now)).hasValue(step);
        assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step - 1), now))
                .hasValue(step - 1);
        assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step + 1), now))
                .hasValue(step + 1);
        assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step - 2), now))
                .isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step + 2), now))
                .isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, "14050471", now))
                .as("eight digits")
                .isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, "05047a", now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, "", now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, null, now)).isEmpty();
        // Another key gives other codes.
        assertThat(Totp.matchingStep(SHA256_KEY, "050471", now)).isEmpty();
    }

    @Test
    void stepsAreThirtySecondsLong() {
        assertThat(Totp.step(Instant.ofEpochSecond(0))).isZero();
        assertThat(Totp.step(Instant.ofEpochSecond(29))).isZero();
        assertThat(Totp.step(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(Totp.step(Instant.ofEpochSecond(59))).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32FollowsRfc4648(String text, String encoded) {
        assertThat(Totp.base32(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
        assertThat(new String(Totp.fromBase32(encoded), StandardCharsets.US_ASCII))
                .isEqualTo(text);
        assertThat(new String(Totp.fromBase32(encoded.toLowerCase() + "=="), StandardCharsets.US_ASCII))
                .isEqualTo(text);
    }

    @Test
    void newSecretsHave160RandomBitsAndReadBackFromTheirKey() {
        var secret = Totp.newSecret();
        assertThat(secret).hasSize(20).isNotEqualTo(Totp.newSecret());
        var key = Totp.base32(secret);
        assertThat(key).hasSize(32).matches("[A-Z2-7]+");
        assertThat(Totp.fromBase32(Totp.grouped(key))).isEqualTo(secret);
        assertThat(Totp.grouped(key)).matches("([A-Z2-7]{4} ){7}[A-Z2-7]{4}");
        assertThatThrownBy(() -> Totp.fromBase32("ABC1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theQrCodeIsAnSvgThatAScannerReadsBackAsTheAddress() throws Exception {
        var uri = "otpauth://totp/Dossier:wang%20fang?secret=JBSWY3DPEHPK3PXP&issuer=Dossier";
        var svg = SecondFactors.qrSvg(uri);
        assertThat(svg)
                .startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .endsWith("</svg>")
                .doesNotContain("<script");
        // Draw the SVG's modules as pixels, four to a module, and scan them.
        var size = java.util.regex.Pattern.compile("viewBox=\"0 0 (\\d+) ").matcher(svg);
        assertThat(size.find()).isTrue();
        int modules = Integer.parseInt(size.group(1));
        int scale = 4;
        int width = modules * scale;
        var pixels = new int[width * width];
        java.util.Arrays.fill(pixels, 0xffffff);
        var dark = java.util.regex.Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
        int count = 0;
        while (dark.find()) {
            int x = Integer.parseInt(dark.group(1));
            int y = Integer.parseInt(dark.group(2));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(y * scale + dy) * width + x * scale + dx] = 0;
                }
            }
            count++;
        }
        assertThat(count).isGreaterThan(100);
        var bitmap = new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(
                new com.google.zxing.RGBLuminanceSource(width, width, pixels)));
        assertThat(new com.google.zxing.qrcode.QRCodeReader().decode(bitmap).getText())
                .isEqualTo(uri);
    }
}
