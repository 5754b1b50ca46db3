package io.djangoguard.settings;

/**
 * Where a variable's value came from, in words a person reading kubectl output recognises
 * ({@code env DJANGO_DEBUG}, {@code ConfigMap "shop-config" key "DEBUG"}) and as a path in the object.
 */
public record Source(Kind kind, String description, String path, String referencedName) {

    public enum Kind {
        /** A literal {@code value} in a container's env. */
        ENV_VALUE(true),
        /** {@code valueFrom.secretKeyRef}: the value is in a Secret and never read. */
        SECRET_KEY_REF(false),
        /** {@code valueFrom.configMapKeyRef}. */
        CONFIG_MAP_KEY_REF(true),
        /** A key of a ConfigMap brought in with {@code envFrom.configMapRef}. */
        ENV_FROM_CONFIG_MAP(true),
        /** {@code valueFrom.fieldRef} or {@code resourceFieldRef}: known only at run time. */
        FIELD_REF(false),
        /** A data key of a ConfigMap being judged. */
        CONFIG_MAP_DATA(true),
        /** A line of a dotenv-style data key of a ConfigMap. */
        DOTENV_LINE(true),
        /** A ConfigMap reference that could not be read: the value is unknown. */
        UNRESOLVED(false),
        /** Not in the manifest: Django's global default (strict profile). */
        DJANGO_DEFAULT(true);

        private final boolean visible;

        Kind(boolean visible) {
            this.visible = visible;
        }

        /** Whether django-guard can see the value. */
        public boolean visible() {
            return visible;
        }

        public boolean fromConfigMap() {
            return this == CONFIG_MAP_KEY_REF || this == ENV_FROM_CONFIG_MAP || this == CONFIG_MAP_DATA
                    || this == DOTENV_LINE;
        }
    }
}
