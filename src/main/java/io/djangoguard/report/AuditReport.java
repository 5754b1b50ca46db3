package io.djangoguard.report;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Verdict;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The dry-run audit's report, in the order the objects came; every output format is written from
 * it. Verdicts, severities, finding kinds and profiles are the engine's own types, written by their
 * id. No field ever holds a secret's value.
 */
@Schema(description = "The verdict on every object of an audit, in the order the objects came")
@JsonPropertyOrder({"summary", "results", "errors", "skippedFiles"})
public record AuditReport(Summary summary, List<Result> results,
        @Schema(description = "Inputs that could not be read; the objects of every other input are judged all the same")
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Input> errors,
        @Schema(description = "Files that are not Kubernetes manifests (a Helm chart, a kustomization, Go template text, "
                + "a values file), each with what to do instead")
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Input> skippedFiles) {

    public AuditReport {
        errors = errors == null ? List.of() : errors;
        skippedFiles = skippedFiles == null ? List.of() : skippedFiles;
    }

    public AuditReport(Summary summary, List<Result> results) {
        this(summary, results, List.of(), List.of());
    }

    /**
     * An input that was not judged: where ({@code file}; {@code document} and {@code line} are 0 when
     * unknown) and why, in one line that never quotes the input.
     */
    @Schema(description = "A file that was not judged, and why")
    @JsonPropertyOrder({"file", "document", "line", "message"})
    public record Input(String file, int document, int line, String message) {

        /** {@code k8s/a.yaml: document 2, line 12}: as the command line has always named a place. */
        public String where() {
            StringBuilder b = new StringBuilder(file == null ? "-" : file);
            if (document > 0) {
                b.append(": document ").append(document);
                if (line > 0) {
                    b.append(", line ").append(line);
                }
            } else if (line > 0) {
                b.append(": line ").append(line);
            }
            return b.toString();
        }
    }

    /** This report with what could not be read and what was skipped beside it. */
    public AuditReport withInputs(List<Input> unreadable, List<Input> skipped) {
        return new AuditReport(summary, results, List.copyOf(unreadable), List.copyOf(skipped));
    }

    /** Whether some input could not be read: the command line exits 2 then, after writing the rest. */
    public boolean anyUnreadable() {
        return errors != null && !errors.isEmpty();
    }

    /**
     * One count per verdict (they add up to {@code objects}), and {@code refused}: what decides the
     * command line's exit status, which the verdicts alone do not tell (an error may be at deny or warn).
     */
    @Schema(description = "How many objects got each verdict, and how many admission would refuse")
    @JsonPropertyOrder({"objects", "denied", "errors", "warned", "allowed", "skipped", "refused"})
    public record Summary(
            int objects,
            @Schema(description = "Verdict deny: a breach of the checklist at severity deny") int denied,
            @Schema(description = "Verdict error: something could not be evaluated, which is never a pass") int errors,
            int warned,
            int allowed,
            int skipped,
            @Schema(description = "Objects admission would refuse: every denied one and every one in error at severity "
                    + "deny; the command line exits 1 when this is above 0") int refused) {
    }

    @Schema(description = "One object and its findings")
    @JsonPropertyOrder({"apiVersion", "kind", "namespace", "name", "verdict", "reason", "profile", "enforcement", "source", "django",
        "findings"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(
            String apiVersion,
            String kind,
            String namespace,
            String name,
            @Schema(type = SchemaType.STRING, enumeration = {"deny", "error", "warn", "allow", "skipped"},
                    description = "error: something could not be evaluated; never a pass")
            @JsonSerialize(using = IdSerializer.class) Verdict verdict,
            @Schema(description = "Why the object was skipped, e.g. not a kind django-guard judges; only on a skipped object")
            @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
            @Schema(type = SchemaType.STRING, enumeration = {"declared", "strict"},
                    description = "The profile it was judged under; null when skipped")
            @JsonSerialize(using = IdSerializer.class) Profile profile,
            @Schema(description = "Where the object came from; null for objects read from the cluster") @JsonInclude(JsonInclude.Include.NON_NULL) Source source,
            List<FindingView> findings,
            @Schema(description = "The containers judged as Django and on what evidence; empty when none was found; "
                    + "absent for a ConfigMap or a skipped object") @JsonInclude(JsonInclude.Include.NON_NULL)
            List<DjangoContainer> django,
            @Schema(type = SchemaType.STRING, enumeration = {"enforce", "warn", "audit"},
                    description = "The rollout mode that applies to it: under warn and audit nothing is refused, and the "
                            + "verdict says what enforce would do; absent on a skipped object")
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonSerialize(using = IdSerializer.class) Enforcement enforcement) {

        public Result(String apiVersion, String kind, String namespace, String name, Verdict verdict, String reason,
                Profile profile, Source source, List<FindingView> findings) {
            this(apiVersion, kind, namespace, name, verdict, reason, profile, source, findings, null, Enforcement.ENFORCE);
        }

        public Result(String apiVersion, String kind, String namespace, String name, Verdict verdict, String reason,
                Profile profile, Source source, List<FindingView> findings, List<DjangoContainer> django) {
            this(apiVersion, kind, namespace, name, verdict, reason, profile, source, findings, django, Enforcement.ENFORCE);
        }

        /**
         * The Django containers in words, one a line: {@code container "web" (web): gunicorn serves shop.wsgi; ...};
         * {@code no Django container found} for a workload with none; nothing for a ConfigMap or a skipped object.
         */
        public List<String> djangoLines() {
            if (django == null) {
                return List.of();
            }
            if (django.isEmpty()) {
                return List.of("no Django container found");
            }
            return django.stream().map(d -> "container \"" + d.container() + "\" (" + d.role() + "): "
                    + String.join("; ", d.evidence())).toList();
        }

        /** A workload judged with no Django container in it: allowed, but for that reason. */
        public boolean noDjangoFound() {
            return django != null && django.isEmpty();
        }

        /**
         * Whether admission would refuse it: a finding at deny, a breach or an error, that no exemption covers, under
         * {@code enforce} ({@link ObjectResult#denied()}).
         */
        public boolean refused() {
            return (enforcement == null || enforcement == Enforcement.ENFORCE) && wouldDeny();
        }

        /** Whether {@code enforce} would refuse it. */
        public boolean wouldDeny() {
            return findings.stream().anyMatch(f -> f.severity() == Severity.DENY && f.exempt() == null);
        }

        /** {@code profile declared, enforcement warn}: how it was judged, as a denial's header says it. */
        String judgedUnder() {
            return "profile " + (profile == null ? "-" : profile.id()) + ", enforcement "
                    + (enforcement == null ? Enforcement.ENFORCE.id() : enforcement.id());
        }

        /** {@code Deployment shop/web}, as a denial names it. */
        public String describe() {
            String n = name == null ? "(unnamed)" : name;
            return kind + " " + (namespace == null || namespace.isEmpty() ? n : namespace + "/" + n);
        }

        /** Why it was skipped; a report made by hand may not say. */
        String skippedBecause() {
            return reason == null ? "not judged" : reason;
        }

        /** The findings that are errors: what could not be evaluated. */
        List<FindingView> errors() {
            return findings.stream().filter(f -> f.kind() == Finding.Kind.ERROR).toList();
        }

        /** An object in error, in words: {@code could not be fully judged (1 error); admission would refuse it}. */
        String inError() {
            int n = errors().size();
            return "could not be fully judged (" + n + (n == 1 ? " error" : " errors") + "); admission would "
                    + (refused() ? "refuse it" : wouldDeny() ? "refuse it under enforce" : "let it through with a warning");
        }
    }

    @Schema(description = "A container judged as Django: its role and the evidence")
    @JsonPropertyOrder({"container", "role", "evidence"})
    public record DjangoContainer(
            String container,
            @Schema(enumeration = {"web", "worker"}, description = "web serves HTTP (cookie, redirect and HSTS rules "
                    + "apply); worker runs migrations, task queues or management commands") String role,
            @Schema(description = "What showed it is Django, then why it has its role") List<String> evidence) {
    }

    @Schema(description = "The file (\"-\" for standard input, \"request\" for a request body), document number and first line of an object")
    public record Source(String file, int document, int line) {
    }

    @Schema(description = "One breach of the checklist, or one thing that could not be evaluated")
    @JsonPropertyOrder({"rule", "djangoCheck", "kind", "severity", "subject", "container", "setting", "path", "message",
        "remediation", "exempt"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record FindingView(
            @Schema(description = "The rule id, e.g. debug-enabled") String rule,
            @Schema(description = "Django's own check id, e.g. security.W018; null when Django has none") String djangoCheck,
            @Schema(type = SchemaType.STRING, enumeration = {"breach", "error"},
                    description = "breach: the checklist is broken; error: a value or reference could not be evaluated")
            @JsonSerialize(using = IdSerializer.class) Finding.Kind kind,
            @Schema(type = SchemaType.STRING, enumeration = {"deny", "warn"})
            @JsonSerialize(using = IdSerializer.class) Severity severity,
            @Schema(description = "Who in the object, as a denial names it: container \"web\", init container \"migrate\", "
                    + "ConfigMap \"shop-config\"") String subject,
            @Schema(description = "The container's name; null for a ConfigMap") String container,
            @Schema(description = "The Django setting, e.g. DEBUG; null when the finding is about no setting") String setting,
            @Schema(description = "Where in the object, e.g. spec.template.spec.containers[0].env[2]") String path,
            @Schema(description = "What is wrong, where the value came from; never a secret's value") String message,
            @Schema(description = "How to fix it") String remediation,
            @Schema(description = "Why an exemption (the annotations django-guard.io/exempt and exempt-reason) covers it, "
                    + "and whose it is; absent when none does. An exempt finding never refuses")
            @JsonInclude(JsonInclude.Include.NON_NULL) String exempt) {

        public FindingView(String rule, String djangoCheck, Finding.Kind kind, Severity severity, String subject,
                String container, String setting, String path, String message, String remediation) {
            this(rule, djangoCheck, kind, severity, subject, container, setting, path, message, remediation, null);
        }

        static FindingView of(Finding f) {
            return new FindingView(f.rule(), f.djangoCheck(), f.kind(), f.severity(), f.subject(), f.container(),
                    f.setting(), f.path(), f.message(), f.remediation(), f.exemptReason());
        }
    }

    /** {@code origins} runs beside {@code results}; an entry may be null (an object from the cluster). */
    public static AuditReport of(List<ObjectResult> objects, List<Source> origins) {
        int denied = 0, errors = 0, warned = 0, allowed = 0, skipped = 0, refused = 0;
        List<Result> results = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            ObjectResult r = objects.get(i);
            switch (r.verdict()) {
                case DENY -> denied++;
                case ERROR -> errors++;
                case WARN -> warned++;
                case ALLOW -> allowed++;
                case SKIPPED -> skipped++;
            }
            if (r.denied()) {
                refused++;
            }
            List<FindingView> findings = new ArrayList<>(r.findings().size());
            for (Finding f : r.findings()) {
                findings.add(FindingView.of(f));
            }
            boolean wasSkipped = r.verdict() == Verdict.SKIPPED;
            List<DjangoContainer> django = null;
            if (!wasSkipped && !"ConfigMap".equals(r.object().kind()) && !"Secret".equals(r.object().kind())) {
                django = r.django().stream().map(d -> new DjangoContainer(d.container(), d.role().id(), d.evidence())).toList();
            }
            results.add(new Result(r.object().apiVersion(), r.object().kind(), r.object().namespace(), r.object().name(),
                    r.verdict(), wasSkipped ? r.reason() : null, wasSkipped ? null : r.profile(),
                    origins == null ? null : origins.get(i), findings, django, wasSkipped ? null : r.enforcement()));
        }
        return new AuditReport(new Summary(objects.size(), denied, errors, warned, allowed, skipped, refused), results);
    }

    /**
     * Whether admission would refuse anything, a breach or an error at deny: the command line's exit
     * status (1 when it would).
     */
    public boolean anyDenied() {
        return summary.refused() > 0;
    }
}
