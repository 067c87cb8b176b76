package dev.dossier.notes;

import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.springframework.web.util.HtmlUtils;

/**
 * The little formatting a note may carry: bold, italic, paragraphs, line breaks, lists and links to http(s)
 * addresses. Everything else (scripts, event handlers, styles, other protocols) is dropped when a note is saved.
 */
final class RichText {

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("b", "strong", "i", "em", "p", "br", "ul", "ol", "li", "a")
            .allowUrlProtocols("http", "https")
            .allowAttributes("href")
            .onElements("a")
            .requireRelNofollowOnLinks()
            .toFactory();
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern BLOCK_END = Pattern.compile("(?i)<br\\s*/?>|</(p|li|ul|ol)>");
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");

    private RichText() {}

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
        // The sanitiser writes any character as an entity (named, decimal or hex: &#xff0c; for a Chinese comma).
        text = HtmlUtils.htmlUnescape(text).replace('\u00a0', ' ');
        return SPACES.matcher(text).replaceAll(" ").strip();
    }

    /**
     * An excerpt as stored. Excerpts saved before every entity was decoded may still hold numeric ones
     * ({@code 强意向&#xff0c;预算充足}): those are decoded when read, so that no reader sees them.
     */
    static String stored(String excerpt) {
        if (excerpt == null || !excerpt.contains("&#")) {
            return excerpt;
        }
        return NUMERIC_ENTITY.matcher(excerpt).replaceAll(m -> {
            try {
                int code = m.group(1) != null ? Integer.parseInt(m.group(1), 16) : Integer.parseInt(m.group(2));
                return java.util.regex.Matcher.quoteReplacement(Character.toString(code));
            } catch (IllegalArgumentException e) {
                return java.util.regex.Matcher.quoteReplacement(m.group());
            }
        });
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
