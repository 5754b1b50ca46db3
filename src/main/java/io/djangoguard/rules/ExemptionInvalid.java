package io.djangoguard.rules;

import io.djangoguard.engine.Exemptions;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;

/**
 * An exemption django-guard cannot honour. Deny: an exemption without a reason is the unexplained switch-off the
 * annotation exists to prevent, and one naming an unknown rule is usually a typo that would leave the rule on while its
 * author believes it off. The engine reports it from the object's annotations ({@link Exemptions}); it judges no
 * setting, so {@link #check} reports nothing.
 */
final class ExemptionInvalid extends Rule {

    ExemptionInvalid() {
        super(Exemptions.INVALID, null, Severity.DENY,
                "the annotation " + Exemptions.RULES + " exempts a rule without the annotation " + Exemptions.REASON
                        + ", names a rule that does not exist, or names one configuration forbids exempting",
                "give the reason in the annotation " + Exemptions.REASON + ", name rules by their ids (see the rules "
                        + "table), and fix what a rule that cannot be exempted reports instead of exempting it");
    }

    @Override
    public void check(Subject subject, Findings out) {
        // reported by the engine from the object's and its namespace's annotations
    }
}
