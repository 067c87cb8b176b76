package dev.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The modules keep to their boundaries; their diagram is written into docs/modules. */
class ModularityTest {

    /** Only the application's classes, wherever the build puts the test classes. */
    private final ApplicationModules modules = ApplicationModules.of(DossierApplication.class,
            com.tngtech.archunit.base.DescribedPredicate.describe("test classes",
                    (com.tngtech.archunit.core.domain.JavaClass c) -> c.getSource()
                            .map(source -> source.getUri().toString().contains("test-classes")).orElse(false)));

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
        assertThat(modules.stream().map(m -> m.getIdentifier().toString()))
                .contains("shared", "identity", "customers");
    }

    @Test
    void writesTheModuleDiagramIntoTheDocs() throws Exception {
        var output = Path.of("docs/modules");
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(output.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        assertThat(Files.list(output).map(p -> p.getFileName().toString()))
                .anyMatch(name -> name.endsWith(".puml"));
    }
}
