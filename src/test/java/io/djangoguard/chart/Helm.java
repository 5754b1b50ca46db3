package io.djangoguard.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the helm binary the project installs with {@code .ci/install-helm} ({@code .ci/tools/helm}), or the one
 * named by the {@code HELM} environment variable, against the chart in {@code helm/django-guard}.
 * Helm's own configuration, cache and data go to a fresh directory, so nothing of the machine's helm setup
 * (repositories, plugins, kube contexts) takes part; nothing here talks to a cluster.
 */
final class Helm {

    /** Maven runs tests in the project's base directory. */
    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path CHART = PROJECT.resolve("helm/django-guard");
    static final Path VALUES = PROJECT.resolve("src/test/resources/chart");

    private static final Path HOME;

    static {
        try {
            HOME = Files.createTempDirectory("django-guard-helm-home");
            Runtime.getRuntime().addShutdownHook(new Thread(Helm::deleteHome));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Helm() {
    }

    private static void deleteHome() {
        try (var paths = Files.walk(HOME)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    record Result(int exit, String out, String err) {
        String both() {
            return out + err;
        }
    }

    /** The helm binary, or a failed test saying how to get one. */
    static Path binary() {
        String env = System.getenv("HELM");
        Path helm = env != null && !env.isBlank() ? Path.of(env) : PROJECT.resolve(".ci/tools/helm");
        if (!Files.isExecutable(helm)) {
            fail("helm not found at " + helm + ": run .ci/install-helm (CI runs it before the tests), "
                    + "or point the HELM environment variable at a helm binary");
        }
        return helm;
    }

    static Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(Arrays.asList(args));
        try {
            Path out = Files.createTempFile(HOME, "out", ".txt");
            Path err = Files.createTempFile(HOME, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("HELM_CONFIG_HOME", HOME.resolve("config").toString());
            pb.environment().put("HELM_CACHE_HOME", HOME.resolve("cache").toString());
            pb.environment().put("HELM_DATA_HOME", HOME.resolve("data").toString());
            pb.environment().put("KUBECONFIG", HOME.resolve("no-kubeconfig").toString());
            pb.environment().remove("HELM_KUBECONTEXT");
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("helm did not finish in 120 s: " + String.join(" ", command));
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code helm template RELEASE CHART --namespace NAMESPACE ARGS...}, which must succeed. */
    static String template(String release, String namespace, String... args) {
        Result r = run(templateArgs(release, namespace, args));
        assertEquals(0, r.exit(), () -> "helm template " + String.join(" ", args) + " failed:\n" + r.err());
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
}
