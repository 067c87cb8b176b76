package dev.dossier.identity;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Loads a user for password sign-in (pages and the token endpoint's Basic credentials). */
@Service
class DossierUserDetailsService implements UserDetailsService {

    private final UserRepository users;
    private final Clock clock;

    DossierUserDetailsService(UserRepository users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        var record = users.findByUsername(username == null ? "" : username.strip())
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
        var user = new SignedInUser(record.getId(), record.getUsername(), record.getDisplayName(),
                users.roles(record.getId()), record.getTeamId(), record.getMustChangePassword());
        boolean locked = record.getLockedUntil() != null
                && record.getLockedUntil().isAfter(OffsetDateTime.now(clock));
        return new DossierUserDetails(user, record.getPasswordHash(), record.getEnabled(), locked);
    }
}
