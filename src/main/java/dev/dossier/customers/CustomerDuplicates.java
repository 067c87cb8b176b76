package dev.dossier.customers;

import dev.dossier.shared.DuplicateCheck;
import dev.dossier.shared.DuplicateCheck.Profile;
import dev.dossier.shared.PossibleDuplicatesException.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Asks the duplicate check (when the data-quality module is there) about a customer being entered, and keeps the
 * customers the current user reaches: nobody learns from a warning that a customer they cannot see exists.
 */
@Component
class CustomerDuplicates {

    /** The most candidates a warning shows. */
    static final int SHOWN = 5;

    private final ObjectProvider<DuplicateCheck> check;
    private final CustomerProfiles profiles;
    private final CustomerDirectory directory;
    private final MessageSource messages;

    CustomerDuplicates(
            ObjectProvider<DuplicateCheck> check,
            CustomerProfiles profiles,
            CustomerDirectory directory,
            MessageSource messages) {
        this.check = check;
        this.profiles = profiles;
        this.directory = directory;
        this.messages = messages;
    }

    /** Possible duplicates of validated details. */
    List<Candidate> of(CustomerDetails details) {
        return of(profiles.probe(details));
    }

    /** Possible duplicates of a draft as typed so far (the form asks as the user types): invalid values ignored. */
    List<Candidate> of(CustomerDraft draft) {
        if (draft == null || draft.type() == null) {
            return List.of();
        }
        return of(profiles.probe(
                draft.type() == CustomerType.COMPANY,
                draft.name(),
                draft.legalName(),
                draft.birthDate(),
                draft.province(),
                draft.city(),
                draft.phones() == null
                        ? List.of()
                        : draft.phones().stream()
                                .filter(Objects::nonNull)
                                .map(ContactPoints.PhoneInput::number)
                                .toList(),
                draft.emails() == null
                        ? List.of()
                        : draft.emails().stream()
                                .filter(Objects::nonNull)
                                .map(ContactPoints.EmailInput::address)
                                .toList(),
                draft.idDocumentNumber()));
    }

    private List<Candidate> of(Profile probe) {
        var duplicates = check.getIfAvailable();
        if (duplicates == null
                || probe.name() == null
                        && probe.phoneKeys().isEmpty()
                        && probe.emailKeys().isEmpty()
                        && probe.idDocumentKey() == null) {
            return List.of();
        }
        var found = duplicates.candidates(probe, 50);
        if (found.isEmpty()) {
            return List.of();
        }
        var reached = directory.reachable(
                found.stream().map(DuplicateCheck.Candidate::customerId).toList());
        var names = directory.names(reached);
        var locale = LocaleContextHolder.getLocale();
        var shown = new ArrayList<Candidate>();
        for (var candidate : found) {
            if (shown.size() == SHOWN) {
                break;
            }
            if (reached.contains(candidate.customerId())) {
                shown.add(new Candidate(
                        candidate.customerId(),
                        names.get(candidate.customerId()),
                        Math.round(candidate.score() * 100) / 100.0,
                        candidate.reasons(),
                        candidate.reasons().stream()
                                .map(r -> messages.getMessage("duplicates.reason." + r, null, r, locale))
                                .toList()));
            }
        }
        return shown;
    }
}
