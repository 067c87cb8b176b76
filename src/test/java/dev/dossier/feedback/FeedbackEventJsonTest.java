package dev.dossier.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.feedback.CaseEvents.CaseTransitioned;
import dev.dossier.feedback.SlaEvents.CaseEscalated;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feedback events carry statuses as enums, and their JSON (as the event publication registry stores it) is what it
 * was when they travelled as strings: events stored before still read back, and new ones are stored the same way.
 */
class FeedbackEventJsonTest {

    private static final UUID CASE = UUID.fromString("3f0c6a52-8f3e-4c1b-9d7a-1d2e3f4a5b6c");
    private static final UUID CUSTOMER = UUID.fromString("7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aTransitionStoredWithStatusesAsTextReadsBackAndIsWrittenTheSame() {
        var stored = "{\"caseId\":\"" + CASE + "\",\"caseNo\":42,\"customerId\":\"" + CUSTOMER
                + "\",\"from\":\"WAITING\",\"to\":\"IN_PROGRESS\",\"actorId\":null,\"comment\":\"answered\"}";
        var event =
                new CaseTransitioned(CASE, 42, CUSTOMER, CaseStatus.WAITING, CaseStatus.IN_PROGRESS, null, "answered");

        assertThat(json.readValue(stored, CaseTransitioned.class)).isEqualTo(event);
        assertThat(json.writeValueAsString(event)).isEqualTo(stored);
    }

    @Test
    void anEscalationKeepsItsTargetAndPrioritiesAsTheirCodes() {
        var event = new CaseEscalated(
                CASE,
                42,
                CUSTOMER,
                SlaTarget.RESOLUTION,
                Instant.parse("2026-03-02T09:00:00Z"),
                Set.of(),
                CasePriority.HIGH,
                CasePriority.URGENT,
                null,
                null);

        var written = json.readTree(json.writeValueAsString(event));

        assertThat(written.get("target").asString()).isEqualTo("RESOLUTION");
        assertThat(written.get("priorityFrom").asString()).isEqualTo("HIGH");
        assertThat(written.get("priorityTo").asString()).isEqualTo("URGENT");
        assertThat(json.readValue(written.toString(), CaseEscalated.class)).isEqualTo(event);
    }

    @Test
    void aProblemStatusChangeStoredAsTextReadsBack() {
        var problem = UUID.fromString("0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e");
        var stored = "{\"problemId\":\"" + problem + "\",\"problemNo\":7,\"from\":\"HANDED_OFF\",\"to\":\"FIXED\","
                + "\"actorId\":null,\"source\":\"WEBHOOK\",\"comment\":null}";

        assertThat(json.readValue(stored, ProblemStatusChanged.class))
                .isEqualTo(new ProblemStatusChanged(
                        problem, 7, ProblemStatus.HANDED_OFF, ProblemStatus.FIXED, null, ProblemSource.WEBHOOK, null));
    }
}
