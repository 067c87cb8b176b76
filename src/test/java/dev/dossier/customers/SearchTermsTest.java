package dev.dossier.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.shared.PhoneNumber;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The quick search finds a fragment by a prefix range over plain terms or secret chains (keyed hashes in the
 * database; here a marked copy of the levels, so that a chain matches only the same first levels).
 */
class SearchTermsTest {

    private static final SearchTerms.Secret SECRET =
            levels -> levels.isEmpty() ? null : "#secret:" + String.join("|", levels) + "|";

    private static String chain(String... levels) {
        return SECRET.chain(List.of(levels));
    }

    private static Map<String, Integer> person(String name) {
        var terms = new SearchTerms.Terms();
        SearchTerms.addName(terms, name, true);
        return terms.ranks();
    }

    private static Map<String, Integer> company(String name) {
        var terms = new SearchTerms.Terms();
        SearchTerms.addName(terms, name, false);
        return terms.ranks();
    }

    private static boolean finds(Map<String, Integer> terms, String query) {
        var q = CustomerQueries.query(query, SECRET);
        return terms.keySet().stream()
                .anyMatch(t -> t.startsWith("#secret:")
                        ? q.secrets().stream().anyMatch(t::startsWith)
                        : q.prefixes().stream().anyMatch(t::startsWith));
    }

    @Test
    void findsAChineseNameByPinyinInFullSpacedOrByInitials() {
        var terms = person("张三");
        for (var query : List.of("zs", "zhangsan", "zhang san", "Zhang San", "zhangs", "张", "张三", "三", "san")) {
            assertThat(finds(terms, query)).as(query).isTrue();
        }
        assertThat(finds(terms, "lisi")).isFalse();
        assertThat(terms.get("zs")).isZero();
        assertThat(terms.get("san")).isEqualTo(1);
    }

    @Test
    void simplifiedAndTraditionalCharactersFindEachOther() {
        var simplified = company("宏远贸易有限公司");
        var traditional = company("宏遠貿易有限公司");
        for (var query : List.of("宏远", "宏遠", "远贸易", "遠貿易", "hongyuan", "hy")) {
            assertThat(finds(simplified, query)).as("%s finds 宏远贸易", query).isTrue();
            assertThat(finds(traditional, query)).as("%s finds 宏遠貿易", query).isTrue();
        }
        assertThat(finds(traditional, "宏达")).isFalse();
    }

    @Test
    void accentedNamesAreFoundWithOrWithoutTheirAccents() {
        var muller = person("Jürgen Müller");
        for (var query :
                List.of("muller", "Müller", "mueller", "MUELLER", "jurgen", "jurgen muller", "juergen mueller")) {
            assertThat(finds(muller, query)).as(query).isTrue();
        }
        assertThat(finds(person("François Lefèvre"), "francois lefevre")).isTrue();
        assertThat(finds(person("Straße AG"), "strasse")).isTrue();
        assertThat(finds(muller, "miller")).isFalse();
    }

    @Test
    void personNamesKeepOtherReadingsOfSurnames() {
        assertThat(finds(person("单丽华"), "shan lihua")).isTrue();
        assertThat(finds(person("单丽华"), "slh")).isTrue();
        assertThat(finds(person("曾小贤"), "zengxiaoxian")).isTrue();
        assertThat(finds(person("欧阳明轩"), "oymx")).isTrue();
        assertThat(finds(person("欧阳明轩"), "mingxuan")).isTrue();
    }

    @Test
    void organisationNamesTakeTheCommonReadingOnly() {
        var terms = company("长沙湘味坊食品有限公司");
        assertThat(finds(terms, "changsha")).isTrue();
        assertThat(finds(terms, "zhangsha")).isFalse();
        assertThat(finds(terms, "湘味坊")).isTrue();
        assertThat(finds(terms, "xwf")).isTrue();
        assertThat(finds(company("重庆山城火锅有限公司"), "chongqing")).isTrue();
        assertThat(finds(company("厦门嘉禾旅游集团有限公司"), "xiamen")).isTrue();
        assertThat(finds(company("招商银行"), "zsyh")).isTrue();
    }

    @Test
    void findsLatinNamesByWordStarts() {
        var terms = company("Harbourview Trading Ltd.");
        assertThat(finds(terms, "harbour")).isTrue();
        assertThat(finds(terms, "trading")).isTrue();
        assertThat(finds(terms, "Harbourview Trading")).isTrue();
        assertThat(finds(person("Sean O'Brien"), "o'brien")).isTrue();
        assertThat(finds(person("Anne-Marie Whitaker"), "anne marie")).isTrue();
    }

