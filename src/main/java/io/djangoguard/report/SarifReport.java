package io.djangoguard.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Verdict;
import io.djangoguard.rules.RuleCatalog;

/**
 * The audit as a SARIF 2.1.0 log, the format GitHub code scanning uploads: every rule of the
 * catalog as a reporting descriptor (in catalog order, so {@code ruleIndex} is stable), one result
 * per finding; each error (something that could not be evaluated) also as a tool execution
 * notification, and each skipped object as a note saying why. Written only from the report and the
 * catalog, so it never holds a secret's value.
 */
public final class SarifReport {

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    public static final String VERSION = "2.1.0";
    public static final String TOOL = "django-guard";
    public static final String INFORMATION_URI = "https://github.com/django-guard/django-guard";
    /** The key of the one partial fingerprint; bump its version if what goes into it changes. */
    public static final String FINGERPRINT = "djangoGuard/v1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private SarifReport() {
    }

    public static String write(AuditReport report, Policy policy) {
        ObjectNode log = JSON.createObjectNode();
        log.put("$schema", SCHEMA);
        log.put("version", VERSION);
        ObjectNode run = log.putArray("runs").addObject();

        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", TOOL);
        driver.put("informationUri", INFORMATION_URI);
        String version = toolVersion();
        driver.put("semanticVersion", version);
        driver.put("version", version);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> index = new HashMap<>();
        List<Rule> catalog = RuleCatalog.all();
        for (int i = 0; i < catalog.size(); i++) {
            Rule r = catalog.get(i);
            index.put(r.id(), i);
            rules.add(descriptor(r, policy));
        }

        // What could not be evaluated is reported, not a failure of the tool; an input it could not read is.
        ObjectNode invocation = run.putArray("invocations").addObject().put("executionSuccessful", !report.anyUnreadable());
        ArrayNode notifications = JSON.createArrayNode();
        for (AuditReport.Input i : report.errors()) {
            notifications.add(input(i, "error", "could not be read: "));
        }
        for (AuditReport.Input i : report.skippedFiles()) {
            notifications.add(input(i, "note", "skipped, not a Kubernetes manifest: "));
        }

        ArrayNode results = run.putArray("results");
        for (AuditReport.Result object : report.results()) {
            if (object.verdict() == Verdict.SKIPPED) {
                notifications.add(skipped(object));
                continue;
            }
            if (object.findings() == null) {
                continue;
            }
            for (AuditReport.FindingView f : object.findings()) {
                results.add(result(object, f, index));
                if (f.kind() == Finding.Kind.ERROR) {
                    notifications.add(notification(object, f, index));
                }
            }
        }
        if (!notifications.isEmpty()) {
            invocation.set("toolExecutionNotifications", notifications);
        }

        AuditReport.Summary s = report.summary();
        ObjectNode summary = run.putObject("properties").putObject("summary");
        summary.put("objects", s.objects());
        summary.put("denied", s.denied());
        summary.put("errors", s.errors());
        summary.put("warned", s.warned());
        summary.put("allowed", s.allowed());
        summary.put("skipped", s.skipped());
        summary.put("refused", s.refused());
        // which containers were judged as Django and why, for every judged workload (SARIF results are findings only)
        ArrayNode django = run.withObject("properties").putArray("django");
        for (AuditReport.Result r : report.results()) {
            if (r.django() == null) {
                continue;
            }
            ObjectNode o = django.addObject().put("object", r.describe());
            if (r.source() != null) {
                o.put("file", r.source().file());
            }
            ArrayNode containers = o.putArray("containers");
            for (AuditReport.DjangoContainer d : r.django()) {
                ObjectNode c = containers.addObject().put("container", d.container()).put("role", d.role());
                d.evidence().forEach(c.putArray("evidence")::add);
            }
        }

        try {
            return JSON.writer(PRETTY).writeValueAsString(log) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the SARIF log", e);
        }
    }

    private static ObjectNode descriptor(Rule r, Policy policy) {
        ObjectNode d = JSON.createObjectNode();
        d.put("id", r.id());
        d.put("name", upperCamel(r.id()));
        d.putObject("shortDescription").put("text", r.looksAt());
        d.putObject("fullDescription").put("text", fullDescription(r));
        d.putObject("help").put("text", r.remediation(policy));
        d.putObject("defaultConfiguration").put("level", level(policy.severityOf(r)));
        ObjectNode p = d.putObject("properties");
        p.putArray("tags").add("security").add("django");
        if (r.djangoCheck() != null) {
            p.put("djangoCheck", r.djangoCheck());
        }
        p.put("precision", "high");
        return d;
    }

    /** {@code looksAt} as a sentence, and Django's own check when there is one. */
    private static String fullDescription(Rule r) {
        String s = r.looksAt().strip();
        if (!s.isEmpty() && ".!?".indexOf(s.charAt(s.length() - 1)) < 0) {
            s += ".";
        }
        return r.djangoCheck() == null ? s : s + " Django's own check for it is " + r.djangoCheck() + ".";
    }

    private static ObjectNode result(AuditReport.Result object, AuditReport.FindingView f, Map<String, Integer> index) {
        ObjectNode r = JSON.createObjectNode();
        r.put("ruleId", f.rule());
        Integer i = index.get(f.rule());
        if (i != null) {
            r.put("ruleIndex", i);
        }
        r.put("level", level(f.severity()));
        r.putObject("message").put("text", FindingLine.messageAndFix(f.message(), f.remediation()));
        r.putArray("locations").add(location(object, f));
        r.putObject("partialFingerprints").put(FINGERPRINT, fingerprint(object, f));
        if (f.exempt() != null) {
            // SARIF's own place for a result someone decided to accept: code scanning shows it as dismissed, with why
            r.putArray("suppressions").addObject().put("kind", "inSource").put("status", "accepted")
                    .put("justification", f.exempt());
        }
        r.putObject("properties").put("enforcement", object.enforcement() == null ? "enforce" : object.enforcement().id());
        return r;
    }

    /**
     * An error as a tool execution notification too: its result puts it in the code, where it is to be
     * fixed; this says the run could not judge everything, which the results alone do not.
     */
    private static ObjectNode notification(AuditReport.Result object, AuditReport.FindingView f, Map<String, Integer> index) {
        ObjectNode n = JSON.createObjectNode();
        n.put("level", level(f.severity()));
        n.putObject("message").put("text", object.describe() + ": " + FindingLine.of(f));
        ObjectNode rule = n.putObject("associatedRule").put("id", f.rule());
        Integer i = index.get(f.rule());
        if (i != null) {
            rule.put("index", i);
        }
        n.putArray("locations").add(location(object, f));
        return n;
    }

    /** A skipped object as a note, with why: a skip is no result, but the run should say what it did not judge. */
    private static ObjectNode skipped(AuditReport.Result object) {
        ObjectNode n = JSON.createObjectNode();
        n.put("level", "note");
        n.putObject("message").put("text", object.describe() + " was skipped: " + object.skippedBecause());
        n.putArray("locations").add(location(object, null));
        return n;
    }

    /** A file that was not judged, at its file and line. */
    private static ObjectNode input(AuditReport.Input input, String level, String what) {
        ObjectNode n = JSON.createObjectNode();
        n.put("level", level);
        n.putObject("message").put("text", input.where() + " " + what + input.message());
        ObjectNode physical = n.putArray("locations").addObject().putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(new AuditReport.Source(input.file(), input.document(), input.line())));
        physical.putObject("region").put("startLine", Math.max(1, input.line()));
        return n;
    }

    /** The file and line of the object, and the path in it of the finding (none for the object as a whole). */
    private static ObjectNode location(AuditReport.Result object, AuditReport.FindingView f) {
        ObjectNode location = JSON.createObjectNode();
        ObjectNode physical = location.putObject("physicalLocation");
        AuditReport.Source source = object.source();
        physical.putObject("artifactLocation").put("uri", uri(source));
        physical.putObject("region").put("startLine", source == null ? 1 : Math.max(1, source.line()));
        ObjectNode logical = location.putArray("logicalLocations").addObject();
        String name = String.join("/", orDash(object.kind()), orDash(object.namespace()), orDash(object.name()));
        logical.put("fullyQualifiedName", f == null ? name : name + "/" + orDash(f.path()));
        logical.put("kind", "object");
        return location;
    }

    /** SARIF levels: deny is an error, warn a warning, a rule switched off has none. */
    static String level(Severity s) {
        return switch (s) {
            case DENY -> "error";
            case WARN -> "warning";
            case OFF -> "none";
        };
    }

    /** Where the object came from, as a URI reference: "cluster" when read from one, "stdin" for "-". */
    static String uri(AuditReport.Source source) {
        if (source == null || source.file() == null || source.file().isEmpty()) {
            return "cluster";
        }
        if (source.file().equals("-")) {
            return "stdin";
        }
        return encodePath(source.file().replace('\\', '/'));
    }

    /** Percent-encodes what a URI reference cannot hold (spaces, non-ASCII...), keeps the path readable. */
    private static String encodePath(String path) {
        StringBuilder b = new StringBuilder(path.length() + 8);
        for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~/:@!$&'()*+,;=".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /**
     * What identifies a finding across runs: the object, the rule, the container and the setting;
     * not the file, line or message, which move or change wording without the finding changing.
     */
    static String fingerprint(AuditReport.Result object, AuditReport.FindingView f) {
        StringBuilder key = new StringBuilder(128);
        for (String part : new String[] {object.kind(), object.namespace(), object.name(), f.rule(), f.container(),
                f.setting()}) {
            // the length in front keeps ("ab", "c") and ("a", "bc") apart; -1 keeps null apart from ""
            key.append(part == null ? -1 : part.length()).append(':').append(part == null ? "" : part).append('\n');
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** {@code debug-enabled} becomes {@code DebugEnabled}. */
    static String upperCamel(String id) {
        StringBuilder b = new StringBuilder(id.length());
        boolean up = true;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '-' || c == '_' || c == '.') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String toolVersion() {
        Package p = SarifReport.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null || v.isBlank() ? "0.1.0" : v;
    }
}
