package dev.dossier.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What formatting survives in a note, and what is taken out. */
class RichTextTest {

    @Test
    void boldItalicListsAndWebLinksAreKept() {
        var html = RichText.sanitise("<b>Budget</b> is <i>tight</i><ul><li>one</li><li>two</li></ul>"
                + "<a href=\"https://example.com/offer\">offer</a>");
        assertThat(html)
                .contains("<b>Budget</b>", "<i>tight</i>", "<ul><li>one</li><li>two</li></ul>")
                .contains("href=\"https://example.com/offer\"")
                .contains("rel=\"nofollow\"");
    }

    @Test
    void scriptsEventHandlersAndOtherProtocolsAreRemoved() {
        var html = RichText.sanitise("<p onclick=\"steal()\">Hi</p><script>alert(1)</script>"
                + "<img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">click</a><b style=\"color:red\">x</b>");
        assertThat(html).doesNotContain("script", "onclick", "onerror", "alert", "javascript", "<img", "style");
        assertThat(html).contains("<p>Hi</p>", "click", "<b>x</b>");
    }

    @Test
    void plainTextDropsMarkupAndDecodesEntities() {
        var html = RichText.sanitise("<p>Price &lt; 100 &amp; <b>soon</b></p><ul><li>a</li><li>b</li></ul>");
        assertThat(RichText.plain(html)).isEqualTo("Price < 100 & soon\na\nb");
        assertThat(RichText.isEmpty(RichText.sanitise("<p> </p><b></b>"))).isTrue();
        assertThat(RichText.excerpt("x".repeat(20), 10)).hasSize(10).endsWith("…");
    }

    @Test
    void chinesePunctuationComesOutAsTheCharactersTyped() {
        var html = RichText.sanitise("<p>强意向，预算充足。“尽快”签约 &amp; 回访：100%</p>");
        assertThat(RichText.plain(html)).isEqualTo("强意向，预算充足。“尽快”签约 & 回访：100%");
        assertThat(RichText.excerpt(RichText.plain(html), 500)).doesNotContain("&#", "&amp;");
    }

    @Test
    void excerptsSavedWithNumericEntitiesReadAsText() {
        assertThat(RichText.stored("强意向&#xff0c;预算充足&#12290;")).isEqualTo("强意向，预算充足。");
        assertThat(RichText.stored("Tom & Jerry")).isEqualTo("Tom & Jerry");
        assertThat(RichText.stored("&#x110000; stays")).isEqualTo("&#x110000; stays");
        assertThat(RichText.stored(null)).isNull();
    }
}
