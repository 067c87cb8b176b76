package dev.dossier.identity;

import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.IdentityEvents.PermissionChanged;
import dev.dossier.identity.Policy.Grant;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Administrators change what a role may do; every change is published for the audit trail and holds at once. */
@Service
class RoleManagement {

    private final PolicyRepository policies;
    private final Access access;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final IdentityCache caches;

    RoleManagement(
            PolicyRepository policies,
            Access access,
            ApplicationEventPublisher events,
            Clock clock,
            IdentityCache caches) {
        this.policies = policies;
        this.access = access;
        this.events = events;
        this.clock = clock;
        this.caches = caches;
    }

    @Transactional
    void change(Role role, Map<Area, Grant> grants, Map<FieldGroup, FieldLevel> fields) {
        access.require(Area.USERS, Operation.EDIT);
        var problems = new ArrayList<FieldProblem>();
        if (role == Role.ADMINISTRATOR) {
            problems.add(new FieldProblem("role", "access.role.administrator-fixed"));
        }
        for (var entry : grants.entrySet()) {
            var ops = entry.getValue().operations();
            if (!ops.isEmpty() && !ops.contains(Operation.READ)) {
                problems.add(new FieldProblem("op." + entry.getKey(), "access.operations.need-read"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var before = access.policy();
        var by = CurrentUser.get().id();
        policies.save(role, grants, fields, by, OffsetDateTime.now(clock));
        for (var area : Area.values()) {
            var old = before.grant(role, area);
            var now = grants.getOrDefault(area, Grant.NONE);
            if (!old.equals(now)) {
                events.publishEvent(new PermissionChanged(role, area.name(), describe(old), describe(now), by));
            }
        }
        for (var group : FieldGroup.values()) {
            var old = before.field(role, group);
            var now = fields.getOrDefault(group, FieldLevel.HIDDEN);
            if (old != now) {
                events.publishEvent(new PermissionChanged(role, "field:" + group, old.name(), now.name(), by));
            }
        }
        caches.changed();
    }

    private static String describe(Grant grant) {
        return grant.operations().isEmpty() ? "-" : PolicyRepository.text(grant) + " / " + grant.scope();
    }

    /** The current rights of every role, for the page. */
    Map<Role, Map<Area, Grant>> grants() {
        var policy = access.policy();
        var all = new EnumMap<Role, Map<Area, Grant>>(Role.class);
        for (var role : Role.values()) {
            var map = new EnumMap<Area, Grant>(Area.class);
            for (var area : Area.values()) {
                map.put(area, policy.grant(role, area));
            }
            all.put(role, map);
        }
        return all;
    }

    Map<Role, Map<FieldGroup, FieldLevel>> fields() {
        var policy = access.policy();
        var all = new EnumMap<Role, Map<FieldGroup, FieldLevel>>(Role.class);
        for (var role : Role.values()) {
            var map = new EnumMap<FieldGroup, FieldLevel>(FieldGroup.class);
            for (var group : FieldGroup.values()) {
                map.put(group, policy.field(role, group));
            }
            all.put(role, map);
        }
        return all;
    }
}
