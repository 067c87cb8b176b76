package dev.dossier.identity;

import dev.dossier.shared.ApiProblems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Where every error that no handler answered ends (a path that does not exist, a method or type not supported, a
 * request the firewall refused, an exception nothing caught): under {@code /api/} a problem+json in the caller's
 * language, elsewhere the error page, both with the status the request ended with.
 */
@Controller
@Permission.PublicEndpoint
class ErrorResponses implements ErrorController {

    private final ApiProblems problems;

    ErrorResponses(ApiProblems problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:/error}")
    Object error(HttpServletRequest request) {
        int status = status(request);
        if (api(request)) {
            var problem = problems.forStatus(status);
            if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String failed) {
                try {
                    problem.setInstance(URI.create(failed));
                } catch (IllegalArgumentException e) {
                    // An address that is not a URI is left out of the answer.
                }
            }
            return ApiProblems.respond(problem);
        }
        return new ModelAndView("error", Map.of("status", status), HttpStatusCode.valueOf(status));
    }

    /** Whether the request that failed was one of the API's: its path is under {@code /api/}. */
    static boolean api(HttpServletRequest request) {
        var uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String failed
                ? failed
                : request.getRequestURI();
        return uri != null && uri.startsWith(request.getContextPath() + "/api/");
    }

    /** The status the failed request ended with; a visit to the error address itself is a bad request. */
    private static int status(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) {
            return code >= 400 && code <= 599 ? code : 500;
        }
        return 400;
    }
}
