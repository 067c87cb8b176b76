package dev.dossier.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Behind a proxy that ends TLS, the request counts as secure: the answer carries Strict-Transport-Security and the
 * session cookie is marked Secure. Only a proxy Dossier trusts (by default one on the same machine) is believed.
 */
class ProxyHeadersTest {

    private static ApiClient.Answer signInPage(int port, String forwardedProto) {
        var client = new ApiClient(port);
        var request = client.request("/sign-in").setHeader("Accept", "text/html");
        if (forwardedProto != null) {
            request.header("X-Forwarded-Proto", forwardedProto);
        }
        return client.send(request.GET().build());
    }

    private static String sessionCookie(ApiClient.Answer answer) {
        return answer.response().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow();
    }

    @Nested
    @DossierTest
    class FromTheProxyOnThisMachine {

        @LocalServerPort
        int port;

        @Test
        void httpsAtTheProxyMakesTheAnswerStrictAndTheCookieSecure() {
            var answer = signInPage(port, "https");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Strict-Transport-Security")).contains("max-age=");
            assertThat(sessionCookie(answer)).containsIgnoringCase("; Secure");
        }

        @Test
        void plainHttpHasNeither() {
            var answer = signInPage(port, null);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Strict-Transport-Security")).isNull();
            assertThat(sessionCookie(answer)).doesNotContainIgnoringCase("secure");
        }
    }

    @Nested
    @DossierTest
    @TestPropertySource(properties = "server.tomcat.remoteip.internal-proxies=10\\.1\\.2\\.3")
    class FromAnAddressThatIsNoTrustedProxy {

        @LocalServerPort
        int port;

        @Test
        void theForwardedProtocolIsNotBelieved() {
            var answer = signInPage(port, "https");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Strict-Transport-Security")).isNull();
            assertThat(sessionCookie(answer)).doesNotContainIgnoringCase("secure");
        }
    }
}
