package io.djangoguard.settings;

import java.util.Map;

/**
 * Finds the data of a ConfigMap a workload references. Implementations never block: they answer
 * from objects already in memory (the same request, a watch-backed cache).
 */
public interface ConfigMapLookup {

    Result find(String namespace, String name);

    sealed interface Result permits Found, Missing, Unavailable {
    }

    record Found(Map<String, String> data) implements Result {
    }

    /** The ConfigMap does not exist where the lookup looked ({@code where}: "in this request"). */
    record Missing(String where) implements Result {
    }

    /** Whether it exists cannot be told ({@code reason}: "the cluster could not be reached in 2s"). */
    record Unavailable(String reason) implements Result {
    }

    /**
     * The data of a Secret manifest sent in the same request (an audit), decoded; null when it is not among them.
     * Secrets are never read from the cluster, so only a request's own Secrets answer.
     */
    default Map<String, String> secret(String namespace, String name) {
        return null;
    }

    /** For a lone object with no cluster to ask: nothing can be found, nothing is known to be absent. */
    ConfigMapLookup NONE = (namespace, name) ->
            new Unavailable("could not be read: only the object itself was given and cluster lookups are off");

    /** Everything that was to be found was given: what is not there does not exist ({@code where}: "in this request"). */
    static ConfigMapLookup missingFrom(String where) {
        Missing missing = new Missing(where);
        return (namespace, name) -> missing;
    }

    /**
     * This lookup with one ConfigMap as it would be after (or before) a change: {@code data} null
     * means it does not exist then.
     */
    default ConfigMapLookup with(String namespace, String name, Map<String, String> data) {
        Result fixed = data == null ? new Missing("before this change") : new Found(data);
        return (ns, n) -> java.util.Objects.equals(name, n) && java.util.Objects.equals(namespace, ns) ? fixed : find(ns, n);
    }
}
