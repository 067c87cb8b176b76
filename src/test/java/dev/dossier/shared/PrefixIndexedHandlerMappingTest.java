package dev.dossier.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/** The quicker handler lookup finds exactly what the standard one finds, for every mapping of the application. */
@DossierTest
class PrefixIndexedHandlerMappingTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void theApplicationUsesIt() {
        assertThat(mapping).isInstanceOf(PrefixIndexedHandlerMapping.class);
    }

    @Test
    void literalStartsStopAtTheLastSlashBeforeAVariableOrWildcard() {
        assertThat(PrefixIndexedHandlerMapping.literalStart("/api/v1/customers/{id}"))
                .isEqualTo("/api/v1/customers/");
        assertThat(PrefixIndexedHandlerMapping.literalStart("/api/v1/customers"))
                .isEqualTo("/api/v1/customers");
        assertThat(PrefixIndexedHandlerMapping.literalStart("/files/report-{name}.csv"))
                .isEqualTo("/files/");
        assertThat(PrefixIndexedHandlerMapping.literalStart("/webjars/**")).isEqualTo("/webjars/");
        assertThat(PrefixIndexedHandlerMapping.literalStart("/{*path}")).isEqualTo("/");
    }

    /**
     * Every mapping against a request made from every pattern of the application, with each of its methods: the
     * quick check turns a mapping away only where the full match turns it away too, and it turns most away.
     */
    @Test
    void turnsAwayOnlyMappingsTheFullMatchTurnsAway() {
        var prefixed = (PrefixIndexedHandlerMapping) mapping;
        var infos = new ArrayList<>(mapping.getHandlerMethods().keySet());
        int compared = 0;
        int turnedAwayQuickly = 0;
        for (var request : requests(infos)) {
            for (var info : infos) {
                var standard = prefixed.standardMatch(info, request);
                var quick = prefixed.getMatchingMapping(info, request);
                assertThat(quick == null)
                        .as("%s %s against %s", request.getMethod(), request.getRequestURI(), info)
                        .isEqualTo(standard == null);
                compared++;
                if (!prefixed.mayMatch(info, request)) {
                    turnedAwayQuickly++;
                }
            }
        }
        assertThat(infos).hasSizeGreaterThan(100);
        assertThat(turnedAwayQuickly).isGreaterThan(compared * 9 / 10);
    }

    @Test
    void aPercentEncodedPathFindsTheSameHandler() throws Exception {
        var plain = handler("/api/v1/customers/3f8a1c2e-0000-4000-8000-000000000001");
        var encoded = handler("/api/v1/cust%6Fmers/3f8a1c2e-0000-4000-8000-000000000001");
        assertThat(plain).isNotNull();
        assertThat(encoded).isEqualTo(plain);
        assertThat(handler("/api/v1/nothing-here/1")).isNull();
    }

    private HandlerMethod handler(String path) throws Exception {
        var request = new MockHttpServletRequest("GET", path);
        request.addHeader("Accept", "application/json");
        var chain = mapping.getHandler(request);
        return chain == null ? null : ((HandlerMethod) chain.getHandler()).createWithResolvedBean();
    }

    /** A request for each pattern and method of every mapping, with a value in each variable and wildcard. */
    private static List<MockHttpServletRequest> requests(List<RequestMappingInfo> infos) {
        var requests = new ArrayList<MockHttpServletRequest>();
        for (var info : infos) {
            var methods = info.getMethodsCondition().getMethods().isEmpty()
                    ? List.of("GET")
                    : info.getMethodsCondition().getMethods().stream()
                            .map(Enum::name)
                            .toList();
            for (var pattern : info.getPathPatternsCondition().getPatternValues()) {
                var path = pattern.replaceAll("\\{\\*[^}]+}", "a/b")
                        .replaceAll("\\{[^}]+}", "1")
                        .replace("**", "a/b")
                        .replace("*", "a");
                for (var method : methods) {
                    var request = new MockHttpServletRequest(method, path);
                    ServletRequestPathUtils.parseAndCache(request);
                    requests.add(request);
                }
            }
        }
        return requests;
    }
}
