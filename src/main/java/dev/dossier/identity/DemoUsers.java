package dev.dossier.identity;

import java.io.IOException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** With {@code --dossier.demo=true}, creates the sample organisation's teams and users (once). */
@Component
@ConditionalOnBooleanProperty("dossier.demo")
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class DemoUsers implements ApplicationRunner {

    static final String DATA = "demo/dossier-demo.json";
    private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

    record Team(String key, String name, String nameEn, String parent) {}

    record User(String username, String displayName, String email, List<Role> roles, String team, String locale) {}

    record Data(List<Team> teams, List<User> users) {}

    private final UserManagement management;
    private final UserRepository users;
    private final UserDirectory directory;
    private final JsonMapper json;
    private final String password;

    DemoUsers(
            UserManagement management,
            UserRepository users,
            UserDirectory directory,
            JsonMapper json,
            @Value("${dossier.demo-password:dossier-demo}") String password) {
        this.management = management;
        this.users = users;
        this.directory = directory;
        this.json = json.rebuild()
                .configure(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .build();
        this.password = password;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) throws IOException {
        Data data;
        try (var in = new ClassPathResource(DATA).getInputStream()) {
            data = json.readValue(in, Data.class);
        }
        var teamIds = new HashMap<String, UUID>();
        directory.teams().forEach(t -> teamIds.put(t.name(), t.id()));
        var byKey = new HashMap<String, UUID>();
        for (var team : data.teams()) {
            var id = teamIds.get(team.name());
            if (id == null) {
                id = management.createTeam(
                        team.name(), team.parent() == null ? null : byKey.get(team.parent()), team.nameEn());
            }
            byKey.put(team.key(), id);
        }
        int created = 0;
        for (var user : data.users()) {
            if (users.findByUsername(user.username()).isPresent()) {
                continue;
            }
            management.create(
                    new UserManagement.UserDraft(
                            user.username(),
                            user.displayName(),
                            user.email(),
                            EnumSet.copyOf(user.roles()),
                            byKey.get(user.team()),
                            user.locale(),
                            true),
                    password,
                    false);
            created++;
        }
        if (created > 0) {
            log.info(
                    "Demo data: created {} teams and {} users; each signs in with the password '{}'.",
                    data.teams().size(),
                    created,
                    password);
        }
    }
}
