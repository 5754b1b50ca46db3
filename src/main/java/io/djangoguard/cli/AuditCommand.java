package io.djangoguard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.djangoguard.audit.Auditor;
import io.djangoguard.audit.ManifestReader;
import io.djangoguard.audit.UnreadableManifest;
import io.djangoguard.config.PolicyLoader;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Profile;
import io.djangoguard.report.AuditReport;
import io.djangoguard.report.ReportFormat;
import io.djangoguard.rules.RuleCatalog;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

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
            usage: django-guard audit [--profile declared|strict] [--format text|json|sarif|junit] FILE|DIR|- ...

            Judges Kubernetes manifests against Django's deployment checklist, as the admission webhook would.
            Directories are searched recursively for *.yaml, *.yml and *.json; - reads standard input
            (helm template mychart | django-guard audit -). All inputs are judged together, so a Deployment's
            reference to a ConfigMap in another file is resolved.

              --profile  declared (default from configuration) or strict: absent settings take Django's defaults
              --format   text (default), json, sarif (GitHub code scanning) or junit (any CI's test report)

            Exit status: 0 nothing denied, 1 something denied, 2 unreadable input or wrong usage.
            Configuration: the server's django-guard.* keys, as -D system properties or DJANGO_GUARD_* variables.
            """;

    private AuditCommand() {
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        Profile profile = null;
        ReportFormat format = ReportFormat.TEXT;
        List<String> inputs = new ArrayList<>();
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
                    return usage(err, "--format takes text, json, sarif or junit");
                }
                i += a.contains("=") ? 0 : 1;
            } else if (a.startsWith("--")) {
                return usage(err, "unknown option " + a);
            } else {
                inputs.add(a);
            }
        }
        if (inputs.isEmpty()) {
            return usage(err, "name at least one file, directory, or - for standard input");
        }
        Policy policy;
        try {
            policy = PolicyLoader.load(config());
        } catch (PolicyLoader.InvalidConfigException e) {
            err.println("django-guard: " + e.getMessage());
            return UNREADABLE;
        }
        ManifestReader reader = new ManifestReader(ManifestReader.Limits.DEFAULTS);
        List<ManifestReader.Document> documents = new ArrayList<>();
        try {
            for (String input : inputs) {
                read(input, stdin, reader, documents);
            }
        } catch (UnreadableManifest e) {
            err.println("django-guard: " + e.getMessage());
            return UNREADABLE;
        }
        AuditReport report = new Auditor(new Engine(policy, RuleCatalog.all())).audit(documents, profile);
        out.print(format.write(report, policy));
        out.flush();
        return report.anyDenied() ? DENIED : OK;
    }

    private static void read(String input, InputStream stdin, ManifestReader reader, List<ManifestReader.Document> into)
            throws UnreadableManifest {
        if (input.equals("-")) {
            try {
                into.addAll(reader.read(new String(stdin.readAllBytes(), StandardCharsets.UTF_8), "-"));
            } catch (IOException e) {
                throw new UnreadableManifest("-", 0, 0, "standard input could not be read");
            }
            return;
        }
        Path path = Path.of(input);
        if (!Files.exists(path)) {
            throw new UnreadableManifest(input, 0, 0, "no such file or directory");
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(Files::isRegularFile).filter(f -> isManifest(f) && !hidden(path, f)).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UnreadableManifest(input, 0, 0, "the directory could not be read");
            }
        } else {
            files.add(path);
        }
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UnreadableManifest(f.toString(), 0, 0, "could not be read (" + e.getClass().getSimpleName() + ")");
            }
            into.addAll(reader.read(text, f.toString()));
        }
    }

    /** Below a directory named on the command line, .git and other dot-folders are not manifests. */
    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
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

    /** The server's configuration sources without the server: system properties, env, application.properties. */
    static SmallRyeConfig config() {
        SmallRyeConfigBuilder b = new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors();
        URL props = AuditCommand.class.getClassLoader().getResource("application.properties");
        if (props != null) {
            try {
                b.withSources(new PropertiesConfigSource(props, 250));
            } catch (IOException e) {
                // Only defaults then: application.properties holds no django-guard.* keys of its own.
            }
        }
        return b.build();
    }
}
