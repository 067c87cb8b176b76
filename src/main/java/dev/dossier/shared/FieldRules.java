package dev.dossier.shared;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Checks a form or payload record against the Jakarta Bean Validation constraints on its components and reports each
 * violation as a {@link FieldProblem} whose code is a key of the message bundles.
 *
 * <p>A constraint that names its own message ({@code @NotNull(message = "{task.due.required}")}) reports that key.
 * The standard constraints without a message report the common keys of the module, under the prefix the caller
 * gives: {@code <prefix>.required} ({@code @NotNull}, {@code @NotBlank}, {@code @NotEmpty}), {@code <prefix>.too-long}
 * with the maximum ({@code @Size}), {@code <prefix>.too-small} and {@code <prefix>.too-large} with the bound
 * ({@code @Min}, {@code @Max}) and {@code <prefix>.unknown-option} ({@link OneOf}). A {@code @Range} reports its
 * lowest and highest value; it names its own message. Rules across fields stay in the code that reads the record.
 */
public final class FieldRules {

    private static final Validator VALIDATOR = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();

    private static final Map<Class<? extends Annotation>, String> COMMON = Map.of(
            NotNull.class, "required",
            NotBlank.class, "required",
            NotEmpty.class, "required",
            Size.class, "too-long",
            Min.class, "too-small",
            DecimalMin.class, "too-small",
            Max.class, "too-large",
            DecimalMax.class, "too-large",
            OneOf.class, "unknown-option");

    private FieldRules() {}

    /** The problems of {@code input}, ordered by field; empty when every constraint holds. */
    public static List<FieldProblem> check(String prefix, Object input) {
        return VALIDATOR.validate(input).stream()
                .map(v -> problem(prefix, v))
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::code))
                .toList();
    }

    /** Throws a {@link ValidationException} with the problems of {@code input}, if it has any. */
    public static void require(String prefix, Object input) {
        var problems = check(prefix, input);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private static FieldProblem problem(String prefix, ConstraintViolation<?> violation) {
        var field = violation.getPropertyPath().toString().replace(".<list element>", "");
        var descriptor = violation.getConstraintDescriptor();
        var type = descriptor.getAnnotation().annotationType();
        var template = violation.getMessageTemplate();
        var own = !template.startsWith("{jakarta.validation.constraints.") && !template.startsWith("{dossier.");
        var code = own ? template.replaceAll("^\\{|}$", "") : prefix + "." + COMMON.getOrDefault(type, "invalid");
        var attributes = descriptor.getAttributes();
        if (type == Size.class) {
            return new FieldProblem(field, code, attributes.get("max"));
        }
        if (type == Range.class) {
            return new FieldProblem(field, code, attributes.get("min"), attributes.get("max"));
        }
        if (attributes.containsKey("value") && type != OneOf.class) {
            return new FieldProblem(field, code, attributes.get("value"));
        }
        return new FieldProblem(field, code);
    }
}
