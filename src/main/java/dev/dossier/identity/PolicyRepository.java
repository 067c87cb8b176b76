package dev.dossier.identity;

import static dev.dossier.db.Tables.ROLE_FIELD_ACCESS;
import static dev.dossier.db.Tables.ROLE_PERMISSION;

import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.Policy.Grant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * Roles' rights as stored. A role with no stored rows has the defaults of a new installation, so nothing needs
 * seeding and an empty database stays empty until an administrator changes something.
 */
@Repository
class PolicyRepository {

    private final DSLContext db;

    PolicyRepository(DSLContext db) {
        this.db = db;
    }

    Policy load() {
        var defaults = Policy.defaults();
        var grants = new EnumMap<Role, Map<Area, Grant>>(Role.class);
        var fields = new EnumMap<Role, Map<FieldGroup, FieldLevel>>(Role.class);
        defaults.grants().forEach((role, map) -> grants.put(role, new EnumMap<>(map)));
        defaults.fields().forEach((role, map) -> fields.put(role, new EnumMap<>(map)));
        var storedGrants = db.selectFrom(ROLE_PERMISSION).fetch();
        var rolesWithGrants = EnumSet.noneOf(Role.class);
        for (var row : storedGrants) {
            var role = Role.valueOf(row.getRole());
            if (rolesWithGrants.add(role)) {
                grants.put(role, new EnumMap<>(Area.class));
            }
            grants.get(role)
                    .put(
                            Area.valueOf(row.getArea()),
                            new Grant(operations(row.getOperations()), RecordScope.valueOf(row.getRecordScope())));
        }
        for (var row : db.selectFrom(ROLE_FIELD_ACCESS).fetch()) {
            fields.get(Role.valueOf(row.getRole()))
                    .put(FieldGroup.valueOf(row.getFieldGroup()), FieldLevel.valueOf(row.getAccessLevel()));
        }
        return new Policy(grants, fields);
    }

    /** Stores every right of one role, replacing what was there. */
    void save(Role role, Map<Area, Grant> grants, Map<FieldGroup, FieldLevel> fields, UUID by, OffsetDateTime at) {
        db.deleteFrom(ROLE_PERMISSION)
                .where(ROLE_PERMISSION.ROLE.eq(role.name()))
                .execute();
        db.deleteFrom(ROLE_FIELD_ACCESS)
                .where(ROLE_FIELD_ACCESS.ROLE.eq(role.name()))
                .execute();
        var insertGrants = db.insertInto(
                ROLE_PERMISSION,
                ROLE_PERMISSION.ROLE,
                ROLE_PERMISSION.AREA,
                ROLE_PERMISSION.OPERATIONS,
                ROLE_PERMISSION.RECORD_SCOPE,
                ROLE_PERMISSION.UPDATED_AT,
                ROLE_PERMISSION.UPDATED_BY);
        for (var area : Area.values()) {
            var grant = grants.getOrDefault(area, Grant.NONE);
            insertGrants = insertGrants.values(
                    role.name(), area.name(), text(grant), grant.scope().name(), at, by);
        }
        insertGrants.execute();
        var insertFields = db.insertInto(
                ROLE_FIELD_ACCESS,
                ROLE_FIELD_ACCESS.ROLE,
                ROLE_FIELD_ACCESS.FIELD_GROUP,
                ROLE_FIELD_ACCESS.ACCESS_LEVEL,
                ROLE_FIELD_ACCESS.UPDATED_AT,
                ROLE_FIELD_ACCESS.UPDATED_BY);
        for (var group : FieldGroup.values()) {
            insertFields = insertFields.values(
                    role.name(),
                    group.name(),
                    fields.getOrDefault(group, FieldLevel.HIDDEN).name(),
                    at,
                    by);
        }
        insertFields.execute();
    }

    static String text(Grant grant) {
        return grant.operations().stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    private static EnumSet<Operation> operations(String text) {
        var set = EnumSet.noneOf(Operation.class);
        if (text != null && !text.isBlank()) {
            Arrays.stream(text.split(","))
                    .map(String::strip)
                    .map(Operation::valueOf)
                    .forEach(set::add);
        }
        return set;
    }
}
