package io.djangoguard.report;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Verdict;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The dry-run audit's report, in the order the objects came; every output format is written from
 * it. No field ever holds a secret's value.
 */
@Schema(description = "The verdict on every object of an audit, in the order the objects came")
@JsonPropertyOrder({"summary", "results"})
public record AuditReport(Summary summary, List<Result> results) {

    @Schema(description = "How many objects got each verdict")
    @JsonPropertyOrder({"objects", "denied", "errors", "warned", "allowed", "skipped"})
    public record Summary(int objects, int denied, int errors, int warned, int allowed, int skipped,
            @Schema(hidden = true) @com.fasterxml.jackson.annotation.JsonIgnore int refused) {
    }

    @Schema(description = "One object and its findings")
    @JsonPropertyOrder({"apiVersion", "kind", "namespace", "name", "verdict", "profile", "source", "findings"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(
            String apiVersion,
            String kind,
            String namespace,
            String name,
            @Schema(enumeration = {"deny", "error", "warn", "allow", "skipped"}) String verdict,
            @Schema(description = "The profile it was judged under; null when skipped", enumeration = {"declared", "strict"}) String profile,
            @Schema(description = "Where the object came from; null for objects read from the cluster") @JsonInclude(JsonInclude.Include.NON_NULL) Source source,
            List<FindingView> findings) {
    }

    @Schema(description = "The file (\"-\" for standard input, \"request\" for a request body), document number and first line of an object")
    public record Source(String file, int document, int line) {
    }

    @Schema(description = "One breach of the checklist")
    @JsonPropertyOrder({"rule", "djangoCheck", "severity", "container", "setting", "path", "message", "remediation"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record FindingView(
            @Schema(description = "The rule id, e.g. debug-enabled") String rule,
            @Schema(description = "Django's own check id, e.g. security.W018; null when Django has none") String djangoCheck,
            @Schema(enumeration = {"deny", "warn"}) String severity,
            @Schema(description = "The container's name; null for a ConfigMap") String container,
            @Schema(description = "The Django setting, e.g. DEBUG; null when the finding is about no setting") String setting,
            @Schema(description = "Where in the object, e.g. spec.template.spec.containers[0].env[2]") String path,
            @Schema(description = "What is wrong, where the value came from; never a secret's value") String message,
            @Schema(description = "How to fix it") String remediation) {
    }

    /** {@code origins} runs beside {@code results}; an entry may be null (an object from the cluster). */
    public static AuditReport of(List<ObjectResult> objects, List<Source> origins) {
        int denied = 0, errors = 0, refused = 0, warned = 0, allowed = 0, skipped = 0;
        List<Result> results = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            ObjectResult r = objects.get(i);
            if (r.denied()) {
                refused++;
            }
            Source o = origins == null ? null : origins.get(i);
            switch (r.verdict()) {
                case DENY -> denied++;
                case ERROR -> errors++;
                case WARN -> warned++;
                case ALLOW -> allowed++;
                case SKIPPED -> skipped++;
            }
            List<FindingView> findings = new ArrayList<>(r.findings().size());
            for (Finding f : r.findings()) {
                findings.add(new FindingView(f.rule(), f.djangoCheck(), f.severity().id(), f.container(), f.setting(),
                        f.path(), f.message(), f.remediation()));
            }
            results.add(new Result(r.object().apiVersion(), r.object().kind(), r.object().namespace(), r.object().name(),
                    r.verdict().id(), r.verdict() == Verdict.SKIPPED || r.profile() == null ? null : r.profile().id(),
                    o, findings));
        }
        return new AuditReport(new Summary(objects.size(), denied, errors, warned, allowed, skipped, refused), results);
    }

    /** Whether admission would refuse anything (a breach or an error at deny): the command line's exit status. */
    public boolean anyDenied() {
        return summary.refused() > 0;
    }
}
