package io.djangoguard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.djangoguard.audit.Auditor;
import io.djangoguard.audit.ManifestReader;
import io.djangoguard.audit.UnreadableManifest;
import io.djangoguard.config.EngineFactory;
import io.djangoguard.config.RefusedConfiguration;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Profile;
import io.djangoguard.report.AuditReport;
import io.djangoguard.report.ReportFormat;

/**
 * {@code django-guard audit [--profile P] [--format F] FILE|DIR|- ...}: the dry-run audit for CI.
 * Runs the same engine as the server without starting one (no port, no cluster, no network), and
 * writes nothing but the report to standard output; problems go to standard error.
 */
public final class AuditCommand {

    public static final int OK = 0;
    public static final int DENIED = 1;
    public static final int UNREADABLE = 2;

    static final String USAGE = """
            usage: django-guard audit [--profile declared|strict] [--format text|json|sarif|junit|policyreport|openreports]
                                      [--values FILE]... [--set key=value]... FILE|DIR|CHART|- ...

            Judges Kubernetes manifests against Django's deployment checklist, as the admission webhook would.
            Directories are searched recursively, following links, for *.yaml, *.yml and *.json; - reads standard
            input (helm template mychart | django-guard audit -). A directory holding Chart.yaml is a Helm chart:
            it is rendered as helm template renders it (no helm binary needed) and each object is reported under
            the template it came from. All inputs are judged together, so a Deployment's reference to a ConfigMap
            in another file is resolved.

              --profile  declared (default from configuration) or strict: absent settings take Django's defaults
              --format   text (default), json, sarif (GitHub code scanning), junit (any CI's test report),
                         policyreport (wgpolicyk8s.io/v1alpha2 PolicyReports, a YAML List for kubectl apply)
                         or openreports (openreports.io/v1alpha1 Reports); see docs/policy-reports.md
              --values   (-f) a values file for the charts, as helm's --values; repeatable, the last wins
              --set      values for the charts, as helm's --set (a=1,b=2, list={x,y}); repeatable, after --values

            Exit status: 0 admission would let everything through, 1 it would refuse something (a breach, or
            something that could not be evaluated, at severity deny), 2 unreadable input (a file, or a chart Helm
            cannot render) or wrong usage. With unreadable input the report on everything else is still written.
            A configuration the server would refuse exits 2 too, with one line naming the key and why.
            Configuration: the server's django-guard.* keys, as -D system properties or DJANGO_GUARD_* variables.
            """;

