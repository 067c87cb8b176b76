package dev.dossier.shared;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web layer's answers to what goes wrong, without the application: a probe controller, the problem handler and
 * the real message bundles, in both languages.
 */
class ApiProblemsTest {

    record Draft(
            @NotNull @Size(max = 5) String title,
            @OneOf(java.time.DayOfWeek.class) String day) {

        Draft {
            title = Inputs.trim(title);
        }
    }

    @RestController
    static class Probe {

        @PostMapping("/probe")
        String create(@RequestBody Draft draft) {
            FieldRules.require("task.field", draft);
            return "saved";
        }

        @GetMapping("/probe/{version}")
        String read(@PathVariable int version) {
            if (version < 0) {
                throw new NotFoundException("probe");
            }
            throw new StaleVersionException("Probe", version);
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Probe())
            .setControllerAdvice(new ApiProblems(messages()))
            .build();

    private static ResourceBundleMessageSource messages() {
        var messages = new ResourceBundleMessageSource();
        messages.setBasenames("i18n/messages", "i18n/tasks");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    @Test
    void brokenFieldRulesAreAnUnprocessableProblemWithEachFieldInTheCallersLanguage() throws Exception {
        mvc.perform(post("/probe")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"title\":\"  far too long \",\"day\":\"FUNDAY\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:dossier:problem:validation"))
                .andExpect(jsonPath("$.errors[0].field").value("day"))
                .andExpect(jsonPath("$.errors[0].code").value("task.field.unknown-option"))
                .andExpect(jsonPath("$.errors[0].message").value("Not one of the options."))
                .andExpect(jsonPath("$.errors[1].field").value("title"))
                .andExpect(jsonPath("$.errors[1].message").value("At most 5 characters."));

        mvc.perform(post("/probe")
                        .locale(Locale.SIMPLIFIED_CHINESE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"title\":\" \"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("title"))
                .andExpect(jsonPath("$.errors[0].message").value("必填。"));
    }

    @Test
    void aValidDraftPasses() throws Exception {
        mvc.perform(post("/probe").contentType(MediaType.APPLICATION_JSON).content("{\"title\":\" Call \"}"))
                .andExpect(status().isOk());
    }

    @Test
    void aStaleVersionIsAConflictAndAMissingRecordIsNotFound() throws Exception {
        mvc.perform(get("/probe/7"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:dossier:problem:stale-version"));
        mvc.perform(get("/probe/-1").locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:dossier:problem:not-found"));
    }
}
