package io.djangoguard.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Verdict;
import io.djangoguard.rules.RuleCatalog;

/**
 * The audit as Kubernetes policy reports, which Policy Reporter and other dashboards show beside Kyverno's, Trivy
 * Operator's and kube-bench's: one namespaced report per namespace with anything to report, and one cluster report for
 * the objects that name no namespace (manifests written without one). Each finding is one result; a workload judged as
 * Django with no finding is one {@code pass}; docs/policy-reports.md has the mapping and why.
 *
 * <p>
 * A result's message is written from the rule catalog (what the rule looks at, and the fix) and the subject's name,
 * never from the finding's own message, which quotes harmless setting values ({@code DEBUG = "True"}): a report is
 * stored in the cluster and shown on dashboards to people who may not read the workload, so no value of a setting, and
 * never a secret's, is written into one. Where the finding is, is in its properties (setting, path, subject).
 */
public final class PolicyReportFormat {

    /** The report's name in each namespace, the results' {@code policy} and {@code source}. */
    public static final String NAME = "django-guard";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String CATEGORY = "Django deployment checklist";
    /** The rule of a result about the object as a whole: a pass, or a skip with its reason. */
    public static final String WHOLE_OBJECT_RULE = "checklist";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * Every string in quotes: a value such as Django's check id {@code 4_0.E001} is a number to a YAML 1.1 reader (as
     * kubectl's is), and no generator's guess of what needs quotes can be trusted with that.
     */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    /** Which API the reports are written for; both carry the same schema of results. */
    public enum Api {
        /** {@code wgpolicyk8s.io/v1alpha2}: Kyverno's reports, read by every Policy Reporter. */
        WGPOLICYK8S("wgpolicyk8s.io", "v1alpha2", "PolicyReport", "policyreports", "ClusterPolicyReport",
                "clusterpolicyreports"),
        /** {@code openreports.io/v1alpha1}: the successor (Kyverno 1.15+, Policy Reporter 3). */
        OPENREPORTS("openreports.io", "v1alpha1", "Report", "reports", "ClusterReport", "clusterreports");

        private final String group;
        private final String version;
        private final String kind;
        private final String plural;
        private final String clusterKind;
        private final String clusterPlural;

        Api(String group, String version, String kind, String plural, String clusterKind, String clusterPlural) {
            this.group = group;
            this.version = version;
            this.kind = kind;
            this.plural = plural;
            this.clusterKind = clusterKind;
            this.clusterPlural = clusterPlural;
        }

        public String group() {
            return group;
        }

        public String version() {
            return version;
        }

        public String apiVersion() {
            return group + "/" + version;
        }

        public String kind() {
            return kind;
        }

        public String plural() {
            return plural;
        }

        public String clusterKind() {
            return clusterKind;
        }

