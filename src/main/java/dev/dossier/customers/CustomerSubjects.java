package dev.dossier.customers;

import dev.dossier.shared.Subject;
import dev.dossier.shared.SubjectDirectory;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Customers and contacts as subjects other modules attach records to. */
@Component
class CustomerSubjects implements SubjectDirectory {

    private final CustomerDirectory directory;

    CustomerSubjects(CustomerDirectory directory) {
        this.directory = directory;
    }

    @Override
    public boolean handles(String type) {
        return type.equals("customer") || type.equals("contact");
    }

    @Override
    public Optional<SubjectView> find(Subject subject) {
        if (subject.type().equals("customer")) {
            if (!directory.reaches(subject.id())) {
                return Optional.empty();
            }
            return Optional.of(new SubjectView(
                    subject,
                    subject.id(),
                    directory.names(java.util.List.of(subject.id())).get(subject.id()),
                    "/customers/" + subject.id()));
        }
        return directory
                .customerOfContact(subject.id())
                .filter(directory::reaches)
                .map(customerId -> {
                    var name = directory.contacts(customerId).get(subject.id());
                    var customerName =
                            directory.names(java.util.List.of(customerId)).get(customerId);
                    return new SubjectView(
                            subject,
                            customerId,
                            name + " · " + customerName,
                            "/customers/" + customerId + "?tab=contacts");
                });
    }
}
