package io.djangoguard.lookup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the Kubernetes API would come from, decided once at start from what fabric8 reads: an API server named in
 * configuration, a kubeconfig ({@code kubeconfig} system property, else {@code KUBECONFIG}), the pod's service
 * account, or {@code ~/.kube/config}. A kubeconfig that is named but cannot be used is an error, so the server does not
 * fall back to {@code kubernetes.default.svc} and retry it for ever.
 * <p>
 * A KUBECONFIG value is read as kubectl reads it: a list of paths separated by {@link File#pathSeparator}, empty
 * entries ignored, entries that do not exist skipped. It "does not exist" when none of its entries does. An entry that
 * exists but is not a readable file stops kubectl ("error loading config file"), and stops the server here too. An
 * empty file names no cluster (fabric8 ignores it), so a list of only empty files is refused as well.
 */
final class ClusterSource {

    /** fabric8's own system property for the kubeconfig (it wins over the environment variable). */
    static final String KUBECONFIG_PROPERTY = "kubeconfig";
    static final String KUBECONFIG_ENV = "KUBECONFIG";

    /** A usable source, described for the log line that says where the caches read from. */
    record Found(String description) {
    }

    /** A source that was named but cannot be used; the message is one line, ready for standard error. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    private final UnaryOperator<String> env;
    private final UnaryOperator<String> properties;
    private final Path home;

    ClusterSource(UnaryOperator<String> env, UnaryOperator<String> properties, Path home) {
        this.env = env;
        this.properties = properties;
        this.home = home;
    }

    static ClusterSource ofThisProcess() {
        return new ClusterSource(System::getenv, System::getProperty, Path.of(System.getProperty("user.home", ".")));
    }

    /**
     * The kubeconfig, the pod's service account or the default kubeconfig, in fabric8's order (an explicit API server
     * URL is looked at by the caller, from Quarkus' configuration); empty when nothing is configured.
     */
    Optional<Found> find() throws Unusable {
        Optional<Found> kubeconfig = kubeconfig();
        if (kubeconfig.isPresent()) {
            return kubeconfig;
        }
        if (present(env.apply("KUBERNETES_SERVICE_HOST"))) {
            return Optional.of(new Found("the pod's service account"));
        }
        Path defaultConfig = home.resolve(".kube").resolve("config");
        if (Files.isRegularFile(defaultConfig)) {
            return Optional.of(new Found("kubeconfig " + defaultConfig));
        }
        return Optional.empty();
    }

    /** The kubeconfig named by the system property or the variable, checked; empty when neither is set. */
    Optional<Found> kubeconfig() throws Unusable {
        String value = properties.apply(KUBECONFIG_PROPERTY);
        String source = "system property " + KUBECONFIG_PROPERTY;
        if (!present(value)) {
            value = env.apply(KUBECONFIG_ENV);
            source = KUBECONFIG_ENV;
        }
        if (!present(value)) {
            return Optional.empty();
        }
        List<Path> entries = entries(source, value);
        List<Path> usable = new ArrayList<>();
        for (Path entry : entries) {
            if (!Files.exists(entry)) {
                continue; // kubectl skips it
            }
            if (!Files.isRegularFile(entry)) {
                throw new Unusable(source + " names " + describe(entry.toString()) + ", which is not a file" + ADVICE);
            }
            if (!Files.isReadable(entry)) {
                throw new Unusable(source + " names " + describe(entry.toString()) + ", which cannot be read" + ADVICE);
            }
            if (size(entry) > 0) {
                usable.add(entry);
            }
        }
        if (!usable.isEmpty()) {
            return Optional.of(new Found("kubeconfig " + join(usable)));
        }
        if (entries.isEmpty()) {
            throw new Unusable(source + " is set but names no file" + ADVICE);
        }
        boolean anyExists = entries.stream().anyMatch(Files::exists);
        throw new Unusable(source + (anyExists ? " names only empty files: " : " names no file that exists: ")
                + join(entries) + ADVICE);
    }

    private static final String ADVICE = "; mount the kubeconfig there, fix the setting, or set "
            + "django-guard.cluster.enabled=false to run without cluster lookups";

    /** kubectl's reading of a KUBECONFIG value: split on the path separator, empty entries dropped, duplicates once. */
    static List<Path> entries(String source, String value) throws Unusable {
        List<Path> entries = new ArrayList<>();
        for (String part : value.split(File.pathSeparator)) {
            if (!part.isEmpty()) {
                Path p;
                try {
                    p = Path.of(part);
                } catch (java.nio.file.InvalidPathException e) {
                    throw new Unusable(source + " holds " + describe(part) + ", which is not a path" + ADVICE);
                }
                if (!entries.contains(p)) {
                    entries.add(p);
                }
            }
        }
        return entries;
    }

    /**
     * A path as it is written in the message: echoed when it looks like a path (starts with / or .) or is short, so
     * that a token pasted into KUBECONFIG by mistake is described, not printed.
     */
    static String describe(String entry) {
        boolean pathLike = entry.startsWith("/") || entry.startsWith(".");
        boolean printable = entry.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        if (printable && (pathLike || entry.length() <= 32) && entry.length() <= 512) {
            return entry;
        }
        return "an entry of " + entry.length() + " characters";
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String join(List<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(p -> describe(p.toString())).toList());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
