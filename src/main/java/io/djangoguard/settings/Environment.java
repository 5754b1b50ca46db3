package io.djangoguard.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables a container (or a ConfigMap) hands to Django, in Kubernetes precedence: later
 * envFrom sources override earlier ones and {@code env} overrides {@code envFrom}.
 */
public final class Environment {

    private final Map<String, Variable> vars = new LinkedHashMap<>();
    private final List<String> secretEnvFrom = new ArrayList<>(1);
    private final List<Reference> unresolved = new ArrayList<>(1);

    public void put(String name, String value, Source source) {
        vars.put(name, new Variable(name, value, source));
    }

    public Variable get(String name) {
        return vars.get(name);
    }

    public Collection<Variable> all() {
        return vars.values();
    }

    /** An {@code envFrom.secretRef}: its keys are unknown, its values never read. */
    public void addSecretEnvFrom(String secretName) {
        secretEnvFrom.add(secretName);
    }

    public List<String> secretEnvFrom() {
        return secretEnvFrom;
    }

    public void addUnresolved(Reference reference) {
        unresolved.add(reference);
    }

    public List<Reference> unresolved() {
        return unresolved;
    }

    /** Whether any variable marks this as Django's environment. */
    public boolean mentionsDjango() {
        for (String name : vars.keySet()) {
            if (name.startsWith("DJANGO_")) {
                return true;
            }
        }
        return false;
    }
}
