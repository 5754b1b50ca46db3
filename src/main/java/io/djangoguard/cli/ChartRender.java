package io.djangoguard.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders a Helm chart directory as {@code helm template CHART [--values F] [--set k=v]} would, with Helm's own
 * library and no helm binary: in a child JVM ({@link ChartRenderChild}), with an environment of its own (no
 * {@code HELM_*} settings or repositories of the user's, no cluster but an {@link EmptyCluster}). The chart is
 * rendered as release {@code release-name} in namespace {@code default}, as helm template does, for Kubernetes
 * {@link #KUBE_VERSION}.
 */
final class ChartRender {

    /** What helm template assumes without --kube-version in Helm 3.21 (the client-go it is built with). */
    static final String KUBE_VERSION = "1.35.0";
    /** A render takes a second or two; one that takes this long is stuck (a template looping over a huge range). */
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** The rendered text the audit takes: well above any chart's, and what the manifest reader takes at most. */
    static final int MAX_OUTPUT_BYTES = 64 << 20;
    private static final int MAX_ERROR_BYTES = 16 << 10;
    /**
     * Between the first render and a second one of the same chart and values, which the child prints when the chart
     * renders a Secret: a value that differs between the two is generated at each install (randAlphaNum), not written
     * in the chart. A line no template renders.
     */
    static final String SECOND_RENDER = "\n# django-guard: second render of the same chart and values\n";
    private static final Pattern HELM_LOG_LINE = Pattern.compile("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d ");

    /** The values given on the command line, for every chart rendered in this run. */
    record Values(List<Path> files, List<String> sets) {
        static final Values NONE = new Values(List.of(), List.of());
    }

    /** Why a chart gave no manifests, in one message. */
    static final class NotRendered extends Exception {
        NotRendered(String message) {
            super(message, null, false, false);
        }
    }

    private ChartRender() {
    }

    /** What {@code helm template} prints for the chart: manifests then hooks, each after a {@code # Source:} line. */
    static String render(Path chart, Values values) throws NotRendered {
        Path workdir = null;
        try (EmptyCluster cluster = new EmptyCluster()) {
            workdir = Files.createTempDirectory("django-guard-chart");
            Path kubeconfig = workdir.resolve("kubeconfig");
            cluster.writeKubeconfig(kubeconfig);
            List<String> command = new ArrayList<>(childJvm());
            command.addAll(List.of(ChartRenderChild.SUBCOMMAND, chart.toAbsolutePath().toString(), workdir.toString(), KUBE_VERSION));
            for (Path f : values.files()) {
                command.addAll(List.of("--values", f.toAbsolutePath().toString()));
            }
            for (String s : values.sets()) {
                command.addAll(List.of("--set", s));
            }
            ProcessBuilder pb = new ProcessBuilder(command);
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("HELM_") || k.equals("KUBECONFIG") || k.startsWith("KUBERNETES_")
                    || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
            env.put("KUBECONFIG", kubeconfig.toString());
            env.put("HELM_CONFIG_HOME", workdir.resolve("config").toString());
            env.put("HELM_CACHE_HOME", workdir.resolve("cache").toString());
            env.put("HELM_DATA_HOME", workdir.resolve("data").toString());
            Path errors = workdir.resolve("stderr");
            pb.redirectError(errors.toFile());
            Process child = pb.start();
            child.getOutputStream().close();
            CompletableFuture<byte[]> out = new CompletableFuture<>();
            Thread reader = new Thread(() -> out.complete(readUpTo(child.getInputStream(), MAX_OUTPUT_BYTES, child)),
                    "chart-render-output");
            reader.setDaemon(true);
            reader.start();
            if (!child.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new NotRendered("rendering took longer than " + TIMEOUT.toSeconds() + " s and was stopped");
            }
            byte[] rendered = out.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (rendered == null) {
                throw new NotRendered("the chart renders to more than " + (MAX_OUTPUT_BYTES >> 20) + " MiB");
            }
            if (child.exitValue() != 0) {
                throw new NotRendered(helmError(readStart(errors), chart));
            }
            return new String(rendered, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NotRendered("Helm could not be started to render it (" + e.getClass().getSimpleName() + ")");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new NotRendered("the rendered chart could not be read (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotRendered("rendering was interrupted");
        } finally {
            if (workdir != null) {
                delete(workdir);
            }
        }
    }

    /**
     * Helm's message, with what to do where the cause is a usual one. Its log lines (a timestamp first) and its advice
     * to use --debug, which this command does not have, are left out.
     */
    static String helmError(String stderr, Path chart) {
        String message = stderr.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !HELM_LOG_LINE.matcher(l).lookingAt() && !l.startsWith("Use --debug flag"))
                .collect(Collectors.joining(" "));
        if (message.startsWith("Error: ")) {
            message = message.substring("Error: ".length());
        }
        if (message.isEmpty()) {
            message = "Helm failed without saying why";
        }
        if (message.length() > 2000) {
            message = message.substring(0, 2000) + " ...";
        }
        if (message.contains("missing in charts/ directory") && !message.contains("helm dependency build")) {
            message += "; vendor the chart's dependencies with: helm dependency build " + chart;
        }
        return "Helm could not render the chart: " + message;
    }

    /**
     * The command that starts a JVM like this one in {@link ChartRenderChild}: the packaged application is started
     * again from its runner jar, anything else (tests, the IDE) with this JVM's class path.
     */
    static List<String> childJvm() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvm = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        String surefire = System.getProperty("surefire.test.class.path");
        String classPath = surefire != null ? surefire : System.getProperty("java.class.path", "");
        if (surefire == null && !classPath.contains(File.pathSeparator) && classPath.endsWith("quarkus-run.jar")) {
            jvm.addAll(List.of("-jar", classPath));
        } else {
            jvm.addAll(List.of("-cp", classPath, "io.djangoguard.Main"));
        }
        return jvm;
    }

    private static String readStart(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
        }
    }

    /** The whole stream, or null (and the process stopped) when it holds more than {@code limit} bytes. */
    private static byte[] readUpTo(InputStream in, int limit, Process stopWhenOver) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 << 10];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (buffer.size() + n > limit) {
                    stopWhenOver.destroyForcibly();
                    return null;
                }
                buffer.write(chunk, 0, n);
            }
        } catch (IOException e) {
            // the child ended or was stopped: what was read is what there is
        }
        return buffer.toByteArray();
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
