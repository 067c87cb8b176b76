package dev.dossier.interactions;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.identity.Access;
import dev.dossier.shared.Subject;
import dev.dossier.shared.SubjectDirectory;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Interactions as subjects other modules attach records to (a task about a call, a note on a visit). */
@Component
class InteractionSubjects implements SubjectDirectory {

    private final InteractionRepository repository;
    private final CustomerDirectory customers;
    private final Access access;
    private final MessageSource messages;

    InteractionSubjects(
            InteractionRepository repository, CustomerDirectory customers, Access access, MessageSource messages) {
        this.repository = repository;
        this.customers = customers;
        this.access = access;
        this.messages = messages;
    }

    @Override
    public boolean handles(String type) {
        return InteractionTimeline.KIND.equals(type);
    }

    @Override
    public Optional<SubjectView> find(Subject subject) {
        if (!access.allows(Access.Area.INTERACTIONS, Access.Operation.READ)) {
            return Optional.empty();
        }
        return repository
                .find(subject.id())
                .filter(i -> customers.reaches(i.customerId()))
                .map(interaction -> {
                    var locale = LocaleContextHolder.getLocale();
                    var title = messages.getMessage("interaction.channel." + interaction.channel(), null, locale)
                            + " · " + interaction.summary();
                    return new SubjectView(
                            subject, interaction.customerId(), title, "/interactions/" + interaction.id());
                });
    }
}
