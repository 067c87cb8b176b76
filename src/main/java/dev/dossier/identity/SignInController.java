package dev.dossier.identity;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security handles the form it posts. */
@Controller
class SignInController {

    @Permission.PublicEndpoint
    @GetMapping("/sign-in")
    String signIn() {
        return CurrentUser.find().isPresent() ? "redirect:/customers" : "sign-in";
    }

    /** The start page of a signed-in user; everyone else is sent to sign in first. */
    @Permission.SelfService
    @GetMapping("/")
    String home() {
        return "redirect:/customers";
    }
}
