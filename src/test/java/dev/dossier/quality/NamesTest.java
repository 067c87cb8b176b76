package dev.dossier.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void aCompanysNameComesDownToItsCoreWhateverItsLegalFormPlaceScriptOrWidth() {
        var core = Names.company("北京宏远科技有限公司").core();
        assertThat(core).isEqualTo("宏远科技");
        for (var variant : new String[] {
            "宏远科技（北京）有限公司",
            "宏远科技(北京)有限责任公司",
            "北京市宏远科技股份有限公司",
            "宏遠科技有限公司",
            "宏远科技集团有限公司",
            "宏远科技",
            "  宏远 科技 公司 ",
            "广东省深圳市宏远科技有限公司"
        }) {
            assertThat(Names.company(variant).core()).as(variant).isEqualTo(core);
        }
        assertThat(Names.company("Acme Trading Co., Ltd.").core()).isEqualTo("acmetrading");
        assertThat(Names.company("ＡＣＭＥ TRADING LIMITED").core()).isEqualTo("acmetrading");
        assertThat(Names.company("Acme Trading (Shanghai) Co. Ltd").core()).isEqualTo("acmetrading");
        assertThat(Names.company("The Acme Trading Company").core()).isEqualTo("acmetrading");
    }

    @Test
    void thePlaceOfACompanysNameIsKeptApartToTellBranchesApart() {
        assertThat(Names.company("北京宏远科技有限公司").place()).isEqualTo("北京");
        assertThat(Names.company("宏远科技（上海）有限公司").place()).isEqualTo("上海");
        assertThat(Names.company("宏远科技有限公司").place()).isNull();
        // A name that is only a place and a legal form keeps its place as its core.
        assertThat(Names.company("北京有限公司").core()).isEqualTo("北京");
        assertThat(Names.place("北京市")).isEqualTo("北京");
        assertThat(Names.place("广东省")).isEqualTo("广东");
    }

    @Test
    void aPersonsNameIsComparedWithoutSpacesCaseOrOrderAndInSimplifiedCharacters() {
        assertThat(Names.person("张 伟")).isEqualTo(Names.person("张伟"));
        assertThat(Names.person("張偉")).isEqualTo(Names.person("张伟"));
        assertThat(Names.person("Wei ZHANG")).isEqualTo(Names.person("zhang wei"));
        assertThat(Names.person("José Müller")).isEqualTo(Names.person("Muller Jose"));
    }

    @Test
    void oneTypoIsToleratedInNamesLongEnoughForItToBeATypo() {
        assertThat(Names.oneTypoApart(Names.person("Michael Smith"), Names.person("Micheal Smith")))
                .isTrue();
        assertThat(Names.oneTypoApart(Names.person("Michael Smith"), Names.person("Michael Smyth")))
                .isTrue();
        assertThat(Names.oneTypoApart(Names.person("Bob Carter"), Names.person("Bob Aarter")))
                .isTrue();
        assertThat(Names.oneTypoApart(Names.person("欧阳明华"), Names.person("欧阳明化")))
                .isTrue();
        // Two characters apart, or short names: different people.
        assertThat(Names.oneTypoApart(Names.person("Michael Smith"), Names.person("Michelle Smith")))
                .isFalse();
        assertThat(Names.oneTypoApart(Names.person("张伟"), Names.person("张玮"))).isFalse();
        assertThat(Names.oneTypoApart(Names.person("Li Na"), Names.person("Li Ma")))
                .isFalse();
    }
}
