package dev.dossier.identity;

import static dev.dossier.db.Tables.ROLE_FIELD_ACCESS;
import static dev.dossier.db.Tables.ROLE_PERMISSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.dossier.DossierTest;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.AccessWorld.Person;
import dev.dossier.identity.Handlers.Handler;
import dev.dossier.identity.Policy.Grant;
import dev.dossier.support.TestClock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;

/**
 * The access engine holds at every endpoint, for every role: each handler that declares a {@link Permission} is
 * called by a user of each role, on a customer of their own, of their team and of another team where its path names
 * one, and the answer is compared with what the policy says: 403 when the role may not do the operation at all, 404
 * when it does not reach the record, otherwise anything but 401/403/404 (a 400, 409, 422 or 428 for an empty body
 * means access let the request through). Handlers come from the running application's mappings and expectations
 * from the stored policy, so the matrix grows with every endpoint and follows every change of rights.
 *
 * <p>Requests carry no body but {@code {}} for the API and no form fields, only the required request parameters,
 * valid for their type (the customer's version, an enum's first value, or a value from {@link #SAMPLES}), so that
 * a 400 for a missing parameter does not hide whether the record was reached. Path variables after
 * {@code customers}, {@code contacts}, {@code users} and {@code teams} name real records; any other gets a random
 * id, and then a 404 counts as access granted.
 */
@DossierTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixTest {

    /** Whose customer a request is about, seen from the acting user. */
    enum Kind {
        /** Owned by the acting user. */
        OWN,
        /** Owned by a colleague in the acting user's team, with that team. */
        TEAM,
        /** Owned by a user of another team, with that team. */
        OTHER
    }

    /** What the policy says should happen. */
    enum Expect {
        /** The role may not do the operation in the area at all: 403. */
        DENIED,
        /** The role does not reach the record: 404. */
        NOT_FOUND,
        /** Access lets the request through: anything but 401, 403 and 404. */
        ALLOWED,
        /** Nobody is signed in: 401, or the pages send them to sign in. */
        SIGN_IN,
        /** A public step of signing in answers anyone, if only by sending them to its start: not 403 or 404. */
        ANSWERED
    }

    /** Path segments that end a record's life, or bring it back: each case gets a fresh customer. */
    private static final Set<String> DESTRUCTIVE = Set.of("delete", "purge", "restore", "trash");
    /** Path segments that act on a customer in the trash. */
    private static final Set<String> FROM_TRASH = Set.of("purge", "restore");
    /** Values for required request parameters whose type alone does not give a valid one. */
    private static final Map<String, String> SAMPLES = Map.of("kind", "phone");

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(?::[^}]*)?}");

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
    ApplicationContext context;

    @Autowired
    PolicyRepository policies;

    private AccessWorld world;
    private final Map<Role, Person> actors = new EnumMap<>(Role.class);
    private final Map<Role, Target> own = new EnumMap<>(Role.class);
    private Person colleague;
    private Person outsider;
    private Target team;
    private Target other;
    private UUID targetUser;
    private UUID targetTeam;

    /**
     * A customer the requests are about, with one contact.
     *
     * @param customerId the customer
     * @param contactId its contact
     */
    record Target(UUID customerId, UUID contactId) {}

    /**
     * One cell of the matrix.
     *
     * @param role the acting user's role
     * @param handler the endpoint
     * @param kind whose customer, or null when the path names none
     * @param expected what the policy says
     * @param status the answer (500 for an exception no handler turned into an answer)
     * @param detail what was sent and answered, for the failure message
     * @param unresolved whether the path has a variable the test could not fill with an existing record
     */
    record Cell(Role role, Handler handler, Kind kind, Expect expected, int status, String detail, boolean unresolved) {

        boolean matches() {
            return switch (expected) {
                case DENIED -> status == 403;
                case NOT_FOUND -> status == 404;
                case ALLOWED -> status != 401 && status != 403 && (status != 404 || unresolved);
                case SIGN_IN -> status == 401;
                case ANSWERED -> status != 403 && (status != 404 || unresolved) && status < 500;
            };
        }

        String describe() {
            return (role == null ? "ANONYMOUS" : role) + " " + handler.label() + (kind == null ? "" : " [" + kind + "]")
                    + ": expected "
                    + switch (expected) {
                        case DENIED -> "403 (operation not granted)";
                        case NOT_FOUND -> "404 (record not reached)";
                        case ALLOWED -> "access granted (not 401/403/404)";
                        case SIGN_IN -> "401 or a redirect to sign in";
                        case ANSWERED -> "an answer (not 403/404/5xx)";
                    }
                    + ", got " + status + " " + detail;
        }
    }

    @BeforeAll
    void world() throws Exception {
        world = new AccessWorld(mvc, userManagement, userDetails, db, caches);
        var teamA = world.team(null);
        var teamB = world.team(null);
        colleague = world.person(Role.SALES, teamA, null);
        outsider = world.person(Role.SALES, teamB, null);
        for (var role : Role.values()) {
            actors.put(role, world.person(role, teamA, null));
            own.put(role, target(Kind.OWN, actors.get(role), false));
        }
        team = target(Kind.TEAM, null, false);
        other = target(Kind.OTHER, null, false);
        targetUser = world.person(Role.SALES, teamB, null).id();
        targetTeam = world.team(null);
    }

    @Test
    void everyEndpointAnswersEveryRoleAsTheDefaultPolicySays() throws Exception {
        var policy = policies.load();
        assertMatrix(
                "the policy as stored (the defaults unless changed)", matrix(policy, (role, permission, kind) -> true));
        assertThat(policies.load())
                .as("no request of the matrix changed anyone's rights")
                .isEqualTo(policy);
    }

    @Test
    void everyEndpointFollowsRightsTheAdministratorsStored() throws Exception {
        var defaults = Policy.defaults();
        var stored = new EnumMap<Role, Map<Area, Grant>>(Role.class);
        stored.put(
                Role.MANAGER,
                Map.of(
                        Area.CUSTOMERS,
                                new Grant(
                                        EnumSet.of(Operation.READ, Operation.CREATE, Operation.EDIT), RecordScope.TEAM),
                        Area.USERS, new Grant(EnumSet.of(Operation.READ), RecordScope.ALL)));
        stored.put(
                Role.SALES,
                Map.of(
                        Area.CUSTOMERS,
                        new Grant(
                                EnumSet.of(
                                        Operation.READ,
                                        Operation.CREATE,
                                        Operation.EDIT,
                                        Operation.DELETE,
                                        Operation.PURGE),
                                RecordScope.TEAM)));
        stored.put(Role.SERVICE, Map.of(Area.CUSTOMERS, new Grant(EnumSet.of(Operation.READ), RecordScope.OWN)));
        stored.put(Role.FINANCE, Map.of());
        stored.put(
                Role.AUDITOR,
                Map.of(
                        Area.CUSTOMERS, new Grant(EnumSet.of(Operation.READ, Operation.DELETE), RecordScope.TEAM_TREE),
                        Area.USERS,
                                new Grant(
                                        EnumSet.of(Operation.READ, Operation.EDIT, Operation.CREATE),
                                        RecordScope.ALL)));
        try {
            stored.forEach((role, grants) ->
                    policies.save(role, grants, defaults.fields().get(role), null, TestClock.utcNow()));
            caches.changed();
            var policy = policies.load();
            assertThat(policy.grant(Role.FINANCE, Area.CUSTOMERS).operations()).isEmpty();
            // The cells whose answer the stored rights change; the others are the first test's.
            var cells = matrix(
                    policy,
                    (role, permission, kind) ->
                            expect(policy, role, permission, kind) != expect(defaults, role, permission, kind));
            assertThat(cells).hasSizeGreaterThan(50);
            assertMatrix("rights stored by the administrators, cells they change", cells);
        } finally {
            db.deleteFrom(ROLE_PERMISSION).execute();
            db.deleteFrom(ROLE_FIELD_ACCESS).execute();
            caches.changed();
        }
    }

    @Test
    void selfServiceAnswersEveryRoleAndNobodyElsePublicAnswersEveryone() throws Exception {
        var cells = new ArrayList<Cell>();
        for (var handler : Handlers.of(context)) {
            if (handler.declared(Permission.class) != null) {
                continue;
            }
            boolean open = handler.declared(Permission.PublicEndpoint.class) != null;
            if (!open && handler.declared(Permission.SelfService.class) == null) {
                continue;
            }
            // A signed inbound webhook checks the call's signature, not who is signed in: it refuses an unsigned
            // call with 401 whoever sends it.
            boolean signed = handler.label().contains(" /api/v1/hooks/");
            for (var role : Role.values()) {
                cells.add(run(role, handler, signed ? Expect.ANSWERED : Expect.ALLOWED, null));
            }
            cells.add(run(null, handler, open ? Expect.ANSWERED : Expect.SIGN_IN, null));
        }
        assertThat(cells).extracting(c -> c.handler().label()).contains("GET /account/tokens", "GET /sign-in");
        var mismatches =
                cells.stream().filter(c -> !c.matches()).map(Cell::describe).toList();
        assertThat(mismatches).as(String.join("\n  ", mismatches)).isEmpty();
    }

    /** Chooses cells of the matrix. */
    interface Selection {
        boolean includes(Role role, Permission permission, Kind kind);
    }

    /** Every declared handler, for every role and, where the path names a customer, every kind of customer. */
    private List<Cell> matrix(Policy policy, Selection selection) throws Exception {
        var cells = new ArrayList<Cell>();
        for (var handler : Handlers.of(context)) {
            var permission = handler.declared(Permission.class);
            if (permission == null) {
                continue;
            }
            for (var role : Role.values()) {
                if (customerPath(handler)) {
                    for (var kind : Kind.values()) {
                        if (selection.includes(role, permission, kind)) {
                            cells.add(run(role, handler, expect(policy, role, permission, kind), kind));
                        }
                    }
                } else if (selection.includes(role, permission, null)) {
                    cells.add(run(role, handler, expect(policy, role, permission, null), null));
                }
            }
        }
        return cells;
    }

    /** The oracle: what the policy says a role may do with an endpoint, on a customer of some kind. */
    static Expect expect(Policy policy, Role role, Permission permission, Kind kind) {
        var grant = policy.grant(role, permission.area());
        if (!grant.operations().contains(permission.operation())) {
            return Expect.DENIED;
        }
        if (kind != null && (!grant.operations().contains(Operation.READ) || !reaches(grant.scope(), kind))) {
            return Expect.NOT_FOUND;
        }
        return Expect.ALLOWED;
    }

    static boolean reaches(RecordScope scope, Kind kind) {
        return switch (kind) {
            case OWN -> true;
            case TEAM -> scope != RecordScope.OWN;
            case OTHER -> scope == RecordScope.ALL;
        };
    }

    /** Sends one request as a user of a role (nobody when null) and notes the answer. */
    private Cell run(Role role, Handler handler, Expect expected, Kind kind) throws Exception {
        var actor = role == null ? null : actors.get(role);
        Target target = null;
        if (kind != null) {
            // Refused before the record is looked at: the shared records do (and show if they do not).
            target = destructive(handler) && expected != Expect.DENIED
                    ? target(kind, actor, FROM_TRASH.contains(lastSegment(handler)))
                    : switch (kind) {
                        case OWN -> own.get(role);
                        case TEAM -> team;
                        case OTHER -> other;
                    };
        }
        boolean unresolved = false;
        var path = new StringBuilder();
        var matcher = VARIABLE.matcher(handler.pattern());
        while (matcher.find()) {
            var before = handler.pattern().substring(0, matcher.start());
            var segment = before.substring(before.lastIndexOf('/', before.length() - 2) + 1, before.length() - 1);
            String value;
            if (segment.equals("customers") && target != null) {
                value = target.customerId().toString();
            } else if (segment.equals("contacts") && target != null) {
                value = target.contactId().toString();
            } else if (segment.equals("users")) {
                value = targetUser.toString();
            } else if (segment.equals("teams")) {
                value = targetTeam.toString();
            } else {
                value = UUID.randomUUID().toString();
                unresolved = true;
            }
            matcher.appendReplacement(path, value);
        }
        matcher.appendTail(path);

        var request = MockMvcRequestBuilders.request(HttpMethod.valueOf(handler.method()), path.toString())
                .locale(Locale.ENGLISH);
        if (actor != null) {
            request.with(actor.auth());
        }
        boolean write = !handler.method().equals("GET") && !handler.method().equals("HEAD");
        if (handler.api()) {
            request.accept(MediaType.APPLICATION_JSON);
            if (Set.of("POST", "PUT", "PATCH").contains(handler.method())) {
                request.contentType(MediaType.APPLICATION_JSON).content("{}");
            }
        } else {
            request.accept(MediaType.TEXT_HTML);
            if (write) {
                request.with(csrf());
            }
        }
        var params = new LinkedHashMap<String, String>();
        var method = handler.handler().getMethod();
        for (int i = 0; i < method.getParameterCount(); i++) {
            var parameter = new MethodParameter(method, i);
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            var annotation = parameter.getParameterAnnotation(RequestParam.class);
            if (annotation == null
                    || !annotation.required()
                    || !annotation.defaultValue().equals(ValueConstants.DEFAULT_NONE)) {
                continue;
            }
            var name = !annotation.name().isEmpty() ? annotation.name() : parameter.getParameterName();
            params.put(name, sample(name, parameter.getParameterType(), target));
        }
        params.forEach(request::param);

        int status;
        String detail;
        try {
            var response = mvc.perform(request).andReturn().getResponse();
            status = response.getStatus();
            var location = response.getRedirectedUrl();
            if (status / 100 == 3
                    && location != null
                    && (location.endsWith("/sign-in") || location.endsWith("/account/password"))) {
                status = 401;
            }
            detail = handler.method() + " " + path + (params.isEmpty() ? "" : " " + params)
                    + (location != null ? " -> " + location : "");
        } catch (Exception e) {
            var cause = e;
            while (cause.getCause() instanceof Exception next && next != cause) {
                cause = next;
            }
            status = 500;
            detail = handler.method() + " " + path + " threw " + cause;
        }
        return new Cell(role, handler, kind, expected, status, detail, unresolved);
    }

    /** A value for a required request parameter, valid for its type. */
    private String sample(String name, Class<?> type, Target target) throws Exception {
        if (name.equals("version") && target != null) {
            return String.valueOf(world.version(target.customerId()));
        }
        if (type.isEnum()) {
            return ((Enum<?>) type.getEnumConstants()[0]).name();
        }
        if (type == UUID.class) {
            return UUID.randomUUID().toString();
        }
        if (type == boolean.class || type == Boolean.class) {
            return "false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "0";
        }
        return SAMPLES.getOrDefault(name, "x");
    }

    /** A new customer of a kind for an actor, with a contact, in the trash if asked. */
    private Target target(Kind kind, Person actor, boolean trashed) throws Exception {
        var owner = switch (kind) {
            case OWN -> actor;
            case TEAM -> colleague;
            case OTHER -> outsider;
        };
        var created = world.customer(AccessWorld.company(
                "Matrix " + kind.name().toLowerCase() + " " + AccessWorld.letters(8), owner.id(), owner.teamId()));
        var id = UUID.fromString(created.get("id").asString());
        var contact = world.contact(id);
        if (trashed) {
            world.trash(id);
        }
        return new Target(id, contact);
    }

    private static boolean customerPath(Handler handler) {
        return Pattern.compile("/customers/\\{").matcher(handler.pattern()).find();
    }

    private static boolean destructive(Handler handler) {
        return handler.method().equals("DELETE") || DESTRUCTIVE.contains(lastSegment(handler));
    }

    private static String lastSegment(Handler handler) {
        var pattern = handler.pattern();
        return pattern.substring(pattern.lastIndexOf('/') + 1);
    }

    /** Prints the matrix once and fails listing every cell that differs from the policy. */
    private void assertMatrix(String title, List<Cell> cells) {
        var rows = new LinkedHashMap<String, Map<Role, List<Cell>>>();
        for (var cell : cells) {
            rows.computeIfAbsent(cell.handler().label(), k -> new EnumMap<>(Role.class))
                    .computeIfAbsent(cell.role(), k -> new ArrayList<>())
                    .add(cell);
        }
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(10) + 2;
        var out = new StringBuilder("\nPermission matrix, " + title + " (" + cells.size()
                + " requests; own/team/other customer where the path names one; ! = differs from the policy)\n");
        out.append(String.format("%-" + width + "s", "endpoint"));
        for (var role : Role.values()) {
            out.append(String.format("%-15s", role.name()));
        }
        out.append('\n');
        rows.forEach((label, byRole) -> {
            out.append(String.format("%-" + width + "s", label));
            for (var role : Role.values()) {
                var text = byRole.getOrDefault(role, List.of()).stream()
                        .map(c -> c.status() + (c.matches() ? "" : "!"))
                        .collect(Collectors.joining(" "));
                out.append(String.format("%-15s", text));
            }
            out.append('\n');
        });
        var errors = cells.stream()
                .filter(c -> c.status() >= 500)
                .map(Cell::describe)
                .toList();
        if (!errors.isEmpty()) {
            out.append("Server errors after access was granted (not access failures):\n  ")
                    .append(String.join("\n  ", errors))
                    .append('\n');
        }
        System.out.println(out);
        var mismatches =
                cells.stream().filter(c -> !c.matches()).map(Cell::describe).toList();
        assertThat(cells)
                .as("the matrix covers pages and API")
                .anyMatch(c -> c.handler().api())
                .anyMatch(c -> !c.handler().api());
        assertThat(mismatches)
                .as(mismatches.size() + " of " + cells.size() + " cells differ from the policy:\n  "
                        + String.join("\n  ", mismatches))
                .isEmpty();
    }
}
