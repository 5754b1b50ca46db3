package io.djangoguard.chart;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Helm for the chart tests, with no helm binary: helm-java (Helm 3's own library, a native library inside a Maven
 * jar) renders, lints and installs the chart in {@code helm/django-guard}. Callers speak helm's command line
 * ({@code run("template", "guard", chart, "--set", "a=b")}); {@link HelmWorker} translates it for helm-java and
 * says where helm-java is not the helm command. CI also lints and renders the chart with a Helm 4 binary
 * (.ci/helm4-check).
 * <p>
 * helm-java runs in a JVM of its own, started at the first call: Go reads the process environment once, when it
 * starts, and Helm looks there for the cluster its {@code lookup} asks ({@code KUBECONFIG}) and for its configuration,
 * cache and data. That JVM gets a kubeconfig of this class's (never the machine's cluster) and Helm's directories in
 * a fresh temporary directory, so nothing of the machine's helm setup (repositories, plugins, kube contexts) takes
 * part; the test JVM's own environment, which the server's cluster lookups read, stays as it is.
 */
final class Helm {

    /** Maven runs tests in the project's base directory. */
    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path CHART = PROJECT.resolve("helm/django-guard");
    static final Path VALUES = PROJECT.resolve("src/test/resources/chart");

    /** The exit code of a call {@link HelmWorker} cannot translate: the test is wrong, not the chart. */
    static final int USAGE = 64;

    private static Process worker;
    private static Socket connection;
    private static DataInputStream fromWorker;
    private static DataOutputStream toWorker;
    private static Path home;

    private Helm() {
    }

    record Result(int exit, String out, String err) {
        String both() {
            return out + err;
        }
    }

    /** {@code helm ARGS}: template, lint or install --dry-run=client, with the flags the chart tests use. */
    static synchronized Result run(String... args) {
        try {
            if (worker == null || !worker.isAlive()) {
                start();
            }
            toWorker.writeInt(args.length);
            for (String arg : args) {
                HelmWorker.writeString(toWorker, arg);
            }
            toWorker.flush();
            Result r = new Result(fromWorker.readInt(), HelmWorker.readString(fromWorker), HelmWorker.readString(fromWorker));
            if (r.exit() == USAGE) {
                fail("helm " + String.join(" ", args) + ": " + r.err());
            }
            return r;
        } catch (IOException e) {
            if (worker != null) {
                worker.destroyForcibly();
            }
            throw new AssertionError("the helm-java JVM stopped answering (" + e + "); its log:\n" + log(), e);
        }
    }

    /** {@code helm template RELEASE CHART --namespace NAMESPACE ARGS...}, which must succeed. */
    static String template(String release, String namespace, String... args) {
        Result r = run(templateArgs(release, namespace, args));
        if (r.exit() != 0) {
            fail("helm template " + String.join(" ", args) + " failed:\n" + r.err());
        }
        return r.out();
    }

    static String[] templateArgs(String release, String namespace, String... args) {
        List<String> all = new ArrayList<>(List.of("template", release, CHART.toString(), "--namespace", namespace));
        all.addAll(Arrays.asList(args));
        return all.toArray(String[]::new);
    }

    /** {@code -f src/test/resources/chart/NAME}. */
    static String[] valuesFile(String name) {
        Path file = VALUES.resolve(name);
        if (!Files.isRegularFile(file)) {
            fail("no values file " + file);
        }
        return new String[] { "-f", file.toString() };
    }

    private static void start() throws IOException {
        if (home == null) {
            home = Files.createTempDirectory("django-guard-helm-home");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (worker != null) {
                    worker.destroyForcibly();
                }
                HelmWorker.delete(home);
            }));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", classPath, HelmWorker.class.getName(),
                    String.valueOf(listener.getLocalPort()), home.toString())
                    .directory(PROJECT.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("worker.log").toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("HELM_") || k.equals("KUBECONFIG") || k.startsWith("KUBERNETES_"));
            env.put("HELM_CONFIG_HOME", home.resolve("config").toString());
            env.put("HELM_CACHE_HOME", home.resolve("cache").toString());
            env.put("HELM_DATA_HOME", home.resolve("data").toString());
            env.put("KUBECONFIG", home.resolve("kubeconfig").toString());
            worker = pb.start();
            listener.setSoTimeout(1_000);
            for (int waited = 0; connection == null || connection.isClosed(); waited++) {
                try {
                    connection = listener.accept();
                } catch (SocketTimeoutException e) {
                    if (!worker.isAlive() || waited == 120) {
                        worker.destroyForcibly();
                        throw new AssertionError("the helm-java JVM did not connect in " + waited + " s; its log:\n" + log(), e);
                    }
                }
            }
        }
        fromWorker = new DataInputStream(connection.getInputStream());
        toWorker = new DataOutputStream(connection.getOutputStream());
    }

    private static String log() {
        try {
            return Files.readString(home.resolve("worker.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
