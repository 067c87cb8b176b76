package dev.dossier.feedback.cases;

import dev.dossier.shared.ApiProblems;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A move the case workflow refuses, as a 409 problem that says why and which moves are possible. */
@RestControllerAdvice(annotations = RestController.class)
class CaseProblems {

    private final ApiProblems problems;
    private final MessageSource messages;

    CaseProblems(ApiProblems problems, MessageSource messages) {
        this.problems = problems;
        this.messages = messages;
    }

    @ExceptionHandler(InvalidTransitionException.class)
    ProblemDetail invalidTransition(InvalidTransitionException e) {
        var locale = LocaleContextHolder.getLocale();
        var problem = problems.problem(
                HttpStatus.CONFLICT,
                "case-transition",
                e.reason(),
                messages.getMessage("cases.status." + e.from(), null, locale),
                e.to() == null ? "" : messages.getMessage("cases.status." + e.to(), null, locale));
        // "status" is the HTTP status in RFC 9457: the case's state goes by another name.
        problem.setProperty("from", e.from().name());
        if (e.to() != null) {
            problem.setProperty("to", e.to().name());
        }
        problem.setProperty("reason", e.reason());
        return problem;
    }
}
