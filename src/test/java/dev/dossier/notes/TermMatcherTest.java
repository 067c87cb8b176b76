package dev.dossier.notes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.notes.TermMatcher.Finding;
import dev.dossier.notes.TermMatcher.Term;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Words to avoid are found in Chinese without word boundaries and in English as whole words. */
class TermMatcherTest {

    private final TermMatcher matcher = new TermMatcher(List.of(
            new Term("意向强", List.of("强意向", "意向很强")),
            new Term("强意向客户", List.of()),
            new Term("decision maker", List.of("DM", "boss")),
            new Term("决策人", List.of("拍板人", "boss"))));

    @Test
    void chineseWordsAreFoundInsideRunningText() {
        assertThat(matcher.findings("客户表示强意向，下周再联系。")).containsExactly(new Finding("强意向", "意向强"));
        assertThat(matcher.findings("王总是拍板人，意向很强"))
                .containsExactlyInAnyOrder(new Finding("意向很强", "意向强"), new Finding("拍板人", "决策人"));
    }

    @Test
    void aSynonymInsideAStandardTermIsNotFlagged() {
        assertThat(matcher.findings("这是一个强意向客户")).isEmpty();
        assertThat(matcher.findings("客户意向强")).isEmpty();
    }

    @Test
    void englishWordsMatchWholeWordsInAnyCase() {
        assertThat(matcher.findings("Met the dm today")).containsExactly(new Finding("DM", "decision maker"));
        assertThat(matcher.findings("Admin said the DMS is down; bossa nova")).isEmpty();
        assertThat(matcher.findings("Boss agreed")).containsExactly(new Finding("boss", "decision maker"));
        assertThat(matcher.findings("客户的DM同意了")).containsExactly(new Finding("DM", "decision maker"));
        assertThat(matcher.findings("The decision maker agreed")).isEmpty();
    }
}