    @Test
    void findsPhonesByTheWholeNumberItsFirstSevenOrItsLastFourToEightDigitsInAnyFormat() {
        var terms = new SearchTerms.Terms(SECRET);
        SearchTerms.addPhone(terms, PhoneNumber.parse("0571-8765 4321", "CN"));
        SearchTerms.addPhone(terms, PhoneNumber.parse("139 1234 5678", "CN"));
        var ranks = terms.ranks();
        for (var query : List.of(
                "139 1234 5678",
                "+86 139 1234 5678",
                "8613912345678",
                "1391234",
                "139-1234",
                "+86 139-1234",
                "5678",
                "45678",
                "345678",
                "2345678",
                "1234-5678",
                "(0571) 87654321",
                "0571 8765 4321",
                "571 8765 4321",
                "+86 571 8765 4321",
                "0571876",
                "5718765",
                "8765-4321",
                "4321")) {
            assertThat(finds(ranks, query)).as(query).isTrue();
        }
        assertThat(finds(ranks, "139")).as("three digits are too few").isFalse();
        assertThat(finds(ranks, "9999")).isFalse();
        assertThat(finds(ranks, "2345"))
                .as("digits from the middle of a number are not indexed")
                .isFalse();
        assertThat(finds(ranks, "13912345"))
                .as("nor are other starts than the first seven")
                .isFalse();
        assertThat(ranks.keySet()).as("phone terms are all secret").allMatch(t -> t.startsWith("#secret:"));
        assertThat(ranks.get(chain("1391234", "13912345678"))).isZero();
        assertThat(ranks.get(chain("8613912", "8613912345678"))).isZero();
        assertThat(ranks.get(chain("5678", "45678", "345678", "2345678", "12345678")))
                .isEqualTo(1);
        assertThat(ranks).as("a mobile number has three terms, a landline four").hasSize(7);
    }

    @Test
    void findsEmailsWholeByLocalPartAndByDomain() {
        var terms = new SearchTerms.Terms(SECRET);
        SearchTerms.addEmail(terms, "Wang.Qiang@yunqi-ai.example.com");
        var ranks = terms.ranks();
        assertThat(finds(ranks, "wang.qiang@yunqi")).isTrue();
        assertThat(finds(ranks, "wangqiang")).isTrue();
        assertThat(finds(ranks, "wang")).isTrue();
        assertThat(finds(ranks, "wan")).isTrue();
        assertThat(finds(ranks, "Wang.Qiang@yunqi-ai.example.com")).isTrue();
        assertThat(finds(ranks, "yunqi-ai.example")).isTrue();
        assertThat(finds(ranks, "qiang")).as("only starts of the local part").isFalse();
        assertThat(ranks)
                .as("one chain: starts from three characters, then the whole address")
                .containsKey(chain(
                        "wan",
                        "wang",
                        "wangq",
                        "wangqi",
                        "wangqia",
                        "wangqian",
                        "wangqiang",
                        "wang.qiang@yunqi-ai.example.com"));
        assertThat(finds(ranks, "wa")).isFalse();
        var shortLocal = new SearchTerms.Terms(SECRET);
        SearchTerms.addEmail(shortLocal, "hr@tongda.example");
        for (var query : List.of("hr@", "hr@ton", "HR@tongda.example")) {
            assertThat(finds(shortLocal.ranks(), query))
                    .as("a local part shorter than three letters is found whole: " + query)
                    .isTrue();
        }
        assertThat(ranks.keySet())
                .as("no term holds the address or its local part in plain text")
                .noneMatch(t -> !t.startsWith("#secret:") && (t.contains("wang") || t.contains("qiang")));
    }

    @Test
    void aCompanysLegalFormStartsNoTermsButIsFoundAfterItsName() {
        var terms = company("北京鼎盛科技有限公司");
        for (var query : List.of("北京鼎盛科技有限公司", "鼎盛科技有限公司", "科技有限", "dingsheng", "dskj", "bjdskjyxgs", "kejiyouxian")) {
            assertThat(finds(terms, query)).as(query).isTrue();
        }
        assertThat(terms.keySet())
                .as("no term starts inside 有限公司")
                .noneMatch(t -> t.startsWith("有限") || t.startsWith("公司") || t.startsWith("gongsi") || t.equals("gs"));
        var latin = company("Harbourview Trading Co., Ltd.");
        assertThat(finds(latin, "trading co")).isTrue();
        assertThat(latin.keySet()).noneMatch(t -> t.startsWith("ltd") || t.startsWith("co"));
        assertThat(finds(person("张有限"), "youxian"))
                .as("only organisations have a legal form")
                .isTrue();
    }

    @Test
    void aContactsTermsRankBelowTheCustomersOwn() {
        var terms = new SearchTerms.Terms();
        SearchTerms.addName(terms, "王强", false);
        terms.offset(2);
        SearchTerms.addName(terms, "王强", true);
        SearchTerms.addName(terms, "李娜", true);
        assertThat(terms.ranks().get("wq")).isZero();
        assertThat(terms.ranks().get("ln")).isEqualTo(2);
    }

    @Test
    void queriesTooShortToBeUsefulFindNothing() {
        assertThat(CustomerQueries.queryPrefixes("a")).isEmpty();
        assertThat(CustomerQueries.queryPrefixes("  ")).isEmpty();
        assertThat(CustomerQueries.queryPrefixes("12")).isEmpty();
        assertThat(CustomerQueries.queryPrefixes("张")).containsExactly("张");
    }

    @Test
    void sortsChineseNamesByPinyin() {
        assertThat(CustomerRepository.sortName("张三")).isEqualTo("zhang san");
        assertThat(CustomerRepository.sortName("Zhao Ltd")).isEqualTo("zhao ltd");
        assertThat(CustomerRepository.sortName("阿里")).isLessThan(CustomerRepository.sortName("Baidu"));
        assertThat(CustomerRepository.sortName("重庆")).isEqualTo("chong qing");
        assertThat(CustomerRepository.sortName("长沙")).isEqualTo("chang sha");
    }
}
