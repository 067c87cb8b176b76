package dev.dossier.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.shared.DuplicateCheck.Profile;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DuplicateMatcherTest {

    private final MatchRules rules = MatchRules.defaults();

    private static Profile person(String name, LocalDate born, Set<String> phones, Set<String> emails) {
        return new Profile(UUID.randomUUID(), false, name, null, born, null, null, phones, emails, null, null, null);
    }

    private static Profile company(String name, String city, Set<String> phones) {
        return new Profile(UUID.randomUUID(), true, name, null, null, null, city, phones, Set.of(), null, null, null);
    }

    private double score(Profile a, Profile b) {
        return rules.score(DuplicateMatcher.reasons(a, b));
    }

    @Test
    void aCommonNameAloneNeverMakesAMatch() {
        var one = person("张伟", null, Set.of("p1"), Set.of());
        var other = person("张伟", null, Set.of("p2"), Set.of());
        assertThat(score(one, other)).isLessThan(rules.threshold());
        assertThat(DuplicateMatcher.reasons(one, other)).containsExactly(Reason.PERSON_NAME);
    }

    @Test
    void theSamePersonBySamePhoneOrEmailAndNameOrBirthDateIsAMatch() {
        var one = person("张伟", LocalDate.of(1985, 3, 5), Set.of("p1"), Set.of("e1"));
        assertThat(score(one, person("張 偉", null, Set.of("p1"), Set.of()))).isGreaterThanOrEqualTo(0.8);
        assertThat(score(one, person("张伟", null, Set.of(), Set.of("e1")))).isGreaterThanOrEqualTo(0.8);
        assertThat(score(one, person("张伟", LocalDate.of(1985, 3, 5), Set.of(), Set.of())))
                .isGreaterThanOrEqualTo(0.8);
        var latin = person("Michael Smith", null, Set.of("p9"), Set.of());
        assertThat(score(latin, person("SMITH Micheal", null, Set.of("p9"), Set.of())))
                .isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void relativesSharingAPhoneAndAnEmailAreNotAMatch() {
        var husband = person("王建国", null, Set.of("home"), Set.of("family"));
        var wife = person("李秀英", null, Set.of("home"), Set.of("family"));
        assertThat(score(husband, wife)).isLessThan(rules.threshold());
        var twin = person("张伟", LocalDate.of(1990, 1, 1), Set.of("p1"), Set.of());
        var namesake = person("张伟", LocalDate.of(1991, 2, 2), Set.of("p1"), Set.of());
        assertThat(score(twin, namesake)).isLessThan(rules.threshold());
    }

    @Test
    void companiesMatchByTheirNameCoreUnlessTheyAreInDifferentCities() {
        var one = company("北京宏远科技有限公司", null, Set.of());
        assertThat(score(one, company("宏远科技（北京）有限公司", null, Set.of()))).isGreaterThanOrEqualTo(0.8);
        assertThat(score(one, company("宏遠科技有限公司", "北京市", Set.of()))).isGreaterThanOrEqualTo(0.8);
        assertThat(score(one, company("上海宏远科技有限公司", null, Set.of()))).isLessThan(0.8);
        assertThat(score(company("重庆啤酒有限公司", null, Set.of()), company("北京啤酒有限公司", null, Set.of())))
                .isLessThan(0.8);
        // A group's switchboard shared by companies of other names is no match.
        assertThat(score(company("宏远科技", null, Set.of("switch")), company("宏达物流", null, Set.of("switch"))))
                .isLessThan(0.8);
    }

    @Test
    void aPersonAndACompanyAreNotOne() {
        var person = person("宏远", null, Set.of("p1"), Set.of());
        var company = company("宏远", null, Set.of("p1"));
        assertThat(score(person, company)).isLessThan(rules.threshold());
    }
}
