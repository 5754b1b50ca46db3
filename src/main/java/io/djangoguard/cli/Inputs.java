package io.djangoguard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.djangoguard.audit.ManifestReader;
import io.djangoguard.audit.UnreadableManifest;
import io.djangoguard.report.AuditReport;
import io.djangoguard.engine.SecretSubject;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * What the command line was given, read file by file: the documents of every file that can be read,
 * each file that cannot (with where and why), and each file that is not a Kubernetes manifest at all
 * (a Helm chart, a kustomization, Go template text, a values file) with what to do instead. One bad
 * file never hides the report on the others.
 */
public final class Inputs {

    /** Go template actions as Helm charts write them: {{ .Values.x }}, {{- include ... }}, {{ if }}, {{ $var }}. */
    private static final Pattern GO_TEMPLATE = Pattern.compile(
            "\\{\\{-?\\s*(\\.|\\$|include\\b|if\\b|else\\b|end\\b|range\\b|with\\b|define\\b|template\\b|toYaml\\b|tpl\\b|/\\*)");
    /** Helm's document separator and the comment it puts first in every document it renders. */
    private static final Pattern RENDERED_DOCUMENT = Pattern.compile("(?m)^---[ \\t\\r]*$\\n?");
    private static final Pattern SOURCE = Pattern.compile("\\s*# Source: ([^\\n]+)");
    /** A line that starts a Kubernetes object's fields: a file without one is no manifest, only YAML. */
    private static final Pattern OBJECT_FIELD = Pattern.compile("(?m)^\\s*(-\\s+)?\"?(apiVersion|kind)\"?\\s*:");

    private final ManifestReader reader;
    private final InputStream stdin;
    private final PrintStream err;
    private final List<ManifestReader.Document> documents = new ArrayList<>();
    private final List<AuditReport.Input> unreadable = new ArrayList<>();
    private final List<AuditReport.Input> skipped = new ArrayList<>();
    private final ChartRender.Values values;
    private int charts;

    Inputs(ManifestReader reader, InputStream stdin, PrintStream err) {
        this(reader, stdin, err, ChartRender.Values.NONE);
    }

    Inputs(ManifestReader reader, InputStream stdin, PrintStream err, ChartRender.Values values) {
        this.reader = reader;
        this.stdin = stdin;
        this.err = err;
        this.values = values;
    }

    /** How many Helm charts were found (and rendered, or reported as not renderable). */
    int charts() {
        return charts;
    }

    List<ManifestReader.Document> documents() {
        return documents;
    }

    List<AuditReport.Input> unreadable() {
        return unreadable;
    }

    List<AuditReport.Input> skipped() {
        return skipped;
    }

