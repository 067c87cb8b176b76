package dev.dossier.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.shared.ValueChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Masking of sensitive values, the chain's canonical form and CSV fields, without a database. */
class AuditRecordTest {

    @Test
    void sensitiveValuesAreMaskedItemByItemKeepingTheirType() {
        assertThat(AuditRecord.mask("phones", "MOBILE +8613812345678; WORK +862161234567"))
                .isEqualTo("MOBILE 138****5678; WORK 862****4567");
        assertThat(AuditRecord.mask("contact.emails", "WORK zhang.san@example.com"))
                .isEqualTo("WORK z***@example.com");
        assertThat(AuditRecord.mask("socialAccounts", "WECHAT zhangsan_88")).isEqualTo("WECHAT z***");
        assertThat(AuditRecord.mask("birthDate", "1990-05-01")).isEqualTo("1***");
        assertThat(AuditRecord.mask("phones", null)).isNull();

        var record = AuditRecord.of("customer.changed")
                .changes(List.of(
                        new ValueChange("name", "张三", "张三丰", false),
                        new ValueChange("phones", null, "MOBILE +8613912345678", true)));
        @SuppressWarnings("unchecked")
        var changes = (List<Map<String, Object>>) record.detail().get("changes");
        assertThat(changes.get(0))
                .containsEntry("before", "张三")
                .containsEntry("after", "张三丰")
                .doesNotContainKey("masked");
        assertThat(changes.get(1)).containsEntry("after", "MOBILE 139****5678").containsEntry("masked", true);
    }

    @Test
    void theCanonicalFormLetsNoFieldRunIntoAnother() {
        var at = Instant.parse("2026-11-23T10:15:30.123456Z");
        var a = new AuditChain.Link(1, at, null, "ab", "c", "x", null, null, "d");
        var b = new AuditChain.Link(1, at, null, "a", "bc", "x", null, null, "d");
        assertThat(a.canonical()).isNotEqualTo(b.canonical());
        assertThat(a.hash(AuditChain.GENESIS))
                .isNotEqualTo(b.hash(AuditChain.GENESIS))
                .hasSize(64);
        assertThat(a.hash(AuditChain.GENESIS))
                .isEqualTo(new AuditChain.Link(1, at, null, "ab", "c", "x", null, null, "d").hash(AuditChain.GENESIS));
        var actor = UUID.randomUUID();
        assertThat(new AuditChain.Link(2, at, actor, "ab", "c", "x", "customer", actor, "d").canonical())
                .startsWith("1:2\n27:2026-11-23T10:15:30.123456Z\n36:" + actor + "\n2:ab\n");
    }

    @Test
    void csvFieldsAreQuotedAndFormulasDefused() {
        assertThat(AuditCsv.field("plain")).isEqualTo("plain");
        assertThat(AuditCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditCsv.field("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        assertThat(AuditCsv.field("@cmd")).isEqualTo("'@cmd");
        assertThat(AuditCsv.field(null)).isEmpty();
    }
}
