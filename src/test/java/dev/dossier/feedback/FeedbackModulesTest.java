package dev.dossier.feedback;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;

/** The check catches a part of feedback that uses a sibling part its module does not allow. */
class FeedbackModulesTest {

    @Test
    void aPartThatUsesASiblingItMayNotIsCaught() {
        var sample = ApplicationModules.of("dev.dossier.modulesample", location -> true);
        assertThatThrownBy(sample::verify)
                .isInstanceOf(Violations.class)
                .hasMessageContaining("feedback.sla")
                .hasMessageContaining("SurveyScore")
                .hasMessageNotContaining("CaseFile");
    }
}
