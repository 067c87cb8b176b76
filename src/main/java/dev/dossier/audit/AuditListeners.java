package dev.dossier.audit;

import dev.dossier.customers.CustomerEvents.CustomerChanged;
import dev.dossier.customers.CustomerEvents.CustomerPurged;
import dev.dossier.customers.CustomerEvents.CustomerRegistered;
import dev.dossier.customers.CustomerEvents.CustomerRestored;
import dev.dossier.customers.CustomerEvents.CustomerTrashed;
import dev.dossier.customers.CustomerEvents.CustomersImported;
import dev.dossier.customers.CustomerEvents.LifecycleStageChanged;
import dev.dossier.identity.IdentityEvents.PermissionChanged;
import dev.dossier.identity.IdentityEvents.RecordShared;
import dev.dossier.identity.IdentityEvents.RolesChanged;
import dev.dossier.shared.AccessEvents.DataExported;
import dev.dossier.shared.AccessEvents.DataImported;
import dev.dossier.shared.AccessEvents.SensitiveRecordViewed;
import dev.dossier.shared.AccessEvents.SensitiveValueRevealed;
import java.util.Collection;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureDisabledEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Turns what happens elsewhere into entries. Sign-ins are appended as they happen; the other modules' events after
 * their transaction commits, through the event publication registry, so none is lost to a crash. A new kind of
 * event is one more method here.
 */
@Component
class AuditListeners {

    private final AuditTrail trail;
    private final dev.dossier.identity.UserDirectory directory;

    AuditListeners(AuditTrail trail, dev.dossier.identity.UserDirectory directory) {
        this.trail = trail;
        this.directory = directory;
    }

    // Sign-ins

    @EventListener
    void on(AuthenticationSuccessEvent event) {
        var authentication = event.getAuthentication();
        var username = username(authentication);
        var user = username == null ? null : directory.userByUsername(username).orElse(null);
        trail.append(AuditRecord.of("sign-in.succeeded")
                .by(user == null ? null : user.id(), user == null ? username : user.displayName())
                .from(address(authentication))
                .about("user", user == null ? null : user.id())
                .with("username", username));
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent event) {
        var authentication = event.getAuthentication();
        var username = username(authentication);
        var user = username == null ? null : directory.userByUsername(username).orElse(null);
        var reason = switch (event) {
            case AuthenticationFailureBadCredentialsEvent e -> "bad-credentials";
            case AuthenticationFailureLockedEvent e -> "locked";
            case AuthenticationFailureDisabledEvent e -> "disabled";
            default -> "other";
        };
        // Whoever tried is no proven user: no actor id, only the name they typed.
        trail.append(AuditRecord.of("sign-in.failed")
                .by(null, username)
                .from(address(authentication))
                .about("user", user == null ? null : user.id())
                .with("username", username)
                .with("reason", reason));
    }

    // Customers

    @EventListener
    void on(CustomerRegistered event) {
        trail.append(AuditRecord.of("customer.registered")
                .by(event.byUserId())
                .about("customer", event.customerId())
                .changes(event.values()));
    }

    @EventListener
    void on(CustomerChanged event) {
        trail.append(AuditRecord.of("customer.changed")
                .by(event.byUserId())
                .about("customer", event.customerId())
                .changes(event.changes()));
    }

    @EventListener
    void on(LifecycleStageChanged event) {
        trail.append(AuditRecord.of("customer.stage-changed")
                .by(event.byUserId())
                .about("customer", event.customerId())
                .with("from", event.from() == null ? null : event.from().name())
                .with("to", event.to().name()));
    }

    @EventListener
    void on(CustomerTrashed event) {
        trail.append(AuditRecord.of("customer.trashed").by(event.byUserId()).about("customer", event.customerId()));
    }

    @EventListener
    void on(CustomerRestored event) {
        trail.append(AuditRecord.of("customer.restored").by(event.byUserId()).about("customer", event.customerId()));
    }

    @EventListener
    void on(CustomerPurged event) {
        trail.append(AuditRecord.of("customer.purged").by(event.byUserId()).about("customer", event.customerId()));
    }

    // Users, roles, permissions and sharing

    @EventListener
    void on(RolesChanged event) {
        trail.append(AuditRecord.of("user.roles-changed")
                .by(event.byUserId())
                .about("user", event.userId())
                .with("before", names(event.before()))
                .with("after", names(event.after())));
    }

    @EventListener
    void on(PermissionChanged event) {
        trail.append(AuditRecord.of("role.permission-changed")
                .by(event.byUserId())
                .with("role", event.role().name())
                .with("setting", event.setting())
                .with("before", event.before())
                .with("after", event.after()));
    }

