package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * One finding per ConfigMap that could not be read, however many variables name it, listing what was not checked:
     * the whole ConfigMap for an {@code envFrom}, else its keys.
     */
    @Override
    public void check(Subject subject, Findings out) {
        Map<String, List<Reference>> byConfigMap = new LinkedHashMap<>();
        for (Reference ref : subject.settings().environment().unresolved()) {
            byConfigMap.computeIfAbsent(ref.kind() + "/" + ref.namespace() + "/" + ref.name(), k -> new ArrayList<>()).add(ref);
        }
        for (List<Reference> refs : byConfigMap.values()) {
            Reference first = refs.get(0);
            boolean unreachable = refs.stream().anyMatch(Reference::unreachable);
            // django-guard.cluster.fail-mode=deny: what cannot be checked for want of the API is refused.
            Severity severity = unreachable && out.policy().denyWhenUnreachable() ? Severity.DENY : out.policy().severityOf(this);
            List<String> keys = new ArrayList<>();
            boolean whole = false;
            for (Reference r : refs) {
                if (r.key() == null) {
                    whole = true;
                } else if (!keys.contains(r.key())) {
                    keys.add(r.key());
                }
            }
            String notChecked = whole ? "all its keys (envFrom)" : (keys.size() == 1 ? "key " : "keys ")
                    + String.join(", ", keys.stream().map(k -> "\"" + k + "\"").toList());
            out.report(this, subject, null, first.path(),
                    first.kind() + " \"" + first.name() + "\" could not be read; its settings were not checked",
                    first.kind() + " \"" + first.name() + "\"" + (refs.size() == 1 ? " (" + first.path() + ")" : "") + " "
                            + first.reason() + "; not checked: " + notChecked, severity);
        }
    }
}