    private AuditCommand() {
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        Profile profile = null;
        ReportFormat format = ReportFormat.TEXT;
        List<String> inputsNamed = new ArrayList<>();
        List<Path> valuesFiles = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.print(USAGE);
                return OK;
            } else if (a.equals("--profile") || a.startsWith("--profile=")) {
                String v = value(args, i, a);
                if (v == null || (profile = Profile.fromId(v)) == null) {
                    return usage(err, "--profile takes declared or strict");
                }
                i += a.contains("=") ? 0 : 1;
            } else if (a.equals("--format") || a.startsWith("--format=")) {
                String v = value(args, i, a);
                if (v == null || (format = ReportFormat.fromId(v)) == null) {
                    return usage(err, "--format takes text, json, sarif, junit, policyreport or openreports");
                }
                i += a.contains("=") ? 0 : 1;
            } else if (a.equals("--values") || a.startsWith("--values=") || a.equals("-f")) {
                String v = value(args, i, a);
                if (v == null || v.isEmpty()) {
                    return usage(err, "--values takes a file of values for the charts");
                }
                if (!Files.isRegularFile(Path.of(v))) {
                    return usage(err, "--values " + v + ": no such file");
                }
                valuesFiles.add(Path.of(v));
                i += a.contains("=") ? 0 : 1;
            } else if (a.equals("--set") || a.startsWith("--set=")) {
                String v = a.startsWith("--set=") ? a.substring("--set=".length()) : (i + 1 < args.length ? args[i + 1] : null);
                if (v == null) {
                    return usage(err, "--set takes key=value");
                }
                try {
                    SetValues.pairs(v);
                } catch (IllegalArgumentException e) {
                    return usage(err, e.getMessage());
                }
                sets.add(v);
                i += a.startsWith("--set=") ? 0 : 1;
            } else if (a.startsWith("--")) {
                return usage(err, "unknown option " + a);
            } else {
                inputsNamed.add(a);
            }
        }
        if (inputsNamed.isEmpty()) {
            return usage(err, "name at least one file, directory, or - for standard input");
        }
        Engine engine;
        try {
            engine = EngineFactory.engine(EngineFactory.withoutServer());
        } catch (RuntimeException e) {
            // the server's configuration, refused as the server refuses it: one line, never a stack trace
            err.println("django-guard: " + RefusedConfiguration.oneLine(e).orElseGet(() -> "configuration could not be read ("
                    + e.getClass().getSimpleName() + ")"));
            return UNREADABLE;
        }
        // Every input that can be read is judged; what cannot is listed in the report (and exits 2), never the end of it.
        Inputs inputs = new Inputs(new ManifestReader(ManifestReader.Limits.DEFAULTS), stdin, err,
                new ChartRender.Values(List.copyOf(valuesFiles), List.copyOf(sets)));
        for (String input : inputsNamed) {
            inputs.read(input);
        }
        if (inputs.charts() == 0 && !(valuesFiles.isEmpty() && sets.isEmpty())) {
            err.println("django-guard: --values and --set change charts only, and no chart (a directory holding Chart.yaml) was named");
        }
        AuditReport report = new Auditor(engine).audit(inputs.documents(), profile)
                .withInputs(inputs.unreadable(), inputs.skipped());
        out.print(format.write(report, engine.policy()));
        out.flush();
        for (AuditReport.Input i : report.errors()) {
            err.println("django-guard: " + i.where() + ": " + i.message());
        }
        if (report.anyUnreadable()) {
            return UNREADABLE;
        }
        return report.anyDenied() ? DENIED : OK;
    }

    /**
     * The manifests below a directory, sorted by path. Links to directories are followed (charts often link
     * shared templates in), each directory once: a link back to a directory above it, or a second link to one,
     * is not walked again, so a loop ends. A file reached through several links is read once, under the first
     * of its paths. Below the directory named, .git and other dot-folders and dot-files are skipped.
     */
    static List<Path> manifestsUnder(Path root) throws UnreadableManifest {
        return manifestsUnder(root, new ArrayList<>());
    }

    /**
     * As {@link #manifestsUnder(Path)}; a directory holding a {@code Chart.yaml} is a Helm chart, whose
     * templates are not manifests until rendered: it is added to {@code charts} and not walked.
     */
    static List<Path> manifestsUnder(Path root, List<Path> charts) throws UnreadableManifest {
        Set<Object> seenDirectories = new HashSet<>();
        Map<Object, Path> files = new HashMap<>();
        ArrayDeque<Path> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Path dir = pending.pop();
            List<Path> entries;
            try {
                if (!seenDirectories.add(identity(dir))) {
                    continue;
                }
                if (Files.isRegularFile(dir.resolve("Chart.yaml"))) {
                    charts.add(dir);
                    continue;
                }
                try (Stream<Path> list = Files.list(dir)) {
                    entries = list.sorted().toList();
                }
            } catch (IOException | UncheckedIOException e) {
                Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
                throw new UnreadableManifest(dir.toString(), 0, 0,
                        "the directory could not be read (" + cause.getClass().getSimpleName() + ")");
            }
            List<Path> subdirectories = new ArrayList<>();
            for (Path entry : entries) {
                if (entry.getFileName().toString().startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    subdirectories.add(entry);
                } else if (Files.isRegularFile(entry) && isManifest(entry)) {
                    try {
                        files.merge(identity(entry), entry, (first, again) -> first.compareTo(again) <= 0 ? first : again);
                    } catch (IOException e) {
                        throw new UnreadableManifest(entry.toString(), 0, 0, "could not be read (" + e.getClass().getSimpleName() + ")");
                    }
                }
            }
            // Depth first in sorted order, so which of several links to a directory is walked does not vary.
            for (int i = subdirectories.size() - 1; i >= 0; i--) {
                pending.push(subdirectories.get(i));
            }
        }
        return files.values().stream().sorted().toList();
    }

    /** What a path leads to, after links: the same for every link to one directory or file. */
    private static Object identity(Path p) throws IOException {
        Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        return key != null ? key : p.toRealPath();
    }

    private static boolean isManifest(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static String value(String[] args, int i, String a) {
        int eq = a.indexOf('=');
        if (eq >= 0) {
            return a.substring(eq + 1);
        }
        return i + 1 < args.length ? args[i + 1] : null;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("django-guard audit: " + problem);
        err.print(USAGE);
        return UNREADABLE;
    }
}
