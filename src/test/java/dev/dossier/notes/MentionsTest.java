package dev.dossier.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which user names a text mentions. */
class MentionsTest {

    @Test
    void namesAfterAnAtSignAreMentionsEachOnce() {
        assertThat(Mentions.in("@li.wei please call, cc @zhang-san and @li.wei."))
                .containsExactly("li.wei", "zhang-san");
        assertThat(Mentions.in("请@wang_fang跟进")).containsExactly("wang_fang");
    }

    @Test
    void emailAddressesAndBareAtSignsMentionNobody() {
        assertThat(Mentions.in("write to sales@example.com or @ me")).isEmpty();
        assertThat(Mentions.in(null)).isEmpty();
    }
}
