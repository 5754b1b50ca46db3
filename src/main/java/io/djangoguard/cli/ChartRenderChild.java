package io.djangoguard.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * The child JVM in which {@link ChartRender} renders a chart with Helm's own library (helm-java). It lives in a process
 * of its own because that library is a Go runtime: it reads its environment once, when it is loaded (so where
 * {@code lookup} goes is fixed by the environment the parent gives this process, see {@link EmptyCluster}), and it
 * installs signal handlers of its own, which have no business in the server's JVM.
 * <p>
 * {@code render-chart CHART WORKDIR KUBE_VERSION [--values FILE]... [--set k=v]...}: prints what {@code helm template}
 * prints (manifests, then hooks) and exits 0, or prints Helm's error on standard error and exits 1.
 */
public final class ChartRenderChild {

    /** The hidden sub-command of {@code io.djangoguard.Main} that runs this. */
    public static final String SUBCOMMAND = "render-chart";

    private static final String HOOK = "helm.sh/hook";
    /**
     * helm-java's template output holds no hooks (helm template prints them after the manifests), yet a chart's
     * migration Job is usually a hook. The chart is rendered from a copy whose hook annotation carries this name,
     * unknown to Helm, so the hooks render as manifests; the annotation is put back after.
     */
    private static final String HOOK_IN_COPY = "hook.django-guard.invalid/hook";
    private static final Pattern HOOK_ANNOTATION = Pattern.compile(
            "(?m)^\\s+\"?" + Pattern.quote(HOOK_IN_COPY) + "\"?:");
    private static final Pattern DOCUMENT_START = Pattern.compile("(?m)^---\\n");
    private static final Pattern SECRET = Pattern.compile("(?m)^kind:\\s*[\"']?Secret[\"']?\\s*$");

    /** A chart larger than this is not copied: Helm refuses charts far smaller (its archive limit is 20 MiB). */
    private static final long MAX_CHART_BYTES = 64L << 20;

    private ChartRenderChild() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Path chart = Path.of(args[0]);
            Path workdir = Path.of(args[1]);
            Path copy = copyWithHooksRenamed(chart, workdir.resolve("chart").resolve(chart.toAbsolutePath().normalize().getFileName()));
            TemplateCommand template = new Helm(copy).template().withName("release-name").withNamespace("default")
                    .withKubeVersion(args[2]);
            for (int i = 3; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--values" -> template.withValuesFile(Path.of(args[i + 1]));
                    case "--set" -> SetValues.pairs(args[i + 1]).forEach(template::set);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            String rendered = template.call();
            out.print(hooksLast(rendered));
            if (SECRET.matcher(rendered).find()) {
                // A second render tells a Secret's values generated at each install (randAlphaNum) from those written
                // in the chart or its values, which every install shares.
                out.print(ChartRender.SECOND_RENDER);
                out.print(hooksLast(template.call()));
            }
            out.flush();
            return 0;
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Helm's own failure (a template error, a missing dependency, a values file it cannot read)
            err.println(e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            err.println("the chart could not be read (" + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + ")");
            return 1;
        } catch (LinkageError e) {
            err.println("Helm's library could not be loaded on this platform (" + e.getClass().getSimpleName() + ")");
            return 1;
        }
    }

    /** The manifests, then the hooks with their annotation restored, as helm template prints them. */
    static String hooksLast(String rendered) {
        StringBuilder manifests = new StringBuilder();
        StringBuilder hooks = new StringBuilder();
        for (String document : DOCUMENT_START.split(rendered)) {
            if (document.isBlank()) {
                continue;
            }
            Matcher hook = HOOK_ANNOTATION.matcher(document);
            (hook.find() ? hooks : manifests).append("---\n").append(document.replace(HOOK_IN_COPY, HOOK));
        }
        return manifests.append(hooks).toString();
    }

    /** Copies the chart (links followed, .git left out), renaming the hook annotation in every template. */
    static Path copyWithHooksRenamed(Path chart, Path copy) {
        long[] bytes = {0};
        try (Stream<Path> files = Files.walk(chart, FileVisitOption.FOLLOW_LINKS)) {
            for (Path from : files.filter(Files::isRegularFile).toList()) {
                Path relative = chart.relativize(from);
                if (relative.startsWith(".git")) {
                    continue;
                }
                bytes[0] += Files.size(from);
                if (bytes[0] > MAX_CHART_BYTES) {
                    throw new IllegalArgumentException("the chart holds more than " + (MAX_CHART_BYTES >> 20) + " MiB of files");
                }
                Path to = copy.resolve(relative.toString());
                Files.createDirectories(to.getParent());
                if (isTemplate(relative)) {
                    String text = Files.readString(from, StandardCharsets.UTF_8);
                    if (text.contains(HOOK_IN_COPY)) {
                        throw new IllegalArgumentException(relative + " already contains " + HOOK_IN_COPY);
                    }
                    Files.writeString(to, text.replace(HOOK, HOOK_IN_COPY), StandardCharsets.UTF_8);
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileSystemLoopException) {
                throw new IllegalArgumentException("the chart's links form a loop at " + e.getCause().getMessage());
            }
            throw e;
        }
        return copy;
    }

    /** A file of a templates/ folder, in the chart or in a subchart unpacked in charts/. */
    private static boolean isTemplate(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals("templates")) {
                return true;
            }
        }
        return false;
    }
}
