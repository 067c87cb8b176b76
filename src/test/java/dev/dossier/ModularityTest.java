package dev.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The modules keep to their boundaries; their diagram and canvases are written into docs/modules. */
class ModularityTest {

    /**
     * Only the application's classes, wherever the build puts the test classes. Read once for the class: reading and
     * analysing the classes is most of this test's time.
     */
    private static final ApplicationModules modules = ApplicationModules.of(
            DossierApplication.class,
            com.tngtech.archunit.base.DescribedPredicate.describe(
                    "test classes",
                    (com.tngtech.archunit.core.domain.JavaClass c) -> c.getSource()
                            .map(source -> source.getUri().toString().contains("test-classes"))
                            .orElse(false)));

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
        assertThat(modules.stream().map(m -> m.getIdentifier().toString())).contains("shared", "identity", "customers");
        assertThat(modules.stream().map(m -> m.getIdentifier().toString()))
                .contains(
                        "feedback.cases",
                        "feedback.sla",
                        "feedback.problems",
                        "feedback.hooks",
                        "feedback.intake",
                        "feedback.surveys",
                        "feedback.measures");
    }

    /**
     * Writes the diagrams and canvases into docs/modules. The documenter lists relations and components in no fixed
     * order, so each run of such lines is sorted, and a file is written only when its content changed: a build
     * leaves the work tree as it found it.
     */
    @Test
    void writesTheModuleDiagramIntoTheDocs() throws Exception {
        var generated = Files.createTempDirectory("modules");
        // The whole picture and a canvas a module; a diagram a module as well took three quarters of the time.
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeModuleCanvases();
        var output = Path.of("docs/modules");
        Files.createDirectories(output);
        try (var files = Files.list(generated)) {
            for (var file : files.toList()) {
                var text = canonical(Files.readString(file));
                var target = output.resolve(file.getFileName().toString());
                if (!Files.exists(target) || !Files.readString(target).equals(text)) {
                    Files.writeString(target, text);
                }
            }
        }
        try (var written = Files.list(output)) {
            assertThat(written.map(p -> p.getFileName().toString())).anyMatch(name -> name.endsWith(".puml"));
        }
    }

    @Test
    void theDocsComeOutTheSameWhateverOrderTheDocumenterListsThingsIn() {
        var one = "@startuml\nRel(b, c)\nRel(a, b)\n\n* `x.B`\n* `x.A`\n|Events\n|* `y.B`\n* `y.A`\n|===\n";
        var other = "@startuml\nRel(a, b)\nRel(b, c)\n\n* `x.A`\n* `x.B`\n|Events\n|* `y.A`\n* `y.B`\n|===\n";
        assertThat(canonical(one)).isEqualTo(canonical(other)).isEqualTo(other);
    }

    /**
     * The text with every run of relation lines, and every run of list items, in sorted order. A canvas starts a list
     * in a table cell ({@code |* item}): that item is sorted with the rest and the cell's bar stays in front.
     */
    static String canonical(String text) {
        var out = new java.util.ArrayList<String>();
        var run = new java.util.ArrayList<String>();
        String kind = null;
        boolean cell = false;
        for (var line : text.lines().toList()) {
            var k = line.startsWith("Rel(") ? "Rel(" : line.startsWith("* ") ? "* " : null;
            var opensCell = line.startsWith("|* ");
            if (opensCell || k == null || !k.equals(kind)) {
                flush(out, run, cell);
                cell = opensCell;
            }
            if (opensCell) {
                k = "* ";
                run.add(line.substring(1));
            } else if (k == null) {
                out.add(line);
            } else {
                run.add(line);
            }
            kind = k;
        }
        flush(out, run, cell);
        return String.join("\n", out) + "\n";
    }

    private static void flush(java.util.List<String> out, java.util.List<String> run, boolean cell) {
        run.sort(null);
        if (cell && !run.isEmpty()) {
            run.set(0, "|" + run.get(0));
        }
        out.addAll(run);
        run.clear();
    }
}
