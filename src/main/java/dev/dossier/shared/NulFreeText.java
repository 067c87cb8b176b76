package dev.dossier.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.web.servlet.HandlerInterceptor;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * No text a request brings may hold a NUL character ({@code \u0000}): PostgreSQL cannot store one, and no person
 * types one. In a parameter of the address or of a form it is an invalid value (400, the error page on pages); in
 * a JSON body a value of the wrong kind for its field (400 naming the field).
 */
final class NulFreeText {

    private NulFreeText() {}

    /** Refuses requests with a NUL in any parameter before their handler runs. */
    static HandlerInterceptor parameters() {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                for (var values : request.getParameterMap().values()) {
                    for (var value : values) {
                        if (value != null && value.indexOf('\0') >= 0) {
                            throw new InvalidValueException("value.nul", "A parameter holds a NUL character");
                        }
                    }
                }
                return true;
            }
        };
    }

    /** Reads JSON strings as usual and refuses those that hold a NUL. */
    static JsonMapperBuilderCustomizer json() {
        return builder ->
                builder.addModule(new SimpleModule("nul-free-text").addDeserializer(String.class, new Strings()));
    }

    private static final class Strings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            var value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\0') >= 0) {
                throw context.weirdStringException(value, String.class, "holds a NUL character");
            }
            return value;
        }
    }
}
