package dev.dossier.feedback.surveys;

import dev.dossier.feedback.surveys.SurveyManagement.LinkState;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ValidationException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The survey page behind a one-time link, {@code /public/surveys/{token}}: no sign-in. An unknown or forged token
 * answers 404, an expired or already answered link 410, each with a page that says so.
 */
@Controller
@RequestMapping("/public/surveys/{token}")
class PublicSurveyController {

    private final SurveyManagement surveys;
    private final FormErrors formErrors;

    PublicSurveyController(SurveyManagement surveys, FormErrors formErrors) {
        this.surveys = surveys;
        this.formErrors = formErrors;
    }

    @Permission.PublicEndpoint
    @GetMapping
    String show(@PathVariable String token, Model model, HttpServletResponse response) {
        var link = surveys.link(token);
        if (link.state() != LinkState.OPEN) {
            return closed(link.state(), model, response);
        }
        return page(model, token, link, null, null, Map.of());
    }

    @Permission.PublicEndpoint
    @PostMapping
    String answer(
            @PathVariable String token,
            @RequestParam(required = false) String score,
            @RequestParam(required = false) String comment,
            Model model,
            HttpServletResponse response) {
        Integer value;
        try {
            value = score == null || score.isBlank() ? null : Integer.valueOf(score.strip());
        } catch (NumberFormatException e) {
            value = -1;
        }
        try {
            var state = surveys.answer(token, value, comment);
            if (state != LinkState.OPEN) {
                return closed(state, model, response);
            }
        } catch (ValidationException e) {
            return page(model, token, surveys.link(token), value, comment, formErrors.of(e.problems()));
        }
        return "public/survey-thanks";
    }

    private String page(
            Model model,
            String token,
            SurveyManagement.Link link,
            Integer score,
            String comment,
            Map<String, List<String>> errors) {
        model.addAttribute("token", token);
        model.addAttribute("link", link);
        model.addAttribute("kind", link.kind().name());
        model.addAttribute(
                "scores",
                java.util.stream.IntStream.rangeClosed(
                                link.kind().min(), link.kind().max())
                        .boxed()
                        .toList());
        model.addAttribute("score", score);
        model.addAttribute("comment", comment);
        model.addAttribute("maxComment", SurveyManagement.MAX_COMMENT);
        model.addAttribute("errors", errors);
        return "public/survey";
    }

    private static String closed(LinkState state, Model model, HttpServletResponse response) {
        response.setStatus(state == LinkState.UNKNOWN ? 404 : 410);
        model.addAttribute("state", state.name());
        return "public/survey-closed";
    }
}
