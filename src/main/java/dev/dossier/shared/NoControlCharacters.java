package dev.dossier.shared;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The text, when present, holds no control characters, which a person does not type and a page cannot show; a text
 * of several lines may hold line breaks and tabs. Reports {@code field.control-characters}.
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NoControlCharacters.Check.class)
public @interface NoControlCharacters {

    /** Whether line breaks and tabs are allowed. */
    boolean lines() default false;

    String message() default "{field.control-characters}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Accepts null and text without control characters (but line breaks and tabs where lines are allowed). */
    final class Check implements ConstraintValidator<NoControlCharacters, CharSequence> {

        private boolean lines;

        @Override
        public void initialize(NoControlCharacters annotation) {
            lines = annotation.lines();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value == null
                    || value.chars()
                            .noneMatch(c ->
                                    Character.isISOControl(c) && !(lines && (c == '\n' || c == '\r' || c == '\t')));
        }
    }
}
