package dev.dossier;

import dev.dossier.support.TestClockConfiguration;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test of the whole application against a real database: H2 by default, PostgreSQL when the build runs the
 * database tests again with {@code -Ddossier.test.db=postgresql} (see {@link TestDatabase}). Its clock is the
 * {@link dev.dossier.support.TestClock}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("database")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dossier.admin-password=admin-password-1",
            "spring.main.banner-mode=off",
            // Every test signs in from 127.0.0.1: the per-address limit is tested on its own.
            "dossier.security.max-failures-per-address=1000",
            // Many API calls from 127.0.0.1 with a few tokens: the rate limits are tested on their own.
            "dossier.api.rate-limit.per-token=1000000",
            "dossier.api.rate-limit.per-address=1000000",
            // Tests start the scans for duplicates they wait for; none starts by itself with the server.
            "dossier.quality.initial-scan=false"
        })
@ContextConfiguration(initializers = TestDatabase.class)
@Import(TestClockConfiguration.class)
public @interface DossierTest {}
