package dev.dossier.shared;

import java.io.IOException;
import java.util.Locale;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The errors Tomcat answers by itself, before Spring sees the request: a request line or headers too long, a
 * {@code %00} or a broken escape in the address. Under {@code /api/} they are problem+json like every other API
 * error, elsewhere a plain page in the application's style; both in the language of {@code Accept-Language}.
 * Installed as the host's error report valve, in place of Tomcat's own.
 */
@Component
class ServerErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final ApiProblems problems;
    private final MessageSource messages;

    ServerErrorReports(ApiProblems problems, MessageSource messages) {
        this.problems = problems;
        this.messages = messages;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            var host = context.getParent();
            for (var valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(Valve.class.getName());
            }
            host.getPipeline().addValve(new Valve());
        });
    }

    /** After Spring Boot's own customizer, which installs Tomcat's valve. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Writes the report of an error response that has no body yet. */
    final class Valve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            var locale = WebConfiguration.supported(request.getLocale());
            try {
                response.resetBuffer();
                response.setCharacterEncoding("UTF-8");
                String body;
                if (api(request)) {
                    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                    body = problem(status, locale);
                } else {
                    response.setContentType(MediaType.TEXT_HTML_VALUE);
                    body = page(status, locale);
                }
                var writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response cannot be written: nothing more to say.
            }
        }
    }

    /**
     * Whether the request is for the API: its path as received starts with {@code /api/}. A request line too long to
     * read has no path (nor headers): it is answered as the API would, unless it accepts HTML.
     */
    private static boolean api(Request request) {
        var uri = request.getCoyoteRequest().requestURI().toString();
        if (uri == null || uri.isEmpty()) {
            var accept = request.getCoyoteRequest().getHeader("Accept");
            return accept == null || !accept.contains("text/html");
        }
        return uri.startsWith("/api/");
    }

    private String problem(int status, Locale locale) {
        return ApiProblems.json(problems.forStatus(status, locale));
    }

    private String page(int status, Locale locale) {
        var problem = problems.forStatus(status, locale);
        return "<!DOCTYPE html>\n<html lang=\"" + locale.toLanguageTag() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + text("error.title", locale) + " · " + text("app.name", locale) + "</title>"
                + "<link rel=\"stylesheet\" href=\"/css/dossier.css\"></head><body><main>"
                + "<section class=\"card narrow\"><h1>" + HtmlUtils.htmlEscape(problem.getTitle()) + "</h1>"
                + "<p>" + HtmlUtils.htmlEscape(problem.getDetail()) + "</p>"
                + "<p><a class=\"button\" href=\"/customers\">" + text("error.back", locale) + "</a></p>"
                + "</section></main></body></html>\n";
    }

    private String text(String code, Locale locale) {
        return HtmlUtils.htmlEscape(messages.getMessage(code, null, code, locale));
    }
}
