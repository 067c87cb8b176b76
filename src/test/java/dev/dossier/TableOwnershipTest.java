package dev.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.dossier.tasks.CrossingSample;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each module reads and writes only its own tables; another module's data comes through that module's API. The
 * generated {@code db} package is open to all, so the module check cannot see a query that names another module's
 * table: this test does. Every table has one owner, declared here, so a new table must say whose it is.
 */
class TableOwnershipTest {

    private static final String TABLES = "dev.dossier.db.tables.";

    /** The tables of each module. */
    static final Map<String, Set<String>> OWNERS = Map.ofEntries(
            Map.entry(
                    "identity",
                    Set.of(
                            "api_token",
                            "app_user",
                            "record_share",
                            "recovery_code",
                            "role_field_access",
                            "role_permission",
                            "role_sign_in_policy",
                            "sign_in_policy",
                            "team",
                            "unknown_sign_in",
                            "user_role",
                            "identity_generation",
                            "api_rate_limit_bucket")),
            Map.entry(
                    "customers",
                    Set.of(
                            "contact",
                            "contact_point",
                            "customer",
                            "customer_change",
                            "customer_change_field",
                            "customer_external_ref",
                            "customer_import_effect",
                            "customer_search_term",
                            "customer_tag",
                            "lifecycle_transition",
                            "sensitive_field",
                            "tag")),
            Map.entry(
                    "interactions",
                    Set.of(
                            "interaction",
                            "interaction_daily",
                            "interaction_participant",
                            "interaction_external_ref",
                            "interaction_import_effect",
                            "customer_contact_summary")),
            Map.entry(
                    "notes",
                    Set.of(
                            "note",
                            "note_comment",
                            "note_revision",
                            "note_section",
                            "note_template",
                            "note_template_section",
                            "note_term")),
            Map.entry("tasks", Set.of("task", "task_programme")),
            Map.entry("notifications", Set.of("notification", "customer_email")),
            Map.entry("products", Set.of("product", "product_category", "product_version", "units_sold")),
            Map.entry(
                    "feedback",
                    Set.of(
                            "feedback_case",
                            "case_message",
                            "case_transition",
                            "case_category_day",
                            "case_defect_day",
                            "case_duration_day",
                            "case_duration_month",
                            "case_measure_day",
                            "case_rollup_state",
                            "sla_policy",
                            "work_calendar",
                            "work_calendar_day",
                            "problem",
                            "problem_transition",
                            "inbound_hook",
                            "inbound_hook_call",
                            "webhook_delivery",
                            "webhook_endpoint",
                            "public_form_hit",
                            "survey",
                            "survey_invitation",
                            "survey_response")),
            Map.entry("audit", Set.of("audit_entry", "audit_head", "audit_inbox")),
            Map.entry(
                    "privacy",
                    Set.of(
                            "consent",
                            "customer_erasure",
                            "retention_rule",
                            "retention_run",
                            "subject_request",
                            "subject_request_step")),
            Map.entry("keys", Set.of("encryption_key")),
            Map.entry("jobs", Set.of("scheduled_tasks")),
            Map.entry(
                    "exchange",
                    Set.of(
                            "import_job",
                            "import_chunk",
                            "import_problem",
                            "import_template",
                            "export_job",
                            "export_chunk")),
            Map.entry("search", Set.of("search_feed", "search_state")),
            Map.entry(
                    "quality",
                    Set.of(
                            "duplicate_key",
                            "duplicate_pair",
                            "duplicate_cluster",
                            "duplicate_member",
                            "duplicate_scan",
                            "duplicate_rules")));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dossier");

    @Test
    void everyTableHasOneOwner() {
        var owned = OWNERS.values().stream().flatMap(Set::stream).toList();
        assertThat(owned).doesNotHaveDuplicates();
        var tables = MAIN.stream()
                .map(TableOwnershipTest::table)
                .filter(t -> t != null)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(tables).as("the generated tables were found").contains("customer", "task", "feedback_case");
        assertThat(tables)
                .as("tables without an owner in TableOwnershipTest.OWNERS")
                .isSubsetOf(owned);
    }

    @Test
    void noModuleNamesAnotherModulesTable() {
        var crossings = crossings(MAIN);
        assertThat(crossings)
                .as("modules naming another module's table, with the classes that do")
                .isEmpty();
    }

    /** The check sees a crossing when there is one: a test class in the tasks module that names the customer table. */
    @Test
    void aClassThatNamesAnotherModulesTableIsCaught() {
        var sample = new ClassFileImporter().importClasses(CrossingSample.class);
        assertThat(crossings(sample)).containsOnlyKeys("tasks -> customer");
        assertThat(crossings(sample).get("tasks -> customer")).contains(CrossingSample.class.getName());
    }

    /** "module -> table" for every table a module's classes name that another module owns, with the classes. */
    static Map<String, Set<String>> crossings(JavaClasses classes) {
        var found = new TreeMap<String, Set<String>>();
        for (var c : classes) {
            var module = module(c.getName());
            if (module == null || module.equals("db")) {
                continue;
            }
            Stream.concat(
                            c.getDirectDependenciesFromSelf().stream().map(d -> d.getTargetClass()),
                            c.getFieldAccessesFromSelf().stream()
                                    .map(a -> a.getTarget().getRawType()))
                    .map(TableOwnershipTest::table)
                    .filter(t -> t != null)
                    .distinct()
                    .filter(t -> !module.equals(owner(t)))
                    .forEach(t -> found.computeIfAbsent(module + " -> " + t, k -> new TreeSet<>())
                            .add(c.getName()));
        }
        return found;
    }

    /** The table a generated class stands for (table or record), or null. */
    private static String table(JavaClass c) {
        var name = c.getName();
        if (!name.startsWith(TABLES) || name.contains("$")) {
            return null;
        }
        var simple = name.substring(TABLES.length());
        if (simple.startsWith("records.")) {
            simple = simple.substring("records.".length()).replaceFirst("Record$", "");
        } else if (simple.contains(".")) {
            return null;
        }
        return simple.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String owner(String table) {
        return OWNERS.entrySet().stream()
                .filter(e -> e.getValue().contains(table))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("?");
    }

    private static String module(String className) {
        if (!className.startsWith("dev.dossier.")) {
            return null;
        }
        var rest = className.substring("dev.dossier.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? null : rest.substring(0, dot);
    }
}
