package dev.dossier.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Both languages are complete, and no page carries text that is not in the message bundles. */
class TranslationsTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");

    private static Properties bundle(String name) throws IOException {
        var properties = new Properties();
        try (var in = new InputStreamReader(
                Files.newInputStream(Path.of("src/main/resources/i18n", name)), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    /** The bundles, one per module that has pages: {@code messages}, {@code audit}, … */
    private static List<String> bundleNames() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/i18n"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".properties"))
                    .filter(n -> !n.contains("_"))
                    .map(n -> n.substring(0, n.length() - ".properties".length()))
                    .sorted()
                    .toList();
        }
    }

    /** Every English message of every bundle. */
    private static Properties english() throws IOException {
        var all = new Properties();
        for (var name : bundleNames()) {
            var bundle = bundle(name + ".properties");
            for (var key : bundle.stringPropertyNames()) {
                assertThat(all.containsKey(key))
                        .as("%s is defined in two bundles", key)
                        .isFalse();
                all.setProperty(key, bundle.getProperty(key));
            }
        }
        return all;
    }

    @Test
    void everyBundleIsConfigured() throws IOException {
        var config = Files.readString(Path.of("src/main/resources/application.yml"));
        for (var name : bundleNames()) {
            assertThat(config).as("bundle %s in spring.messages.basename", name).contains("i18n/" + name);
        }
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            return files.filter(p -> p.toString().endsWith(".html")).toList();
        }
    }

    @Test
    void chineseAndEnglishHaveTheSameMessages() throws IOException {
        for (var name : bundleNames()) {
            var en = bundle(name + ".properties");
            var zh = bundle(name + "_zh_CN.properties");
            var english = new TreeSet<>(en.stringPropertyNames());
            var chinese = new TreeSet<>(zh.stringPropertyNames());
            assertThat(chinese).as("keys of %s", name).containsExactlyElementsOf(english);
            var placeholder = Pattern.compile("\\{(\\d)");
            for (var key : english) {
                var expected = new TreeSet<>(placeholder
                        .matcher(en.getProperty(key))
                        .results()
                        .map(m -> m.group(1))
                        .toList());
                var actual = new TreeSet<>(placeholder
                        .matcher(zh.getProperty(key))
                        .results()
                        .map(m -> m.group(1))
                        .toList());
                assertThat(actual).as("placeholders of %s", key).isEqualTo(expected);
            }
        }
    }

    @Test
    void everyMessageAPageNamesExists() throws IOException {
        var keys = english().stringPropertyNames();
        var literal = Pattern.compile("#\\{([A-Za-z0-9._-]+)[}(]");
        var missing = new ArrayList<String>();
        for (var template : templates()) {
            var text = Files.readString(template);
            literal.matcher(text)
                    .results()
                    .map(m -> m.group(1))
                    .filter(key -> !keys.contains(key))
                    .forEach(key -> missing.add(TEMPLATES.relativize(template) + ": " + key));
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyOptionOfEveryListHasALabel() throws IOException {
        var keys = english().stringPropertyNames();
        var missing = new ArrayList<String>();
        for (var type : List.of(
                dev.dossier.customers.CustomerType.class,
                dev.dossier.customers.Grade.class,
                dev.dossier.customers.LifecycleStage.class,
                dev.dossier.customers.Gender.class,
                dev.dossier.customers.Industry.class,
                dev.dossier.customers.Region.class,
                dev.dossier.customers.SourceChannel.class,
                dev.dossier.customers.CompanySize.class,
                dev.dossier.customers.PhoneType.class,
                dev.dossier.customers.EmailType.class,
                dev.dossier.customers.SocialType.class,
                dev.dossier.customers.DecisionRole.class,
                dev.dossier.identity.Role.class)) {
            for (var value : type.getEnumConstants()) {
                var key = "enum." + type.getSimpleName() + "." + value.name();
                if (!keys.contains(key)) {
                    missing.add(key);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void pagesHaveNoHardCodedText() throws IOException {
        var found = new ArrayList<String>();
        for (var template : templates()) {
            var html = Files.readString(template)
                    .replaceAll("(?s)<!--.*?-->", "")
                    .replaceAll("(?s)<script.*?</script>", "")
                    .replaceAll("(?s)<style.*?</style>", "");
            // Elements whose content th:text or th:utext replaces may hold placeholder text.
            html = html.replaceAll("(?s)(<[a-zA-Z][^>]*\\bth:(u?text|replace|insert)=\"[^\"]*\"[^>]*>)[^<]*", "$1");
            var text = Pattern.compile(">([^<>]+)<").matcher(html);
            while (text.find()) {
                var value = text.group(1).strip();
                if (value.codePoints().anyMatch(Character::isLetter)) {
                    found.add(TEMPLATES.relativize(template) + ": text \"" + value + "\"");
                }
            }
            var attributes = Pattern.compile("\\s(placeholder|title|alt|aria-label)=\"([^\"]*)\"")
                    .matcher(html);
            while (attributes.find()) {
                var value = attributes.group(2);
                boolean example = value.matches("[\\w.+-]+@[\\w.-]+|https?://");
                if (!example && value.codePoints().anyMatch(Character::isLetter)) {
                    found.add(TEMPLATES.relativize(template) + ": " + attributes.group(1) + "=\"" + value + "\"");
                }
            }
        }
        assertThat(found).isEmpty();
    }
}
