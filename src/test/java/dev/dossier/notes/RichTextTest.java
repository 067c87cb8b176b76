package dev.dossier.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What formatting survives in a note, and what is taken out. */
class RichTextTest {

    @Test
    void boldItalicListsAndWebLinksAreKept() {
        var html = RichText.sanitise("<b>Budget</b> is <i>tight</i><ul><li>one</li><li>two</li></ul>"
                + "<a href=\"https://example.com/offer\">offer</a>");
        assertThat(html).contains("<b>Budget</b>", "<i>tight</i>", "<ul><li>one</li><li>two</li></ul>")
                .contains("href=\"https://example.com/offer\"").contains("rel=\"nofollow\"");
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
}