    /** A file, a directory (searched as {@link AuditCommand#manifestsUnder} says) or "-" for standard input. */
    void read(String input) {
        if (input.equals("-")) {
            String text;
            try {
                text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                unreadable.add(new AuditReport.Input("-", 0, 0, "standard input could not be read"));
                return;
            }
            readText(text, "-");
            return;
        }
        Path path = Path.of(input);
        if (!Files.exists(path)) {
            unreadable.add(new AuditReport.Input(input, 0, 0, "no such file or directory"));
            return;
        }
        List<Path> files;
        List<Path> charts = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try {
                files = AuditCommand.manifestsUnder(path, charts);
            } catch (UnreadableManifest e) {
                unreadable.add(input(e));
                return;
            }
            if (files.isEmpty() && charts.isEmpty()) {
                // Not an error (a folder of a rendered chart may be empty), but a wrong path must not pass unnoticed.
                err.println("django-guard: " + input + ": no *.yaml, *.yml or *.json file in this directory");
            }
        } else {
            files = List.of(path);
        }
        // charts and files in one sorted order, so the report lists them as the directory does
        List<Path> all = new ArrayList<>(files);
        all.addAll(charts);
        all.sort(null);
        for (Path f : all) {
            if (charts.contains(f)) {
                readChart(f);
            } else {
                readFile(f);
            }
        }
    }

    private void readFile(Path f) {
        String name = f.getFileName().toString();
        if (name.equals("kustomization.yaml") || name.equals("kustomization.yml") || name.equals("Kustomization")) {
            skipped.add(new AuditReport.Input(f.toString(), 0, 0, "a kustomization: audit what it builds with: kubectl kustomize "
                    + (f.getParent() == null ? "." : f.getParent().toString()) + " | django-guard audit -"));
            return;
        }
        if (name.equals("Chart.yaml")) {
            skipped.add(new AuditReport.Input(f.toString(), 0, 0, "a Helm chart's metadata: audit the chart by naming its directory: "
                    + "django-guard audit " + (f.getParent() == null ? "." : f.getParent().toString())));
            return;
        }
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            unreadable.add(new AuditReport.Input(f.toString(), 0, 0, "could not be read (" + e.getClass().getSimpleName() + ")"));
            return;
        }
        readText(text, f.toString());
    }

    /**
     * A chart directory, rendered as helm template renders it with the command line's values; each object is read
     * under the name of the template it came from (Helm's {@code # Source:} line), e.g. {@code chart/templates/web.yaml}.
     * Line numbers of rendered text say nothing about the template, so none is given.
     */
    private void readChart(Path chart) {
        charts++;
        String rendered;
        try {
            rendered = ChartRender.render(chart, values);
        } catch (ChartRender.NotRendered e) {
            unreadable.add(new AuditReport.Input(chart.toString(), 0, 0, e.getMessage()));
            return;
        }
        String second = null;
        int split = rendered.indexOf(ChartRender.SECOND_RENDER);
        if (split >= 0) {
            second = rendered.substring(split + ChartRender.SECOND_RENDER.length());
            rendered = rendered.substring(0, split);
        }
        Map<String, StringBuilder> bySource = new LinkedHashMap<>();
        for (String document : RENDERED_DOCUMENT.split(rendered)) {
            if (document.isBlank()) {
                continue;
            }
            Matcher source = SOURCE.matcher(document);
            String file = source.lookingAt() ? templateFile(chart, source.group(1).strip()) : chart.toString();
            bySource.computeIfAbsent(file, f -> new StringBuilder()).append("---\n").append(document).append('\n');
        }
        if (bySource.isEmpty()) {
            err.println("django-guard: " + chart + ": the chart renders no manifest with these values");
        }
        Map<String, Secret> secondSecrets = second == null ? Map.of() : secrets(second);
        bySource.forEach((file, text) -> {
            try {
                for (ManifestReader.Document d : reader.read(text.toString(), file)) {
                    if (d.object() instanceof Secret s) {
                        markGenerated(s, secondSecrets.get(key(s)));
                    }
                    documents.add(new ManifestReader.Document(d.object(), new AuditReport.Source(file, d.origin().document(), 0)));
                }
            } catch (UnreadableManifest e) {
                unreadable.add(new AuditReport.Input(file, e.document(), 0, "as rendered: " + e.problem()));
            } catch (RuntimeException | StackOverflowError e) {
                unreadable.add(new AuditReport.Input(file, 0, 0, "as rendered, could not be read (" + e.getClass().getSimpleName() + ")"));
            }
        });
    }

    /** The Secrets of a render, by namespace/name; a render that cannot be read gives none (nothing is marked then). */
    private Map<String, Secret> secrets(String rendered) {
        Map<String, Secret> out = new java.util.HashMap<>();
        for (String document : RENDERED_DOCUMENT.split(rendered)) {
            if (document.isBlank()) {
                continue;
            }
            try {
                for (ManifestReader.Document d : reader.read(document, "second render")) {
                    if (d.object() instanceof Secret s) {
                        out.put(key(s), s);
                    }
                }
            } catch (UnreadableManifest | RuntimeException e) {
                // the first render's reading reports what is wrong with it
            }
        }
        return out;
    }

    private static String key(Secret s) {
        return s.getMetadata() == null ? "" : s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
    }

    /**
     * Names, in {@link SecretSubject#GENERATED_KEYS}, the keys of a rendered Secret whose values differ in a second render of the
     * same chart and values: made at each install (randAlphaNum), so not committed with the chart.
     */
    static void markGenerated(Secret first, Secret second) {
        if (second == null || first.getMetadata() == null) {
            return;
        }
        java.util.Set<String> generated = new java.util.TreeSet<>();
        differing(first.getData(), second.getData(), generated);
        differing(first.getStringData(), second.getStringData(), generated);
        if (!generated.isEmpty()) {
            Map<String, String> annotations = first.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(first.getMetadata().getAnnotations());
            annotations.put(SecretSubject.GENERATED_KEYS, String.join(",", generated));
            first.getMetadata().setAnnotations(annotations);
        }
    }

    private static void differing(Map<String, String> first, Map<String, String> second, java.util.Set<String> into) {
        if (first == null) {
            return;
        }
        for (Map.Entry<String, String> e : first.entrySet()) {
            if (second == null || !java.util.Objects.equals(e.getValue(), second.get(e.getKey()))) {
                into.add(e.getKey());
            }
        }
    }

    /** {@code mychart/templates/web.yaml} (Helm names the chart, not its folder) as a path under the chart's folder. */
    static String templateFile(Path chart, String source) {
        int slash = source.indexOf('/');
        return slash < 0 ? chart.toString() : chart.resolve(source.substring(slash + 1)).toString();
    }

    private void readText(String text, String file) {
        try {
            documents.addAll(reader.read(text, file));
        } catch (UnreadableManifest e) {
            String notAManifest = notAManifest(text, e.problem());
            if (notAManifest != null) {
                skipped.add(new AuditReport.Input(file, 0, 0, notAManifest));
            } else {
                unreadable.add(input(e));
            }
        } catch (RuntimeException | StackOverflowError e) {
            // The reader refuses what it can name; anything else is still unreadable input, not a denial.
            unreadable.add(new AuditReport.Input(file, 0, 0, "could not be read (" + e.getClass().getSimpleName() + ")"));
        }
    }

    /**
     * Why a file the reader refused is no manifest at all, or null when it is a manifest with a problem.
     * A refusal for a budget (a bomb, a depth) always stays one: only a file that reads as YAML but holds
     * no object, or that is Go template text, is told apart.
     */
    public static String notAManifest(String text, String problem) {
        if (GO_TEMPLATE.matcher(text).find()) {
            return "Go template text ({{ ... }}): a manifest only once rendered (helm template, or the tool that owns it); "
                    + "pipe the result to django-guard audit -";
        }
        boolean noObject = problem.endsWith("has no kind") || problem.contains("is not a Kubernetes object");
        if (noObject && !OBJECT_FIELD.matcher(text).find()) {
            return "YAML without apiVersion or kind: not a Kubernetes manifest (Helm values, an application's configuration?)";
        }
        return null;
    }

    private static AuditReport.Input input(UnreadableManifest e) {
        return new AuditReport.Input(e.file(), e.document(), e.line(), e.problem());
    }
}
