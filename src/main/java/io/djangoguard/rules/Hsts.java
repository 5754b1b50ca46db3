package io.djangoguard.rules;

import java.util.OptionalLong;

import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

/** What the HSTS rules share: the known max-age. */
final class Hsts {

    private Hsts() {
    }

    static OptionalLong seconds(Subject subject) {
        return subject.settings().integer(DjangoSetting.SECURE_HSTS_SECONDS);
    }

    /** Known to be on: Django tests the age for truth, so a negative age counts as on. */
    static boolean isOn(Subject subject) {
        OptionalLong s = seconds(subject);
        return s.isPresent() && s.getAsLong() != 0;
    }
}
