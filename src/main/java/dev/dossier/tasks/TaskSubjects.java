package dev.dossier.tasks;

import dev.dossier.shared.Subject;
import dev.dossier.shared.SubjectDirectory;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Tasks as subjects other modules attach records to (a note about a task, a task about a task). */
@Component
class TaskSubjects implements SubjectDirectory {

    private final TaskRepository tasks;

    TaskSubjects(TaskRepository tasks) {
        this.tasks = tasks;
    }

    @Override
    public boolean handles(String type) {
        return type.equals("task");
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<SubjectView> find(Subject subject) {
        return tasks.find(subject.id())
                .map(task -> new SubjectView(subject, task.customerId(), task.title(), "/tasks/" + task.id()));
    }
}
