package dev.dossier.shared;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Finds any subject through the module that owns its type. */
@Component
public class Subjects {

    private final List<SubjectDirectory> directories;

    Subjects(List<SubjectDirectory> directories) {
        this.directories = directories;
    }

    /** The subject as the current user sees it; empty when nobody handles it, it is gone, or out of reach. */
    public Optional<SubjectDirectory.SubjectView> find(Subject subject) {
        return directories.stream()
                .filter(d -> d.handles(subject.type()))
                .findFirst()
                .flatMap(d -> d.find(subject));
    }

    /** Like {@link #find}, but answers 404 when the subject is not there for the current user. */
    public SubjectDirectory.SubjectView require(Subject subject) {
        return find(subject).orElseThrow(() -> new NotFoundException(subject.type()));
    }
}
