package dev.dossier.identity;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security handles the form it posts. */
@Controller
@Permission.PublicEndpoint
class SignInController {

    @GetMapping("/sign-in")
    String signIn() {
        return CurrentUser.find().isPresent() ? "redirect:/customers" : "sign-in";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/customers";
    }
}
