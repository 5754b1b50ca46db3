package io.djangoguard.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a key of {@link DjangoGuardConfig} means, for a person: its row of the README's configuration table
 * ({@link ConfigTable}). {@code {settings}} and {@code {error-rules}} are replaced by the settings and the error rules
 * of the catalog, so that the table names them all without a list to keep in step.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Meaning {

    /** Markdown, one line. */
    String value();

    /** The key as shown when it is not the method's own name, e.g. {@code severity.<rule-id>} for a map. */
    String key() default "";

    /** The default column of a key without {@code @WithDefault}. */
    String unset() default "";
}
