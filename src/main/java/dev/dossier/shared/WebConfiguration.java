package dev.dossier.shared;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxViewResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Languages (English and Simplified Chinese, from the browser unless the user chose), dates within the years 1 to
 * 9999, text without NUL characters, the htmx views and the clock.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

    @Bean
    LocaleResolver localeResolver() {
        var resolver = new CookieLocaleResolver("dossier-lang") {
            @Override
            public void setLocale(
                    HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response, Locale locale) {
                super.setLocale(request, response, locale == null ? null : supported(locale));
            }
        };
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setDefaultLocaleFunction(request -> supported(request.getLocale()));
        return resolver;
    }

    /** Any Chinese becomes Simplified Chinese, anything else English. */
    static Locale supported(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage()) ? CHINESE : Locale.ENGLISH;
    }

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addFormatterForFieldAnnotation(new DateBounds());
        registry.addFormatterForFieldType(LocalDate.class, DateBounds.isoDates());
        registry.addFormatterForFieldType(OffsetDateTime.class, DateBounds.isoTimes());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        var change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
        registry.addInterceptor(NulFreeText.parameters());
    }

    /**
     * The htmx views ({@code redirect:htmx:…} answers with HX-Redirect, {@code refresh:htmx} with HX-Refresh), ahead
     * of Thymeleaf's. htmx-spring-boot declares this resolver only when some {@code View} bean exists, and without
     * the whitelabel error page there is none.
     */
    @Bean
    HtmxViewResolver htmxViewResolver() {
        var resolver = new HtmxViewResolver();
        resolver.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return resolver;
    }

    @Bean
    JsonMapperBuilderCustomizer nulFreeJson() {
        return NulFreeText.json();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
