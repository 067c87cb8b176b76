package dev.dossier.identity;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/** Security refusals of the REST API as problem+json, like every other API error. */
@Component
class ProblemResponses {

    private final MessageSource messages;

    ProblemResponses(MessageSource messages) {
        this.messages = messages;
    }

    AuthenticationEntryPoint unauthorized(String challenge) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", challenge);
            write(response, 401, "unauthorized", request.getLocale());
        };
    }

    AccessDeniedHandler forbidden() {
        return (request, response, e) -> write(response, 403, "forbidden", request.getLocale());
    }

    void write(HttpServletResponse response, int status, String kind, Locale requestLocale) throws IOException {
        var locale = requestLocale != null && "zh".equals(requestLocale.getLanguage())
                ? Locale.SIMPLIFIED_CHINESE
                : LocaleContextHolder.getLocale();
        var title = messages.getMessage("problem." + kind + ".title", null, kind, locale);
        var detail = messages.getMessage("problem." + kind + ".detail", null, kind, locale);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write("{\"type\":\"urn:dossier:problem:" + kind + "\",\"title\":\"" + json(title) + "\",\"status\":"
                        + status + ",\"detail\":\"" + json(detail) + "\"}");
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
