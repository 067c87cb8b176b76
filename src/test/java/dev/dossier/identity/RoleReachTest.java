package dev.dossier.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.dossier.DossierTest;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.AccessWorld.Person;
import dev.dossier.shared.Masks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * For every role, what the policy says it reaches and sees is what every way of looking shows: the list API, the
 * list page, the quick search and the count agree on exactly the customers the role reaches among its own, its
 * reports', its team's, its sub-team's, another team's and one shared with it; and phones, emails, addresses and
 * birth dates appear in full, masked or not at all, in the API and on every tab of the dossier, as its field levels
 * say.
 */
@DossierTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleReachTest {

    /** How a customer relates to the acting user. */
    enum Relation {
        /** Owned by the user. */
        OWN,
        /** Owned by someone reporting to the user, in another team. */
        REPORT,
        /** Owned by a colleague, with the user's team. */
        TEAM,
        /** Owned by someone in a team below the user's, with that team. */
        SUBTEAM,
        /** Owned by a user of another team, with that team. */
        OTHER,
        /** Like OTHER, until it is shared with the user. */
        SHARED,
        /** Like OTHER, until it is shared with the user's team. */
        TEAM_SHARED
    }

    private static final Pattern CUSTOMER_LINK = Pattern.compile("href=\"/customers/([0-9a-f-]{36})\"");
    private static final String BIRTH_DATE = "1990-05-17";

    @Autowired
    MockMvc mvc;

    @Autowired
    IdentityCache caches;

    @Autowired
    UserManagement userManagement;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    DSLContext db;

    @Autowired
    PolicyRepository policies;

    private AccessWorld world;
    private UUID teamA;
    private Person colleague;
    private Person subMember;
    private Person outsider;

    @BeforeAll
    void world() {
        world = new AccessWorld(mvc, userManagement, userDetails, db, caches);
        teamA = world.team(null);
        var subTeam = world.team(teamA);
        var teamB = world.team(null);
        colleague = world.person(Role.SALES, teamA, null);
        subMember = world.person(Role.SALES, subTeam, null);
        outsider = world.person(Role.SALES, teamB, null);
    }

    /** The oracle: whether a scope reaches a customer of some relation (shares aside). */
    static boolean reaches(RecordScope scope, Relation relation) {
        return switch (relation) {
            case OWN, REPORT -> true;
            case TEAM -> scope != RecordScope.OWN;
            case SUBTEAM -> scope == RecordScope.TEAM_TREE || scope == RecordScope.ALL;
            case OTHER, SHARED, TEAM_SHARED -> scope == RecordScope.ALL;
        };
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void listsSearchAndCountsShowExactlyTheCustomersTheRoleReaches(Role role) throws Exception {
        var grant = policies.load().grant(role, Area.CUSTOMERS);
        var me = world.person(role, teamA, null);
        var report = world.person(Role.SALES, outsider.teamId(), me.id());
        var marker = AccessWorld.letters(10);
        var tag = "reach-" + marker;
        var ids = new EnumMap<Relation, UUID>(Relation.class);
        for (var relation : Relation.values()) {
            var owner = switch (relation) {
                case OWN -> me;
                case REPORT -> report;
                case TEAM -> colleague;
                case SUBTEAM -> subMember;
                case OTHER, SHARED, TEAM_SHARED -> outsider;
            };
            var body = AccessWorld.company(
                    "Reach " + marker + " " + relation.name().toLowerCase(), owner.id(), owner.teamId());
            body.put("tags", List.of(tag));
            ids.put(relation, UUID.fromString(world.customer(body).get("id").asString()));
        }
        if (!grant.operations().contains(Operation.READ)) {
            for (var request : List.of(
                    get("/api/v1/customers").param("tag", tag),
                    get("/customers").param("q", marker),
                    get("/customers/count").param("tag", tag),
                    get("/api/v1/customers/" + ids.get(Relation.OWN)))) {
                assertThat(perform(request, me).getStatus())
                        .as(role + " may not read customers")
                        .isEqualTo(403);
            }
            return;
        }
        var expected = new TreeSet<Relation>();
        for (var relation : Relation.values()) {
            if (reaches(grant.scope(), relation)) {
                expected.add(relation);
            }
        }
        assertAllAgree(role + " with scope " + grant.scope(), me, tag, marker, ids, expected);

        world.share(ids.get(Relation.SHARED), me.id());
        world.shareWithTeam(ids.get(Relation.TEAM_SHARED), teamA);
        expected.add(Relation.SHARED);
        expected.add(Relation.TEAM_SHARED);
        assertAllAgree(role + " after customers were shared with them and their team", me, tag, marker, ids, expected);
        for (var shared : List.of(Relation.SHARED, Relation.TEAM_SHARED)) {
            assertThat(perform(get("/api/v1/customers/" + ids.get(shared)), me).getStatus())
                    .as(role + " " + shared)
                    .isEqualTo(200);
            assertThat(perform(get("/customers/" + ids.get(shared)), me).getStatus())
                    .as(role + " " + shared)
                    .isEqualTo(200);
        }
        if (!reaches(grant.scope(), Relation.OTHER)) {
            assertThat(perform(get("/api/v1/customers/" + ids.get(Relation.OTHER)), me)
                            .getStatus())
                    .as("a customer of another team that was not shared")
                    .isEqualTo(404);
        }
        // A read-only share lets them see it, not delete it: 403, since they know it exists.
        var deleteStatus = perform(delete("/api/v1/customers/" + ids.get(Relation.SHARED)), me)
                .getStatus();
        assertThat(deleteStatus)
                .as(role + " deletes a customer shared with them read only")
                .isEqualTo(
                        grant.operations().contains(Operation.DELETE) && reaches(grant.scope(), Relation.SHARED)
                                ? 204
                                : 403);

        // The trash shows the same: exactly the trashed customers the role reaches.
        for (var entry : ids.entrySet()) {
            if (entry.getKey() != Relation.SHARED || deleteStatus != 204) {
                world.trash(entry.getValue());
            }
        }
        var trashed = relationsIn(
                apiIds(
                        get("/api/v1/customers")
                                .param("tag", tag)
                                .param("deleted", "true")
                                .param("limit", "200"),
                        me),
                relationsOf(ids));
        var trashPage = relationsIn(pageIds(get("/customers/trash"), me), relationsOf(ids));
        assertThat(trashed).as(role + ": API list of the trash").isEqualTo(expected);
        assertThat(trashPage).as(role + ": trash page").isEqualTo(expected);
        assertThat(count(get("/customers/count").param("tag", tag).param("trash", "true"), me))
                .as(role + ": count of the trash")
                .isEqualTo(expected.size());
    }

    private static Map<UUID, Relation> relationsOf(Map<Relation, UUID> ids) {
        var relations = new LinkedHashMap<UUID, Relation>();
        ids.forEach((relation, id) -> relations.put(id, relation));
        return relations;
    }

    private void assertAllAgree(
            String who, Person me, String tag, String marker, Map<Relation, UUID> ids, Set<Relation> expected)
            throws Exception {
        var relations = relationsOf(ids);
        var seen = new LinkedHashMap<String, Set<Relation>>();
        seen.put(
                "API list ?tag",
                relationsIn(apiIds(get("/api/v1/customers").param("tag", tag).param("limit", "200"), me), relations));
        seen.put(
                "API quick search ?q",
                relationsIn(apiIds(get("/api/v1/customers").param("q", marker), me), relations));
        seen.put("list page ?tag", relationsIn(pageIds(get("/customers").param("tag", tag), me), relations));
        seen.put(
                "list page quick search ?q",
                relationsIn(pageIds(get("/customers").param("q", marker), me), relations));
        seen.forEach((way, found) -> assertThat(found).as(who + ": " + way).isEqualTo(expected));
        assertThat(count(get("/customers/count").param("tag", tag), me))
                .as(who + ": count ?tag")
                .isEqualTo(expected.size());
        assertThat(count(get("/customers/count").param("q", marker), me))
                .as(who + ": count ?q")
                .isEqualTo(expected.size());
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void phonesEmailsAddressesAndBirthDatesShowAsTheRolesFieldLevelsSay(Role role) throws Exception {
        var policy = policies.load();
        var contact = policy.field(role, FieldGroup.CONTACT);
        var address = policy.field(role, FieldGroup.ADDRESS);
        var identity = policy.field(role, FieldGroup.IDENTITY);
        var me = world.person(role, teamA, null);
        var middle = AccessWorld.digits(4);
        var national = "138" + middle + "1234";
        var e164 = "+86" + national;
        var masked = "138****1234";
        var email = "li." + AccessWorld.letters(8) + "@example.com";
        var line = "Wensan Road " + AccessWorld.letters(6);
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        var name = "Fields " + AccessWorld.letters(8);
        body.put("name", name);
        body.put("birthDate", BIRTH_DATE);
        body.put("phones", List.of(Map.of("type", "MOBILE", "number", national)));
        body.put("emails", List.of(Map.of("type", "PERSONAL", "address", email)));
        body.put("country", "CN");
        body.put("province", "Zhejiang");
        body.put("city", "Hangzhou");
        body.put("addressLine", line);
        body.put("ownerId", me.id());
        body.put("teamId", teamA);
        var id = UUID.fromString(world.customer(body).get("id").asString());
        var levels = role + " (contact " + contact + ", address " + address + ", identity " + identity + ")";

        var api = perform(get("/api/v1/customers/" + id), me);
        if (!policy.grant(role, Area.CUSTOMERS).operations().contains(Operation.READ)) {
            assertThat(api.getStatus()).isEqualTo(403);
            return;
        }
        assertThat(api.getStatus()).isEqualTo(200);
        var json = AccessWorld.JSON.readTree(api.getContentAsString());
        var text = api.getContentAsString();
        if (contact.full()) {
            assertThat(json.get("phones").get(0).get("number").asString())
                    .as(levels)
                    .isEqualTo(e164);
            assertThat(json.get("emails").get(0).get("address").asString())
                    .as(levels)
                    .isEqualTo(email);
        } else if (contact.visible()) {
            assertThat(json.get("phones").get(0).get("number").asString())
                    .as(levels)
                    .isEqualTo(masked);
            assertThat(json.get("emails").get(0).get("address").asString())
                    .as(levels)
                    .isEqualTo(Masks.email(email));
        } else {
            assertThat(json.get("phones")).as(levels).isEmpty();
            assertThat(json.get("emails")).as(levels).isEmpty();
        }
        if (!contact.full()) {
            assertThat(text).as(levels).doesNotContain(middle + "1234").doesNotContain(email);
        }
        assertThat(json.get("birthDate").isNull() ? null : json.get("birthDate").asString())
                .as(levels)
                .isEqualTo(identity.full() ? BIRTH_DATE : null);
        assertThat(
                        json.get("addressLine").isNull()
                                ? null
                                : json.get("addressLine").asString())
                .as(levels)
                .isEqualTo(address.full() ? line : address.visible() ? Masks.text(line) : null);

        // Reveal: only where the level allows it; a level that shows in full needs none.
        var reveal = perform(get("/api/v1/customers/" + id).param("reveal", "CONTACT"), me);
        var pageReveal = perform(
                post("/customers/" + id + "/reveal").param("group", "CONTACT").with(csrf()), me);
        if (contact == FieldLevel.REVEAL || contact.full()) {
            assertThat(reveal.getStatus()).as(levels).isEqualTo(200);
            assertThat(AccessWorld.JSON
                            .readTree(reveal.getContentAsString())
                            .get("phones")
                            .get(0)
                            .get("number")
                            .asString())
                    .as(levels)
                    .isEqualTo(e164);
            assertThat(pageReveal.getStatus()).as(levels).isEqualTo(200);
            assertThat(pageReveal.getContentAsString()).as(levels).contains("tel:" + e164);
        } else {
            assertThat(reveal.getStatus())
                    .as(levels + ": reveal through the API")
                    .isEqualTo(403);
            assertThat(pageReveal.getStatus())
                    .as(levels + ": reveal on the page")
                    .isEqualTo(403);
        }

        // The dossier, every tab.
        for (var tab : List.of("overview", "contacts", "history")) {
            var page = perform(get("/customers/" + id).param("tab", tab), me);
            assertThat(page.getStatus()).isEqualTo(200);
            var html = page.getContentAsString();
            var where = levels + ", tab " + tab;
            if (tab.equals("overview")) {
                if (contact.full()) {
                    assertThat(html).as(where).contains("tel:" + e164);
                } else if (contact.visible()) {
                    assertThat(html).as(where).contains(masked);
                }
            }
            if (!contact.full()) {
                assertThat(html)
                        .as(where)
                        .doesNotContain(e164)
                        .doesNotContain(middle + " 1234")
                        .doesNotContain(middle + "1234")
                        .doesNotContain(email);
            }
            if (!contact.visible()) {
                assertThat(html).as(where).doesNotContain(masked).doesNotContain(Masks.email(email));
            }
            if (!identity.full()) {
                assertThat(html).as(where).doesNotContain(BIRTH_DATE);
            }
            if (!address.full()) {
                assertThat(html).as(where).doesNotContain(line);
            }
        }

        // The list, in the API and on the page with the phone and email columns.
        var listed = perform(get("/api/v1/customers").param("q", name), me).getContentAsString();
        var row = perform(get("/customers").param("q", name).param("cols", "phone", "email"), me)
                .getContentAsString();
        assertThat(row).as(levels + ": list page").contains(name);
        for (var list : List.of(listed, row)) {
            if (!contact.full()) {
                assertThat(list)
                        .as(levels + ": lists")
                        .doesNotContain(middle + "1234")
                        .doesNotContain(email);
            }
            if (contact.visible() && !contact.full()) {
                assertThat(list).as(levels + ": lists").contains(masked);
            }
            if (!contact.visible()) {
                assertThat(list).as(levels + ": lists").doesNotContain(masked);
            }
        }
        if (contact.full()) {
            assertThat(row).as(levels + ": list page").contains("tel:" + e164);
        }

        // Searching by the phone's digits finds the customer only for those who may see phones.
        var digits = middle + "1234";
        var apiFound = apiIds(get("/api/v1/customers").param("q", digits), me).contains(id);
        var pageFound = pageIds(get("/customers").param("q", digits), me).contains(id);
        assertThat(apiFound).as(levels + ": API search by phone digits").isEqualTo(contact.visible());
        assertThat(pageFound).as(levels + ": quick search by phone digits").isEqualTo(contact.visible());
        assertThat(count(get("/customers/count").param("q", digits), me) > 0)
                .as(levels + ": count by phone digits")
                .isEqualTo(contact.visible());
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void aCompanysContactsShowTheirPhonesAndEmailsAsTheRolesContactLevelSays(Role role) throws Exception {
        var policy = policies.load();
        var contact = policy.field(role, FieldGroup.CONTACT);
        var me = world.person(role, teamA, null);
        var middle = AccessWorld.digits(4);
        var national = "137" + middle + "0006";
        var masked = "137****0006";
        var email = "zhao." + AccessWorld.letters(8) + "@example.com";
        var company = UUID.fromString(
                world.customer(AccessWorld.company("Contacts " + AccessWorld.letters(8), me.id(), teamA))
                        .get("id")
                        .asString());
        var contactName = "Zhao " + AccessWorld.letters(6);
        var added = mvc.perform(post("/api/v1/customers/" + company + "/contacts")
                        .with(world.admin.auth())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + contactName
                                + "\",\"phones\":[{\"number\":\"" + national + "\"}],\"emails\":[{\"address\":\""
                                + email
                                + "\"}]}"))
                .andReturn()
                .getResponse();
        assertThat(added.getStatus()).as(added.getContentAsString()).isEqualTo(201);
        var levels = role + " (contact " + contact + ")";

        var api = perform(get("/api/v1/customers/" + company + "/contacts"), me);
        var page = perform(get("/customers/" + company).param("tab", "contacts"), me);
        if (!policy.grant(role, Area.CUSTOMERS).operations().contains(Operation.READ)) {
            assertThat(api.getStatus()).isEqualTo(403);
            assertThat(page.getStatus()).isEqualTo(403);
            return;
        }
        assertThat(api.getStatus()).isEqualTo(200);
        assertThat(page.getStatus()).isEqualTo(200);
        var html = page.getContentAsString();
        assertThat(html).as(levels + ": the contact is listed").contains(contactName);
        for (var shown : List.of(api.getContentAsString(), html)) {
            if (contact.full()) {
                assertThat(shown).as(levels).contains(email);
            } else {
                assertThat(shown)
                        .as(levels)
                        .doesNotContain(middle + "0006")
                        .doesNotContain(middle + " 0006")
                        .doesNotContain(email);
            }
            if (contact.visible() && !contact.full()) {
                assertThat(shown).as(levels).contains(masked).contains(Masks.email(email));
            }
            if (!contact.visible()) {
                assertThat(shown)
                        .as(levels + ": hidden means not shown at all")
                        .doesNotContain(masked)
                        .doesNotContain(Masks.email(email));
            }
        }
        if (contact.full()) {
            assertThat(html).as(levels).contains("tel:+86" + national);
        }
        if (!contact.visible()) {
            assertThat(html)
                    .as(levels + ": no phone or email column")
                    .doesNotContain(">Phones</th>")
                    .doesNotContain(">Emails</th>");
        }
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request, Person who) throws Exception {
        return mvc.perform(request.with(who.auth()).locale(Locale.ENGLISH))
                .andReturn()
                .getResponse();
    }

    private List<UUID> apiIds(MockHttpServletRequestBuilder request, Person who) throws Exception {
        var response = perform(request.accept(MediaType.APPLICATION_JSON), who);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        var ids = new ArrayList<UUID>();
        for (JsonNode item :
                AccessWorld.JSON.readTree(response.getContentAsString()).get("items")) {
            ids.add(UUID.fromString(item.get("id").asString()));
        }
        return ids;
    }

    private Set<UUID> pageIds(MockHttpServletRequestBuilder request, Person who) throws Exception {
        var response = perform(request, who);
        assertThat(response.getStatus()).isEqualTo(200);
        var ids = new HashSet<UUID>();
        var matcher = CUSTOMER_LINK.matcher(response.getContentAsString());
        while (matcher.find()) {
            ids.add(UUID.fromString(matcher.group(1)));
        }
        return ids;
    }

    private int count(MockHttpServletRequestBuilder request, Person who) throws Exception {
        var response = perform(request, who);
        assertThat(response.getStatus()).isEqualTo(200);
        var digits = response.getContentAsString().replaceAll("<[^>]*>", "").replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    private static Set<Relation> relationsIn(Collection<UUID> found, Map<UUID, Relation> relations) {
        var result = new TreeSet<Relation>();
        for (var id : found) {
            if (relations.containsKey(id)) {
                result.add(relations.get(id));
            }
        }
        return result;
    }
}
