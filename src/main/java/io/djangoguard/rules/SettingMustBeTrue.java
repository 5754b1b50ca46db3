package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

/** The shape shared by rules that fire when a boolean setting Django wants on is known to be off. */
abstract class SettingMustBeTrue extends Rule {

    private final DjangoSetting setting;

    SettingMustBeTrue(String id, String djangoCheck, Severity severity, DjangoSetting setting, String why,
            String remediation) {
        super(id, djangoCheck, severity, setting.name() + " is false: " + why, remediation);
        this.setting = setting;
    }

    /** Whether the rule applies at all to this subject (e.g. HSTS must be on). */
    boolean applies(Subject subject) {
        return true;
    }

    @Override
    public final void check(Subject subject, Findings out) {
        if (Boolean.FALSE.equals(subject.settings().bool(setting).orElse(null)) && applies(subject)) {
            out.report(this, subject, setting, setting.name() + " is false");
        }
    }
}
