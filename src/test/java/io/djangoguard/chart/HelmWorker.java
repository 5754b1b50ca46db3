package io.djangoguard.chart;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * The JVM in which helm-java runs for the chart tests, started by {@link Helm} with an environment of its own. It
 * takes helm command lines ({@code template}, {@code lint}, {@code install --dry-run=client} with the flags the
 * tests use) over a local socket and answers each as the binary would: an exit code, what it prints, and
 * "Error: ..." on failure. A flag it does not know is an error naming it.
 * <p>
 * Where helm-java is not the helm command, and what is done about it:
 * <ul>
 * <li>Its template output has no hooks; helm template prints them after the manifests. The chart is rendered from
 * a copy whose hook annotation is spelt {@link #HOOK_IN_COPY}, so Helm sorts the hooks among the manifests; they are
 * put back behind them with their annotation restored ({@code --skip-tests} leaves out the test hooks).</li>
 * <li>Its library, built without Helm's version flags, takes Kubernetes to be v1.20.0, older than the chart's
 * kubeVersion: template and install get {@link #KUBE_VERSION} unless {@code --kube-version} says otherwise. Its lint
 * takes no Kubernetes version, namespace or values: lint renders for v1.20 with an empty namespace, and values given
 * to lint are merged by Helm itself (rendering a chart that prints its {@code .Values}) and linted as the values.yaml
 * of a copy of the chart.</li>
 * <li>Its template answers {@code lookup} from the cluster of {@code $KUBECONFIG} (helm template answers nothing),
 * as Go read the environment when this JVM started. That kubeconfig is a file of {@link Helm}'s, which names an
 * empty {@link FakeApiServer} here, or for {@code --dry-run=server --kubeconfig FILE} the cluster FILE names.</li>
 * <li>Its {@code set} escapes what helm's {@code --set} would read as syntax: a list {@code a={x,y}} is given as
 * {@code a[0]=x}, {@code a[1]=y}; {@code --set-string} is taken where {@code --set} gives the same string.
 * {@code --set-file} is its {@code setFile}.</li>
 * </ul>
 */
final class HelmWorker {

    /** What helm template assumes without --kube-version in Helm 3.21 and 4.1 (the client-go they are built with). */
    static final String KUBE_VERSION = "1.35.0";

    private static final String HOOK = "helm.sh/hook";
    /** The hook annotation in the rendered copy: a name Helm does not know, so the hook renders as a manifest. */
    private static final String HOOK_IN_COPY = "hook.helm-java.invalid/hook";
    private static final Pattern HOOK_ANNOTATION = Pattern.compile(
            "(?m)^\\s+\"?" + Pattern.quote(HOOK_IN_COPY) + "\"?:\\s*\"?([^\"\\n]*)\"?\\s*$");
    private static final Pattern DOCUMENT_START = Pattern.compile("(?m)^---\\n");

    private final Path home;
    private final Path kubeconfig;
    /** The cluster of plain {@code helm template}: it holds nothing, so every lookup finds nothing. */
    private final FakeApiServer emptyCluster = new FakeApiServer();
    private final Map<Path, Path> renderedCopies = new HashMap<>();
    private int copies;

    private HelmWorker(Path home, Path kubeconfig) {
        this.home = home;
        this.kubeconfig = kubeconfig;
    }

    /** {@code HelmWorker PORT HOME}: connects to {@link Helm} on PORT and answers its calls until it closes. */
    public static void main(String[] args) throws IOException {
        HelmWorker worker = new HelmWorker(Path.of(args[1]), Path.of(System.getenv("KUBECONFIG")));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (true) {
                String[] call;
                try {
                    call = new String[in.readInt()];
                } catch (EOFException e) {
                    break;
                }
                for (int i = 0; i < call.length; i++) {
                    call[i] = readString(in);
                }
                Helm.Result r = worker.run(call);
                out.writeInt(r.exit());
                writeString(out, r.out());
                writeString(out, r.err());
                out.flush();
            }
        } finally {
            worker.emptyCluster.close();
        }
        System.exit(0);
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private Helm.Result run(String... args) {
        try {
            Invocation call = Invocation.parse(args);
            return switch (call.command) {
                case "template" -> new Helm.Result(0, template(call), "");
                case "lint" -> lint(call);
                case "install" -> new Helm.Result(0, install(call), "");
                default -> throw new UsageError("Helm.run knows template, lint and install, not " + call.command);
            };
        } catch (IllegalStateException e) {
            // helm-java's failure: what helm prints to stderr before exiting 1
            return new Helm.Result(1, "", "Error: " + e.getMessage() + "\n");
        } catch (UsageError e) {
            return new Helm.Result(Helm.USAGE, "", e.getMessage() + "\n");
        } catch (RuntimeException | AssertionError e) {
            return new Helm.Result(Helm.USAGE, "", "HelmWorker: " + e + "\n");
        }
    }

    private String template(Invocation call) {
        lookupsGoTo(call.dryRun.equals("server") ? call.kubeconfig() : emptyCluster.kubeconfig);
        TemplateCommand template = new com.marcnuri.helm.Helm(renderedCopy(call.chart(1))).template()
                .withName(call.positional.get(0)).withNamespace(call.namespace).withKubeVersion(call.kubeVersion);
        call.values(template::withValuesFile, template::set, template::setFile);
        return hooksLast(template.call(), call.skipTests);
    }

    private Helm.Result lint(Invocation call) {
        Path chart = call.valuesFiles.isEmpty() && call.sets.isEmpty() && call.setFiles.isEmpty() ? call.chart(0) : withMergedValues(call);
        LintCommand lint = new com.marcnuri.helm.Helm(chart).lint();
        if (call.strict) {
            lint.strict();
        }
        LintResult result = lint.call();
        return new Helm.Result(result.isFailed() ? 1 : 0, String.join("\n", result.getMessages()) + "\n", "");
    }

    private String install(Invocation call) {
        if (!call.dryRun.equals("client")) {
            throw new UsageError("Helm.run installs with --dry-run=client only: there is no cluster here");
        }
        InstallCommand install = new com.marcnuri.helm.Helm(call.chart(1)).install().withName(call.positional.get(0))
                .withNamespace(call.namespace).withKubeVersion(call.kubeVersion).dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
        call.values(install::withValuesFile, install::set, install::setFile);
        return install.call().getOutput();
    }

    /** The manifests, then the hooks (without the test hooks when asked), as helm template prints them. */
    static String hooksLast(String rendered, boolean skipTests) {
        StringBuilder manifests = new StringBuilder();
        StringBuilder hooks = new StringBuilder();
        for (String document : DOCUMENT_START.split(rendered)) {
            if (document.isEmpty()) {
                continue;
            }
            Matcher hook = HOOK_ANNOTATION.matcher(document);
            String restored = "---\n" + document.replace(HOOK_IN_COPY, HOOK);
            if (!hook.find()) {
                manifests.append(restored);
            } else if (!(skipTests && Stream.of(hook.group(1).split(",")).anyMatch(h -> h.strip().equals("test")))) {
                hooks.append(restored);
            }
        }
        return manifests.append(hooks).toString();
    }

    /** The chart copied with its hook annotation renamed, once per run. */
    private Path renderedCopy(Path chart) {
        return renderedCopies.computeIfAbsent(chart, c -> copy(c, text -> {
            if (text.contains(HOOK_IN_COPY)) {
                throw new UsageError(c + " already contains " + HOOK_IN_COPY + ", the name HelmWorker gives hook annotations");
            }
            return text.replace(HOOK, HOOK_IN_COPY);
        }, Map.of()));
    }

    /**
     * A copy of the chart whose values.yaml holds its values merged with the call's values files and --set, merged by
     * Helm: a chart with the same values.yaml and one template printing {@code .Values} is rendered with them.
     */
    private Path withMergedValues(Invocation call) {
        Path chart = call.chart(0);
        Path printer = home.resolve("values-printer-" + ++copies);
        write(printer.resolve("Chart.yaml"), "apiVersion: v2\nname: values-printer\nversion: 0.0.0\n");
        write(printer.resolve("values.yaml"), read(chart.resolve("values.yaml")));
        write(printer.resolve("templates/values.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: values
                data:
                  values.json: {{ toJson .Values | quote }}
                """);
        lookupsGoTo(emptyCluster.kubeconfig);
        TemplateCommand template = new com.marcnuri.helm.Helm(printer).template().withName("values").withKubeVersion(call.kubeVersion);
        call.values(template::withValuesFile, template::set, template::setFile);
        String rendered;
        try {
            rendered = template.call();
        } finally {
            delete(printer);
        }
        String merged = Rendered.of(rendered).one(ConfigMap.class).getData().get("values.json");
        return copy(chart, UnaryOperator.identity(), Map.of("values.yaml", merged));
    }

    /** Copies CHART into a directory of its own (same directory name), changing template text and replacing files. */
    private Path copy(Path chart, UnaryOperator<String> templates, Map<String, String> replaced) {
        Path copy = home.resolve("chart-" + ++copies).resolve(chart.getFileName());
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path from : files.filter(Files::isRegularFile).toList()) {
                String relative = chart.relativize(from).toString();
                Path to = copy.resolve(relative);
                if (replaced.containsKey(relative)) {
                    write(to, replaced.get(relative));
                } else if (relative.startsWith("templates/")) {
                    write(to, templates.apply(read(from)));
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /** helm-java reads the kubeconfig file for every call: its content says where this call's lookups go. */
    private void lookupsGoTo(Path cluster) {
        try {
            Files.copy(cluster, kubeconfig, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /** A helm command line this class cannot translate for helm-java. */
    private static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    /** The helm command line the tests use, read into what helm-java is given. */
    private static final class Invocation {

        final String command;
        final List<String> positional = new ArrayList<>();
        final List<Path> valuesFiles = new ArrayList<>();
        /** --set and --set-string, in helm-java's form: one key per value. */
        final Map<String, String> sets = new LinkedHashMap<>();
        final Map<String, Path> setFiles = new LinkedHashMap<>();
        String namespace = "default";
        String kubeVersion = KUBE_VERSION;
        String dryRun = "none";
        Path kubeconfig;
        boolean skipTests;
        boolean strict;

        private Invocation(String command) {
            this.command = command;
        }

        static Invocation parse(String... args) {
            Invocation call = new Invocation(args[0]);
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-f", "--values" -> call.valuesFiles.add(Helm.PROJECT.resolve(args[++i]));
                    case "--set" -> call.set(args[++i], false);
                    case "--set-string" -> call.set(args[++i], true);
                    case "--set-file" -> call.setFile(args[++i]);
                    case "-n", "--namespace" -> call.namespace = args[++i];
                    case "--kube-version" -> call.kubeVersion = args[++i];
                    case "--kubeconfig" -> call.kubeconfig = Helm.PROJECT.resolve(args[++i]);
                    case "--skip-tests" -> call.skipTests = true;
                    case "--strict" -> call.strict = true;
                    // helm-java's template is client-side: it never validates against the API server's OpenAPI schema.
                    case "--disable-openapi-validation" -> { }
                    default -> {
                        if (arg.startsWith("--dry-run=")) {
                            call.dryRun = arg.substring("--dry-run=".length());
                        } else if (arg.startsWith("-")) {
                            throw new UsageError("Helm.run does not translate " + arg + " for helm-java: teach HelmWorker.Invocation");
                        } else {
                            call.positional.add(arg);
                        }
                    }
                }
            }
            return call;
        }

        Path chart(int at) {
            if (positional.size() <= at) {
                throw new UsageError("helm " + command + " needs a chart: " + positional);
            }
            return Helm.PROJECT.resolve(positional.get(at));
        }

        Path kubeconfig() {
            if (kubeconfig == null) {
                throw new UsageError("--dry-run=server needs --kubeconfig: the cluster lookups go to");
            }
            return kubeconfig;
        }

        void values(Consumer<Path> file, BiConsumer<String, Object> set, BiConsumer<String, Path> setFile) {
            valuesFiles.forEach(file);
            sets.forEach(set);
            setFiles.forEach(setFile);
        }

        private void setFile(String assignment) {
            int eq = keyEnd(assignment);
            setFiles.put(assignment.substring(0, eq), Helm.PROJECT.resolve(assignment.substring(eq + 1)));
        }

        private static int keyEnd(String assignment) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new UsageError("--set " + assignment + ": no key=value");
            }
            return eq;
        }

        private void set(String assignment, boolean asString) {
            int eq = keyEnd(assignment);
            String key = assignment.substring(0, eq);
            String value = assignment.substring(eq + 1);
            if (value.startsWith("{") && value.endsWith("}") && value.length() > 2) {
                String[] items = value.substring(1, value.length() - 1).split(",", -1);
                for (int i = 0; i < items.length; i++) {
                    sets.put(key + "[" + i + "]", items[i]);
                }
                return;
            }
            if (value.contains(",") || value.startsWith("{")) {
                throw new UsageError("--set " + assignment + ": Helm.run gives helm-java one value per --set (a list as {a,b})");
            }
            if (asString && typedBySet(value)) {
                throw new UsageError("--set-string " + assignment + ": helm-java has no --set-string, and --set would not keep "
                        + value + " a string; use a values file");
            }
            sets.put(key, value);
        }

        /** Whether helm's --set reads VALUE as a boolean, null or integer (strvals' typedVal) rather than a string. */
        private static boolean typedBySet(String value) {
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") || value.equalsIgnoreCase("null")
                    || value.equals("0")) {
                return true;
            }
            if (value.isEmpty() || value.charAt(0) == '0') {
                return false;
            }
            try {
                Long.parseLong(value);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
