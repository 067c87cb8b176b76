package dev.dossier.notifications;

import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * How Dossier sends email: through the SMTP server configured with {@code spring.mail.host} (and port, user name,
 * password), from {@code dossier.mail.from}, with links to {@code dossier.base-url}. Without a server, notices stay
 * in the pages only.
 */
@Component
class MailSettings {

    private final ObjectProvider<JavaMailSender> sender;
    private final String from;
    private final String baseUrl;
    private final Locale defaultLocale;

    MailSettings(
            ObjectProvider<JavaMailSender> sender,
            @Value("${dossier.mail.from:dossier@localhost}") String from,
            @Value("${dossier.base-url:http://localhost:8080}") String baseUrl,
            @Value("${dossier.mail.locale:zh-CN}") String locale) {
        this.sender = sender;
        this.from = from;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.defaultLocale = Locale.forLanguageTag(locale);
    }

    boolean enabled() {
        return sender.getIfAvailable() != null;
    }

    JavaMailSender sender() {
        return sender.getObject();
    }

    String from() {
        return from;
    }

    String link(String path) {
        if (path == null || path.isBlank()) {
            return baseUrl + "/notifications";
        }
        return path.startsWith("/") ? baseUrl + path : baseUrl + "/" + path;
    }

    /**
     * The language to write to a customer in: the tag asked for, written in Chinese when it is Chinese and in English
     * otherwise (Dossier has bundles for these two only, so German becomes English), or the default when none.
     */
    Locale customerLocale(String tag) {
        if (tag == null || tag.isBlank()) {
            return defaultLocale;
        }
        return Locale.forLanguageTag(dev.dossier.shared.Languages.of(
                Locale.forLanguageTag(tag.strip().replace('_', '-'))));
    }

    Locale locale(String userLocale) {
        return userLocale == null || userLocale.isBlank() ? defaultLocale : Locale.forLanguageTag(userLocale);
    }
}
