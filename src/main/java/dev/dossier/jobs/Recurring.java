package dev.dossier.jobs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of a bean a recurring background job of the {@link JobScheduler}: however many instances share the
 * database, one of them runs it at each due time. The method takes no arguments; what it returns is ignored, what it
 * throws is logged and the run is tried again. Give exactly one of {@link #fixedDelay()} and {@link #cron()}; both
 * may hold {@code ${…}} placeholders.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Recurring {

    /** The job's name in the shared schedule: unique, and kept across releases (a new name is a new job). */
    String name();

    /** The pause between the end of one run and the next, as {@code 5s}, {@code 15m} or {@code PT5M}. */
    String fixedDelay() default "";

    /** A six-field cron expression (second first) in the server's time zone; {@code -} turns the job off. */
    String cron() default "";
}
