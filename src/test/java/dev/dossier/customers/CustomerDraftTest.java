package dev.dossier.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.dossier.customers.ContactPoints.PhoneInput;
import dev.dossier.customers.ContactPoints.SocialInput;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The field rules a customer draft states itself, with the keys and field names the forms and the API show. */
class CustomerDraftTest {

    private static CustomerDraft draft(
            CustomerType type,
            String name,
            String legalName,
            List<PhoneInput> phones,
            List<SocialInput> social,
            List<String> tags,
            String remarks) {
        return new CustomerDraft(
                type,
                name,
                legalName,
                Gender.FEMALE,
                LocalDate.of(1990, 1, 1),
                null,
                CompanySize.MICRO,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                phones,
                List.of(),
                social,
                tags,
                null,
                null,
                remarks);
    }

    @Test
    void textIsTrimmedAndTheFieldsOfTheOtherTypeOfCustomerAreDropped() {
        var individual = draft(CustomerType.INDIVIDUAL, "  Li Na ", "Li Holdings", List.of(), List.of(), null, " ");
        assertThat(individual.name()).isEqualTo("Li Na");
        assertThat(individual.remarks()).isNull();
        assertThat(individual.legalName()).isNull();
        assertThat(individual.companySize()).isNull();
        assertThat(individual.gender()).isEqualTo(Gender.FEMALE);

        var company = draft(CustomerType.COMPANY, "Li Holdings", " Li Holdings Ltd ", List.of(), List.of(), null, null);
        assertThat(company.legalName()).isEqualTo("Li Holdings Ltd");
        assertThat(company.gender()).isNull();
        assertThat(company.birthDate()).isNull();
    }

    @Test
    void eachRuleIsReportedBesideItsField() {
        var draft = draft(
                null,
                "Li\u0007Na",
                null,
                Collections.nCopies(11, new PhoneInput(PhoneType.MOBILE, "13800000000")),
                List.of(new SocialInput(SocialType.WECHAT, "w".repeat(101))),
                List.of("vip", "t".repeat(51)),
                "first line\nsecond line");

        assertThat(FieldRules.check("field", draft))
                .extracting(FieldProblem::field, FieldProblem::code, p -> List.of(p.args()))
                .containsExactly(
                        tuple("name", "field.control-characters", List.of()),
                        tuple("phones", "field.too-many", List.of(10)),
                        tuple("socialAccounts[0].handle", "field.too-long", List.of(100)),
                        tuple("tags[1]", "field.too-long", List.of(50)),
                        tuple("type", "field.required", List.of()));
    }
}
