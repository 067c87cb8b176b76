package dev.dossier.notes;

import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The little formatting a note may carry: bold, italic, paragraphs, line breaks, lists and links to http(s)
 * addresses. Everything else (scripts, event handlers, styles, other protocols) is dropped when a note is saved.
 */
final class RichText {

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("b", "strong", "i", "em", "p", "br", "ul", "ol", "li", "a")
            .allowUrlProtocols("http", "https")
            .allowAttributes("href").onElements("a")
            .requireRelNofollowOnLinks()
            .toFactory();
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern BLOCK_END = Pattern.compile("(?i)<br\\s*/?>|</(p|li|ul|ol)>");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");

    private RichText() {
    }

    /** The text with only the allowed formatting left; null or blank gives an empty string. */
    static String sanitise(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        return POLICY.sanitize(html.strip());
    }

    /** The words without any markup, entities decoded, for excerpts and term matching. */
    static String plain(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        var text = BLOCK_END.matcher(html).replaceAll("\n");
        text = TAG.matcher(text).replaceAll("");
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#34;", "\"")
                .replace("&#39;", "'").replace("&#43;", "+").replace("&#61;", "=").replace("&#64;", "@")
                .replace("&#96;", "`").replace("&nbsp;", " ").replace("&amp;", "&");
        return SPACES.matcher(text).replaceAll(" ").strip();
    }

    /** Whether a section's text says anything once the markup is gone. */
    static boolean isEmpty(String html) {
        return plain(html).isBlank();
    }

    /** The first {@code max} characters of the plain text, on one line. */
    static String excerpt(String plain, int max) {
        var line = plain.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
