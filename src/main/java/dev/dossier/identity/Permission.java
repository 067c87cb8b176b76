package dev.dossier.identity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a page or API handler needs. Every handler in Dossier carries this, {@link SelfService} or
 * {@link PublicEndpoint}; the access engine refuses to run a handler that carries none, so a new endpoint cannot
 * be reachable by accident. Checks on individual records and fields happen where the records are read.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Permission {

    Access.Area area();

    Access.Operation operation();

    /** Handlers for any signed-in user acting on their own account, tokens or settings. */
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @interface SelfService {}

    /** Handlers open to anyone, signed in or not (the sign-in page, public forms). */
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @interface PublicEndpoint {}
}
