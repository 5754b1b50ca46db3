package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.Reference;

final class ReferenceUnresolved extends Rule {

    ReferenceUnresolved() {
        super("reference-unresolved", null, Severity.WARN,
                "a required ConfigMap reference could not be read, so the settings it carries were not checked",
                "create the ConfigMap (or send it with the workload to /audit), fix the reference's name, or mark it optional: true");
    }

    @Override
    public Finding.Kind kind() {
        return Finding.Kind.ERROR;
    }

    @Override
    public void check(Subject subject, Findings out) {
        for (Reference ref : subject.settings().environment().unresolved()) {
            // django-guard.cluster.fail-mode=deny: what cannot be checked for want of the API is refused.
            Severity severity = ref.unreachable() && out.policy().denyWhenUnreachable() ? Severity.DENY
                    : out.policy().severityOf(this);
            out.report(this, subject, null, ref.path(),
                    ref.kind() + " \"" + ref.name() + "\" could not be read; its settings were not checked",
                    ref.describe() + "; its settings were not checked", severity);
        }
    }
}
