package dev.dossier.notes;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** A note's heading in the reader's language: its template's name and its category. */
@Component
class NoteTitles {

    private final NoteTemplates templates;
    private final MessageSource messages;

    NoteTitles(NoteTemplates templates, MessageSource messages) {
        this.templates = templates;
        this.messages = messages;
    }

    String title(String templateName, NoteCategory category) {
        return templateName + " · "
                + messages.getMessage(
                        "note.category." + category.name(), null, category.name(), LocaleContextHolder.getLocale());
    }

    /** The heading from the template's stored code (shipped) or name (administrators' own). */
    String title(String templateCode, String templateName, NoteCategory category) {
        return title(templates.name(templateCode, templateName), category);
    }
}
