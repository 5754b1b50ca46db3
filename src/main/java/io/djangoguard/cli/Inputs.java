package io.djangoguard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.djangoguard.audit.ManifestReader;
import io.djangoguard.audit.UnreadableManifest;
import io.djangoguard.report.AuditReport;

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
    /** A line that starts a Kubernetes object's fields: a file without one is no manifest, only YAML. */
    private static final Pattern OBJECT_FIELD = Pattern.compile("(?m)^\\s*(-\\s+)?\"?(apiVersion|kind)\"?\\s*:");

    private final ManifestReader reader;
    private final InputStream stdin;
    private final PrintStream err;
    private final List<ManifestReader.Document> documents = new ArrayList<>();
    private final List<AuditReport.Input> unreadable = new ArrayList<>();
    private final List<AuditReport.Input> skipped = new ArrayList<>();

    Inputs(ManifestReader reader, InputStream stdin, PrintStream err) {
        this.reader = reader;
        this.stdin = stdin;
        this.err = err;
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
            for (Path chart : charts) {
                skipped.add(new AuditReport.Input(chart.toString(), 0, 0, "a Helm chart: its templates are manifests only once "
                        + "rendered; audit it with: helm template " + chart + " | django-guard audit -"));
            }
            if (files.isEmpty() && charts.isEmpty()) {
                // Not an error (a folder of a rendered chart may be empty), but a wrong path must not pass unnoticed.
                err.println("django-guard: " + input + ": no *.yaml, *.yml or *.json file in this directory");
            }
        } else {
            files = List.of(path);
        }
        for (Path f : files) {
            readFile(f);
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
            skipped.add(new AuditReport.Input(f.toString(), 0, 0, "a Helm chart's metadata: audit the chart with: helm template "
                    + (f.getParent() == null ? "." : f.getParent().toString()) + " | django-guard audit -"));
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
