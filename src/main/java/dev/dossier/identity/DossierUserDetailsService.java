package dev.dossier.identity;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Loads a user for password sign-in (pages and the token endpoint's Basic credentials). A name that belongs to no
 * account but has failed as often as locks an account is answered as a locked account, so that a lockout does not
 * tell which names exist.
 */
@Service
class DossierUserDetailsService implements UserDetailsService {

    private final UserRepository users;
    private final Clock clock;

    DossierUserDetailsService(UserRepository users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    private static final UUID NOBODY = new UUID(0, 0);

    @Override
    public UserDetails loadUserByUsername(String username) {
        var name = username == null ? "" : username.strip();
        var found = users.findByUsername(name);
        if (found.isEmpty() && users.unknownLocked(name, OffsetDateTime.now(clock))) {
            // Locked before any password is compared, exactly like a locked account.
            return new DossierUserDetails(
                    new SignedInUser(NOBODY, name, name, Set.of(), null, false), null, true, true);
        }
        var record = found.orElseThrow(() -> new UsernameNotFoundException("No such user"));
        var user = new SignedInUser(
                record.getId(),
                record.getUsername(),
                record.getDisplayName(),
                users.roles(record.getId()),
                record.getTeamId(),
                record.getMustChangePassword());
        boolean locked =
                record.getLockedUntil() != null && record.getLockedUntil().isAfter(OffsetDateTime.now(clock));
        return new DossierUserDetails(user, record.getPasswordHash(), record.getEnabled(), locked);
    }
}
