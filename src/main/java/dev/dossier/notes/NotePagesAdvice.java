package dev.dossier.notes;

import dev.dossier.shared.InvalidValueException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A malformed subject or cursor in the address of a notes page is a bad request, shown as the error page. */
@ControllerAdvice(assignableTypes = {NoteController.class, CommentController.class, NoteAdminController.class,
    NoteQualityController.class})
class NotePagesAdvice {

    @ExceptionHandler(InvalidValueException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String invalid(Model model) {
        model.addAttribute("status", 400);
        return "error";
    }
}
