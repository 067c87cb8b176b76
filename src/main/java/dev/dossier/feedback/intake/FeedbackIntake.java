package dev.dossier.feedback.intake;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.feedback.CaseKind;
import dev.dossier.feedback.cases.CaseLanguages;
import dev.dossier.feedback.cases.CaseManagement;
import dev.dossier.feedback.cases.FeedbackCase;
import dev.dossier.products.ProductCatalogue;
import dev.dossier.shared.EmailAddress;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.OneOf;
import dev.dossier.shared.PhoneNumber;
import dev.dossier.shared.ValidationException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a submission of the public form into a case: checks every field with clear messages, finds the customer by
 * phone or email (or registers a new lead), and opens the case on the web form channel with nobody as the actor.
 */
@Service
class FeedbackIntake {

    /**
     * What a visitor submitted.
     *
     * @param name their name
     * @param phone a phone number (this or the email is required)
     * @param email an email address
     * @param kind one of {@link #KINDS}
     * @param productId the product it is about, or null
     * @param versionId the product's version, or null
     * @param title one line
     * @param description what happened
     */
    record Submission(
            @NotNull @Size(max = MAX_NAME) String name,
            @Size(max = 32) String phone,
            @Size(max = 254) String email,
            @NotNull @Size(max = 24) @OneOf(CaseKind.class) String kind,
            UUID productId,
            UUID versionId,
            @NotNull @Size(max = MAX_TITLE) String title,
            @NotNull @Size(max = MAX_DESCRIPTION) String description) {

        Submission {
            name = Inputs.trim(name);
            phone = Inputs.trim(phone);
            email = Inputs.trim(email);
            kind = Inputs.trim(kind);
            title = Inputs.trim(title);
            description = Inputs.trim(description);
        }
    }

    /**
     * The case opened.
     *
     * @param caseId id
     * @param number the number to quote, e.g. {@code C-000123}
     * @param newLead whether the visitor was registered as a new lead
     */
    record Opened(UUID caseId, String number, boolean newLead) {}

    /** The kinds a visitor chooses from. */
    static final List<CaseKind> KINDS = List.of(
            CaseKind.COMPLAINT,
            CaseKind.DEFECT,
            CaseKind.EXPERIENCE,
            CaseKind.SERVICE_QUALITY,
            CaseKind.SUGGESTION,
            CaseKind.INQUIRY);

    static final int MAX_NAME = 100;
    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 4000;

    private final CustomerDirectory customers;
    private final CaseManagement cases;
    private final ProductCatalogue products;
    private final String defaultRegion;
    private final CaseLanguages languages;

    FeedbackIntake(
            CustomerDirectory customers,
            CaseManagement cases,
            ProductCatalogue products,
            @Value("${dossier.default-region:CN}") String defaultRegion,
            CaseLanguages languages) {
        this.languages = languages;
        this.customers = customers;
        this.cases = cases;
        this.products = products;
        this.defaultRegion = defaultRegion;
    }

    /** The submission with surrounding spaces removed, or the problems that stop it. */
    Submission check(Submission s) {
        var problems = new ArrayList<>(FieldRules.check("publicform.field", s));
        var phone = s.phone();
        var email = s.email();
        if (phone == null && email == null) {
            problems.add(new FieldProblem("phone", "publicform.contact.required"));
        }
        if (phone != null && phone.length() <= 32) {
            try {
                phone = PhoneNumber.parse(phone, defaultRegion).e164();
            } catch (InvalidValueException e) {
                problems.add(new FieldProblem("phone", "publicform.phone.invalid"));
            }
        }
        if (email != null && email.length() <= 254) {
            try {
                email = EmailAddress.of(email).value();
            } catch (InvalidValueException e) {
                problems.add(new FieldProblem("email", "publicform.email.invalid"));
            }
        }
        if (s.productId() != null && !products.exists(s.productId(), s.versionId())) {
            problems.add(new FieldProblem("productId", "publicform.field.unknown-option"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new Submission(
                s.name(),
                phone,
                email,
                s.kind(),
                s.productId(),
                s.productId() == null ? null : s.versionId(),
                s.title(),
                s.description());
    }

    /** Opens the case for a checked submission. */
    @Transactional
    Opened open(Submission s) {
        var found = customers.findByPhoneOrEmail(s.phone(), s.email());
        var customerId = found.orElseGet(() -> customers.registerLead(s.name(), s.phone(), s.email()));
        var caseId = cases.open(
                new CaseManagement.NewCase(
                        customerId,
                        null,
                        s.title(),
                        s.description(),
                        s.kind(),
                        null,
                        null,
                        null,
                        s.productId(),
                        s.versionId(),
                        null,
                        "WEB_FORM",
                        s.name(),
                        s.email(),
                        s.phone()),
                null);
        // Later emails about the case (replies, the survey link, a fix) are written in the form's language, and so
        // is every email to a customer who had no preferred language yet.
        var locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        languages.remember(caseId, locale);
        customers.rememberLanguage(customerId, locale);
        return new Opened(caseId, FeedbackCase.number(cases.get(caseId).caseNo()), found.isEmpty());
    }
}
