package dev.dossier.identity;

import dev.dossier.shared.FieldProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindingResult;

/** Turns field problems and binding errors into the messages a form shows beside each field. */
@Component
public class FormErrors {

    private final MessageSource messages;

    FormErrors(MessageSource messages) {
        this.messages = messages;
    }

    /** Field name to localised messages. */
    public Map<String, List<String>> of(List<FieldProblem> problems) {
        var locale = LocaleContextHolder.getLocale();
        var map = new LinkedHashMap<String, List<String>>();
        for (var p : problems) {
            var message = text(p.code(), p.args(), locale);
            map.computeIfAbsent(p.field(), k -> new java.util.ArrayList<>()).add(message);
            // An entry of a list (grades[1]) is also shown beside the list's one control (grades).
            var list = p.field().replaceFirst("\\[\\d+]$", "");
            if (!list.equals(p.field())) {
                var beside = map.computeIfAbsent(list, k -> new java.util.ArrayList<>());
                if (!beside.contains(message)) {
                    beside.add(message);
                }
            }
        }
        return map;
    }

    /** Problems of values that could not even be converted (a date that is not a date, an unknown option). */
    public List<FieldProblem> binding(BindingResult result) {
        return result.getFieldErrors().stream()
                .map(e -> new FieldProblem(e.getField(), "field.invalid"))
                .toList();
    }

    private String text(String code, Object[] args, Locale locale) {
        return messages.getMessage(code, args, code, locale);
    }
}
