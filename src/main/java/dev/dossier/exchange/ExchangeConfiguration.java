package dev.dossier.exchange;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Backup and restore settings that change how the application starts. */
@Configuration(proxyBeanMethods = false)
class ExchangeConfiguration {

    /**
     * A restore from the command line migrates the empty database to the archive's schema version itself, loads the
     * data and only then migrates to the latest version; so at start-up Flyway does nothing.
     */
    @Bean
    @ConditionalOnExpression("'${dossier.restore.from:}' != ''")
    FlywayMigrationStrategy migrateLaterForRestore() {
        return flyway -> {};
    }
}
