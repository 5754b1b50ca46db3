package io.djangoguard.settings;

/**
 * Where a variable's value came from, in words a person reading kubectl output recognises
 * ({@code env DJANGO_DEBUG}, {@code ConfigMap "shop-config" key "DEBUG"}) and as a path in the object.
 */
public record Source(Kind kind, String description, String path, String referencedName) {

    public enum Kind {
        /** A literal {@code value} in a container's env. */
        ENV_VALUE,
        /** {@code valueFrom.secretKeyRef}: the value is in a Secret and never read. */
        SECRET_KEY_REF,
        /** {@code valueFrom.configMapKeyRef}. */
        CONFIG_MAP_KEY_REF,
        /** A key of a ConfigMap brought in with {@code envFrom.configMapRef}. */
        ENV_FROM_CONFIG_MAP,
        /** {@code valueFrom.fieldRef} or {@code resourceFieldRef}: known only at run time. */
        FIELD_REF,
        /** A data key of a ConfigMap being judged. */
        CONFIG_MAP_DATA,
        /** A line of a dotenv-style data key of a ConfigMap. */
        DOTENV_LINE,
        /** A ConfigMap reference that could not be read: the value is unknown. */
        UNRESOLVED,
        /**
         * The content of the file DJANGO_SECRET_KEY_FILE names, read from the ConfigMap volume that
         * holds it. Not counted as {@link #fromConfigMap()}: the file's volume is judged, not the variable.
         */
        KEY_FILE,
        /**
         * Not set, so the application's own default (its preset's), which the strict profile takes in place of
         * Django's.
         */
        PRESET_DEFAULT,
        /**
         * A key of a Secret manifest audited with the workload (a Secret's data is never read from the cluster): read to
         * be judged, never shown, not even a harmless-looking word.
         */
        SECRET_DATA,
        /** As {@link #SECRET_DATA}, for a key a chart generates at each install (randAlphaNum): not committed. */
        SECRET_GENERATED,
        /**
         * A literal of a settings file kept in a ConfigMap ({@code settings.py}, an application's YAML): the value as Django
         * has it (a Python value in the text the readers take, lists as JSON arrays, entries untouched); raw null when
         * the file gives the setting a value that cannot be read statically.
         */
        SETTINGS_FILE,
        /**
         * A settings file's value that cannot be read statically (computed by a function, read from an environment not
         * known where the file is judged): where it is kept is not known either.
         */
        SETTINGS_FILE_UNREAD,
        /** A settings file sets the setting to None: for a header setting, no header is sent. */
        SETTINGS_FILE_NONE,
        /** A value starting with $ that names a variable the container does not set (django-environ's proxy). */
        PROXY_UNSET,
        /**
         * A list setting whose value is a $reference to a set variable: django-environ casts the referenced value and then
         * casts the list again, and Django stops at start (AttributeError: 'list' object has no attribute 'split').
         */
        PROXY_LIST_STOPS;

        public boolean fromConfigMap() {
            return this == CONFIG_MAP_KEY_REF || this == ENV_FROM_CONFIG_MAP || this == CONFIG_MAP_DATA
                    || this == DOTENV_LINE || this == SETTINGS_FILE;
        }
    }
}