    @EventListener
    void on(RecordShared event) {
        trail.append(AuditRecord.of(event.granted() ? "record.shared" : "record.unshared")
                .by(event.byUserId())
                .about(event.recordType(), event.recordId())
                .with("withUser", name(event.withUserId()))
                .with(
                        "withTeam",
                        event.withTeamId() == null
                                ? null
                                : directory
                                        .team(event.withTeamId())
                                        .map(t -> t.name())
                                        .orElse(event.withTeamId().toString())));
    }

    @EventListener
    void on(dev.dossier.identity.IdentityEvents.SecondFactorVerified event) {
        trail.append(AuditRecord.of("sign-in.second-factor")
                .by(event.userId())
                .about("user", event.userId())
                .with("method", event.method()));
    }

    @EventListener
    void on(dev.dossier.identity.IdentityEvents.SecondFactorFailed event) {
        trail.append(AuditRecord.of("sign-in.second-factor-failed")
                .about("user", event.userId())
                .with("reason", event.reason())
                .with("locked", Boolean.toString(event.locked())));
    }

    @EventListener
    void on(dev.dossier.identity.IdentityEvents.SecondFactorEnabled event) {
        trail.append(
                AuditRecord.of("user.second-factor-enabled").by(event.userId()).about("user", event.userId()));
    }

    @EventListener
    void on(dev.dossier.identity.IdentityEvents.SecondFactorDisabled event) {
        trail.append(AuditRecord.of("user.second-factor-disabled")
                .by(event.byUserId())
                .about("user", event.userId()));
    }

    @EventListener
    void on(dev.dossier.identity.IdentityEvents.SignInPolicyChanged event) {
        trail.append(AuditRecord.of("sign-in.policy-changed")
                .by(event.byUserId())
                .with("setting", event.setting())
                .with("before", event.before())
                .with("after", event.after()));
    }

    @EventListener
    void on(dev.dossier.privacy.PrivacyEvents.CustomerErased event) {
        trail.append(AuditRecord.of("customer.erased")
                .by(event.byUserId())
                .about("customer", event.customerId())
                .with("cause", event.cause()));
    }

    @EventListener
    void on(dev.dossier.privacy.PrivacyEvents.SubjectRequestMoved event) {
        trail.append(AuditRecord.of("privacy.request-moved")
                .by(event.byUserId())
                .about("privacy-request", event.requestId())
                .with("kind", event.kind())
                .with("status", event.status()));
    }

    // Accesses

    @EventListener
    void on(SensitiveValueRevealed event) {
        trail.append(AuditRecord.of("value.revealed")
                .by(event.byUserId())
                .about(event.subject())
                .with("field", event.field()));
    }

    @EventListener
    void on(SensitiveRecordViewed event) {
        trail.append(AuditRecord.of("record.viewed").by(event.byUserId()).about(event.subject()));
    }

    @EventListener
    void on(DataExported event) {
        trail.append(AuditRecord.of("data.exported")
                .by(event.byUserId())
                .with("kind", event.kind())
                .with("rows", event.rows())
                .with("description", event.description()));
    }

    @EventListener
    void on(DataImported event) {
        trail.append(AuditRecord.of("data.imported")
                .by(event.byUserId())
                .about("import", event.importId())
                .with("kind", event.kind())
                .with("file", event.fileName())
                .with("sha256", event.fileHash())
                .with("state", event.state())
                .with("description", event.description()));
    }

    @EventListener
    void on(dev.dossier.interactions.InteractionEvents.InteractionsImported event) {
        trail.append(AuditRecord.of("interactions.imported")
                .by(event.byUserId())
                .about("import", event.importId())
                .with("logged", event.logged().size())
                .with("changed", event.changed().size()));
    }

    @EventListener
    void on(CustomersImported event) {
        trail.append(AuditRecord.of("customers.imported")
                .by(event.byUserId())
                .about("import", event.importId())
                .with("count", event.customerIds().size()));
    }

    private String name(UUID userId) {
        return userId == null
                ? null
                : directory.user(userId).map(u -> u.displayName()).orElse(userId.toString());
    }

    private static String names(Collection<? extends Enum<?>> values) {
        return values.stream()
                .map(Enum::name)
                .sorted()
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
    }

    private static String username(Authentication authentication) {
        if (authentication == null) {
            return null;
        }
        return switch (authentication.getPrincipal()) {
            case UserDetails details -> details.getUsername();
            case String name -> name.length() > 64 ? name.substring(0, 64) : name;
            case null, default -> authentication.getName();
        };
    }

    private static String address(Authentication authentication) {
        return authentication != null && authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : null;
    }
}
