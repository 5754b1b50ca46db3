package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.SettingValue;

/** A value that cannot be read is an error, never a pass: Django would read something else, or crash. */
final class InvalidSettingValue extends Rule {

    InvalidSettingValue() {
        super("invalid-setting-value", null, Severity.DENY,
                "a value cannot be read as meant: an integer that does not parse, a negative age, a boolean spelled in no known way, "
                        + "a list entry with spaces or JSON around it (Django compares entries exactly), a $reference to an unset variable",
                "write booleans as True or False, ages as whole non-negative seconds, lists as a,b with nothing around the commas, "
                        + "and a value starting with $ only to name another variable that is set");
    }

    @Override
    public Finding.Kind kind() {
        return Finding.Kind.ERROR;
    }

    @Override
    public void check(Subject subject, Findings out) {
        for (DjangoSetting setting : DjangoSetting.values()) {
            if (!setting.knownTo(subject.settings().version())) {
                continue; // that Django ignores the variable
            }
            String problem = subject.settings().problem(setting);
            if (problem != null) {
                SettingValue v = subject.settings().declared(setting);
                out.report(this, subject, setting.name(), v.source().path(),
                        v.variable() + " " + problem, v.describe() + " " + problem);
            }
        }
    }
}