        public String clusterPlural() {
            return clusterPlural;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private PolicyReportFormat() {
    }

    /** The reports as one YAML {@code v1 List}, which {@code kubectl apply -f} takes as it is. */
    public static String write(AuditReport report, Api api, Instant at) {
        ObjectNode list = NODES.objectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        ArrayNode items = list.putArray("items");
        reports(report, api, at).forEach(items::add);
        try {
            return YAML.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the policy reports could not be written as YAML", e);
        }
    }

    /**
     * One report per namespace that has a result, by namespace name, then the cluster report when an object without a
     * namespace has one. Nothing at all when no object has a result.
     */
    public static List<ObjectNode> reports(AuditReport report, Api api, Instant at) {
        Map<String, List<ObjectNode>> byNamespace = new TreeMap<>();
        List<ObjectNode> clusterWide = new ArrayList<>();
        for (AuditReport.Result object : report.results()) {
            List<ObjectNode> results = results(object, at);
            if (results.isEmpty()) {
                continue;
            }
            String ns = object.namespace();
            if (ns == null || ns.isEmpty()) {
                clusterWide.addAll(results);
            } else {
                byNamespace.computeIfAbsent(ns, k -> new ArrayList<>()).addAll(results);
            }
        }
        List<ObjectNode> reports = new ArrayList<>(byNamespace.size() + 1);
        byNamespace.forEach((ns, results) -> reports.add(report(api, api.kind(), ns, results)));
        if (!clusterWide.isEmpty()) {
            reports.add(report(api, api.clusterKind(), null, clusterWide));
        }
        return reports;
    }

    private static ObjectNode report(Api api, String kind, String namespace, List<ObjectNode> results) {
        ObjectNode r = NODES.objectNode();
        r.put("apiVersion", api.apiVersion());
        r.put("kind", kind);
        ObjectNode meta = r.putObject("metadata");
        meta.put("name", NAME);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        meta.putObject("labels").put(MANAGED_BY, NAME);
        if (api == Api.OPENREPORTS) {
            r.put("source", NAME);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String outcome : List.of("pass", "fail", "warn", "error", "skip")) {
            counts.put(outcome, 0);
        }
        for (ObjectNode result : results) {
            counts.merge(result.get("result").asText(), 1, Integer::sum);
        }
        ObjectNode summary = r.putObject("summary");
        counts.forEach(summary::put);
        ArrayNode array = r.putArray("results");
        results.forEach(array::add);
        return r;
    }

    /** The object's results: one per finding; a pass or a skip for the object as a whole; none for what is not Django's. */
    static List<ObjectNode> results(AuditReport.Result object, Instant at) {
        if (object.verdict() == Verdict.SKIPPED) {
            // a kind django-guard does not judge (a Service, an Ingress) is no business of the report
            if (object.reason() == null || ObjectResult.NOT_JUDGED.equals(object.reason())) {
                return List.of();
            }
            ObjectNode skip = result(object, WHOLE_OBJECT_RULE, "skip", "info", at);
            skip.put("message", object.describe() + " was not judged: " + object.reason());
            skip.put("scored", false);
            skip.putObject("properties").put("reason", object.reason());
            return List.of(skip);
        }
        List<AuditReport.FindingView> findings = object.findings() == null ? List.of() : object.findings();
        List<ObjectNode> results = new ArrayList<>(Math.max(1, findings.size()));
        for (AuditReport.FindingView f : findings) {
            results.add(finding(object, f, at));
        }
        // a workload with a Django container in it and nothing wrong: one pass, as the dashboards count passes;
        // a ConfigMap, a Secret, or a workload that runs no Django is not reported on when nothing is wrong with it
        if (findings.isEmpty() && object.django() != null && !object.django().isEmpty()) {
            ObjectNode pass = result(object, WHOLE_OBJECT_RULE, "pass", "info", at);
            pass.put("message", object.describe() + " keeps every rule of Django's deployment checklist");
            pass.put("scored", true);
            ObjectNode p = pass.putObject("properties");
            putIfPresent(p, "profile", object.profile() == null ? null : object.profile().id());
            putIfPresent(p, "enforcement", enforcement(object));
            results.add(pass);
        }
        return results;
    }

    private static ObjectNode finding(AuditReport.Result object, AuditReport.FindingView f, Instant at) {
        String outcome = outcome(f);
        ObjectNode r = result(object, f.rule(), outcome, severity(f.severity()), at);
        r.put("message", message(f));
        // warn is the non-scored outcome (the CRD's summary: "non-scored policies whose requirements were not met")
        r.put("scored", !"warn".equals(outcome));
        ObjectNode p = r.putObject("properties");
        putIfPresent(p, "djangoCheck", f.djangoCheck());
        putIfPresent(p, "setting", f.setting());
        putIfPresent(p, "path", f.path());
        putIfPresent(p, "subject", f.subject());
        putIfPresent(p, "container", f.container());
        putIfPresent(p, "severity", f.severity() == null ? null : f.severity().id());
        putIfPresent(p, "profile", object.profile() == null ? null : object.profile().id());
        putIfPresent(p, "enforcement", enforcement(object));
        putIfPresent(p, "exempt", f.exempt());
        return r;
    }

    /**
     * An exempt finding is {@code skip} (as Kyverno reports a resource a PolicyException covers); else an error is
     * {@code error}; else a breach at deny is {@code fail}, one at warn is {@code warn}. The rollout mode does not change
     * it, as it does not change the verdict: under warn and audit a deny-level breach is still a {@code fail}.
     */
    static String outcome(AuditReport.FindingView f) {
        if (f.exempt() != null) {
            return "skip";
        }
        if (f.kind() == Finding.Kind.ERROR) {
            return "error";
        }
        return f.severity() == Severity.DENY ? "fail" : f.severity() == Severity.WARN ? "warn" : "skip";
    }

    /** The configured severity: deny is high, warn medium, a rule switched off info. */
    static String severity(Severity s) {
        if (s == null) {
            return "info";
        }
        return switch (s) {
            case DENY -> "high";
            case WARN -> "medium";
            case OFF -> "info";
        };
    }

    /** {@code container "web": <what the rule looks at>; fix: <remediation>}: names only, never a value. */
    static String message(AuditReport.FindingView f) {
        Rule rule = RuleCatalog.byId(f.rule());
        String what = rule == null ? "breaks rule " + f.rule() : rule.looksAt();
        String fix = f.remediation() == null ? "" : "; fix: " + f.remediation();
        return (f.subject() == null ? "" : f.subject() + ": ") + what + fix;
    }

    private static ObjectNode result(AuditReport.Result object, String rule, String outcome, String severity, Instant at) {
        ObjectNode r = NODES.objectNode();
        r.put("policy", NAME);
        r.put("rule", rule);
        r.put("result", outcome);
        r.put("severity", severity);
        r.put("category", CATEGORY);
        r.put("source", NAME);
        r.putObject("timestamp").put("seconds", at.getEpochSecond()).put("nanos", at.getNano());
        ObjectNode ref = r.putArray("resources").addObject();
        putIfPresent(ref, "apiVersion", object.apiVersion());
        putIfPresent(ref, "kind", object.kind());
        putIfPresent(ref, "name", object.name());
        putIfPresent(ref, "namespace", object.namespace() == null || object.namespace().isEmpty() ? null : object.namespace());
        return r;
    }

    private static String enforcement(AuditReport.Result object) {
        return (object.enforcement() == null ? Enforcement.ENFORCE : object.enforcement()).id();
    }

    private static void putIfPresent(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}
