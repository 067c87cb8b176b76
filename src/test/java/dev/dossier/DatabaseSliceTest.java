package dev.dossier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jooq.test.autoconfigure.JooqTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test of queries and writes against a real database migrated by Flyway, with jOOQ and transactions but none of the
 * application's beans: a slice that starts in a second or two, where {@link DossierTest} starts the whole
 * application. H2 by default, PostgreSQL in the build's second pass (see {@link TestDatabase}); each test runs in a
 * transaction rolled back at its end.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("database")
@JooqTest(properties = "spring.main.banner-mode=off")
@ImportAutoConfiguration(FlywayAutoConfiguration.class)
@ContextConfiguration(initializers = TestDatabase.class)
public @interface DatabaseSliceTest {}
