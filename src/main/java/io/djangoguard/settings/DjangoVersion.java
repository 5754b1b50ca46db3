package io.djangoguard.settings;

import java.util.Locale;

/**
 * Which Django and django-environ read the values: they differ in small ways that decide findings (a padded
 * {@code " true"} is True from django-environ 0.10 on and False before). The current LTS pair by default; the pair
 * Debian 12 ships as an option (configuration, or an object's {@code django-guard.io/django-version}).
 */
public enum DjangoVersion {
    /** Django 5.2 LTS with django-environ 0.12. */
    DJANGO_5_2("5.2", 502, "Django 5.2 with django-environ 0.12", true),
    /** Django 3.2 with django-environ 0.4.4, as Debian 12 ships them. */
    DJANGO_3_2("3.2", 302, "Django 3.2 with django-environ 0.4.4", false);

    /** The annotation an object (or its namespace, as a label) chooses the reading with. */
    public static final String KEY = "django-guard.io/django-version";

    private final String id;
    private final int number;
    private final String description;
    /** django-environ 0.10 and later: booleans stripped, an empty value asked for with default=None is None. */
    private final boolean environ010;

    DjangoVersion(String id, int number, String description, boolean environ010) {
        this.id = id;
        this.number = number;
        this.description = description;
        this.environ010 = environ010;
    }

    /** major * 100 + minor: 502 for 5.2. */
    public int number() {
        return number;
    }

    /**
     * django-environ 0.10 and later give None for an empty value asked for with {@code default=None}: an application that
     * reads a setting only when its variable has a value ({@code env.str(NAME, default=None)}) keeps its default.
     */
    public boolean emptyIsUnset() {
        return environ010;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** django-environ 0.10 and later strip a value before its true/false test. */
    public boolean stripsBooleans() {
        return environ010;
    }

    /** The version named {@code 5.2} or {@code 3.2} (a leading "django-" allowed), or null. */
    public static DjangoVersion fromId(String id) {
        if (id == null) {
            return null;
        }
        String v = id.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("django-")) {
            v = v.substring("django-".length());
        }
        for (DjangoVersion d : values()) {
            if (d.id.equals(v)) {
                return d;
            }
        }
        return null;
    }
}
