package dev.dossier.identity;

import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** What every role may do, as the administrators set it: an immutable snapshot the access engine decides with. */
record Policy(Map<Role, Map<Area, Grant>> grants, Map<Role, Map<FieldGroup, FieldLevel>> fields) {

    /**
     * A role's rights in one area.
     *
     * @param operations what it may do
     * @param scope which records it reaches
     */
    record Grant(Set<Operation> operations, RecordScope scope) {

        static final Grant NONE = new Grant(Set.of(), RecordScope.OWN);

        Grant {
            operations = operations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(operations));
        }
    }

    Grant grant(Role role, Area area) {
        if (role == Role.ADMINISTRATOR) {
            return new Grant(EnumSet.allOf(Operation.class), RecordScope.ALL);
        }
        return grants.getOrDefault(role, Map.of()).getOrDefault(area, Grant.NONE);
    }

    FieldLevel field(Role role, FieldGroup group) {
        if (role == Role.ADMINISTRATOR) {
            return FieldLevel.EDIT;
        }
        return fields.getOrDefault(role, Map.of()).getOrDefault(group, FieldLevel.HIDDEN);
    }

    /** The union of several roles' rights in an area: every operation any of them has, the widest scope. */
    Grant grant(Set<Role> roles, Area area) {
        var operations = EnumSet.noneOf(Operation.class);
        RecordScope scope = null;
        for (var role : roles) {
            var grant = grant(role, area);
            if (grant.operations().isEmpty()) {
                continue;
            }
            operations.addAll(grant.operations());
            scope = scope == null ? grant.scope() : scope.max(grant.scope());
        }
        return operations.isEmpty() ? Grant.NONE : new Grant(operations, scope);
    }

    FieldLevel field(Set<Role> roles, FieldGroup group) {
        var level = FieldLevel.HIDDEN;
        for (var role : roles) {
            level = level.max(field(role, group));
        }
        return level;
    }

    /** The rights a new installation starts with. */
    static Policy defaults() {
        var grants = new EnumMap<Role, Map<Area, Grant>>(Role.class);
        var fields = new EnumMap<Role, Map<FieldGroup, FieldLevel>>(Role.class);
        var all = EnumSet.allOf(Operation.class);
        for (var role : Role.values()) {
            grants.put(role, new EnumMap<>(Area.class));
            fields.put(role, new EnumMap<>(FieldGroup.class));
        }
        for (var area : Area.values()) {
            grants.get(Role.ADMINISTRATOR).put(area, new Grant(all, RecordScope.ALL));
        }
        grants.get(Role.MANAGER)
                .put(
                        Area.CUSTOMERS,
                        new Grant(
                                EnumSet.of(
                                        Operation.READ,
                                        Operation.CREATE,
                                        Operation.EDIT,
                                        Operation.DELETE,
                                        Operation.EXPORT,
                                        Operation.IMPORT),
                                RecordScope.ALL));
        grants.get(Role.MANAGER)
                .put(
                        Area.PRIVACY,
                        new Grant(
                                EnumSet.of(
                                        Operation.READ,
                                        Operation.CREATE,
                                        Operation.EDIT,
                                        Operation.DELETE,
                                        Operation.EXPORT),
                                RecordScope.ALL));
        grants.get(Role.SALES)
                .put(
                        Area.CUSTOMERS,
                        new Grant(
                                EnumSet.of(Operation.READ, Operation.CREATE, Operation.EDIT, Operation.DELETE),
                                RecordScope.OWN));
        grants.get(Role.SERVICE)
                .put(Area.CUSTOMERS, new Grant(EnumSet.of(Operation.READ, Operation.EDIT), RecordScope.ALL));
        grants.get(Role.FINANCE)
                .put(Area.CUSTOMERS, new Grant(EnumSet.of(Operation.READ, Operation.EXPORT), RecordScope.ALL));
        grants.get(Role.AUDITOR).put(Area.CUSTOMERS, new Grant(EnumSet.of(Operation.READ), RecordScope.ALL));
        grants.get(Role.AUDITOR)
                .put(Area.AUDIT, new Grant(EnumSet.of(Operation.READ, Operation.EXPORT), RecordScope.ALL));
        var work = EnumSet.of(Operation.READ, Operation.CREATE, Operation.EDIT, Operation.DELETE);
        var managing = EnumSet.of(Operation.READ, Operation.CREATE, Operation.EDIT, Operation.DELETE, Operation.EXPORT);
        for (var area : java.util.List.of(Area.INTERACTIONS, Area.NOTES, Area.TASKS)) {
            grants.get(Role.MANAGER).put(area, new Grant(managing, RecordScope.ALL));
            grants.get(Role.SALES).put(area, new Grant(work, RecordScope.OWN));
            grants.get(Role.SERVICE).put(area, new Grant(work, RecordScope.TEAM));
            grants.get(Role.FINANCE).put(area, new Grant(EnumSet.of(Operation.READ), RecordScope.ALL));
            grants.get(Role.AUDITOR)
                    .put(area, new Grant(EnumSet.of(Operation.READ, Operation.EXPORT), RecordScope.ALL));
        }
        // Managers bring in the history of an old system, as they bring in its customers.
        var importing = EnumSet.copyOf(managing);
        importing.add(Operation.IMPORT);
        grants.get(Role.MANAGER).put(Area.INTERACTIONS, new Grant(importing, RecordScope.ALL));
        var readOnly = EnumSet.of(Operation.READ);
        for (var role : java.util.List.of(Role.SALES, Role.SERVICE, Role.FINANCE, Role.AUDITOR)) {
            grants.get(role).put(Area.PRODUCTS, new Grant(readOnly, RecordScope.ALL));
        }
        grants.get(Role.MANAGER).put(Area.PRODUCTS, new Grant(managing, RecordScope.ALL));
        // Service desks work every customer's cases; sellers the cases of the customers they own.
        grants.get(Role.MANAGER).put(Area.CASES, new Grant(managing, RecordScope.ALL));
        grants.get(Role.SERVICE).put(Area.CASES, new Grant(work, RecordScope.ALL));
        grants.get(Role.SALES)
                .put(
                        Area.CASES,
                        new Grant(EnumSet.of(Operation.READ, Operation.CREATE, Operation.EDIT), RecordScope.OWN));
        grants.get(Role.FINANCE).put(Area.CASES, new Grant(readOnly, RecordScope.ALL));
        grants.get(Role.AUDITOR)
                .put(Area.CASES, new Grant(EnumSet.of(Operation.READ, Operation.EXPORT), RecordScope.ALL));
        grants.get(Role.MANAGER).put(Area.PROBLEMS, new Grant(managing, RecordScope.ALL));
        grants.get(Role.SERVICE).put(Area.PROBLEMS, new Grant(work, RecordScope.ALL));
        grants.get(Role.SALES).put(Area.PROBLEMS, new Grant(readOnly, RecordScope.ALL));
        grants.get(Role.AUDITOR).put(Area.PROBLEMS, new Grant(readOnly, RecordScope.ALL));
        // Managers review duplicates and scan for them; sellers review those among their own customers.
        grants.get(Role.MANAGER)
                .put(
                        Area.QUALITY,
                        new Grant(EnumSet.of(Operation.READ, Operation.CREATE, Operation.EDIT), RecordScope.ALL));
        grants.get(Role.SALES)
                .put(Area.QUALITY, new Grant(EnumSet.of(Operation.READ, Operation.EDIT), RecordScope.OWN));
        grants.get(Role.AUDITOR).put(Area.QUALITY, new Grant(readOnly, RecordScope.ALL));
        levels(fields, Role.ADMINISTRATOR, "EDIT EDIT EDIT EDIT EDIT");
        levels(fields, Role.MANAGER, "EDIT EDIT EDIT REVEAL READ");
        levels(fields, Role.SALES, "EDIT EDIT EDIT MASKED HIDDEN");
        levels(fields, Role.SERVICE, "EDIT REVEAL READ MASKED HIDDEN");
        levels(fields, Role.FINANCE, "READ HIDDEN HIDDEN HIDDEN EDIT");
        levels(fields, Role.AUDITOR, "READ MASKED READ MASKED MASKED");
        return new Policy(grants, fields);
    }

    /** Levels of BASIC, CONTACT, ADDRESS, IDENTITY and FINANCIAL, in that order. */
    private static void levels(Map<Role, Map<FieldGroup, FieldLevel>> fields, Role role, String levels) {
        var values = levels.split(" ");
        for (var group : FieldGroup.values()) {
            fields.get(role).put(group, FieldLevel.valueOf(values[group.ordinal()]));
        }
    }
}
