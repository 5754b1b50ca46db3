package io.djangoguard.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The chart's ServiceMonitor and PrometheusRule (metrics.*): off by default, rendered and lint-clean when on, scraping
 * the webhook Service's https port at /q/metrics, with alerts whose expressions name the metrics the server exports.
 * Helm runs as in the chart tests (io.djangoguard.chart.Helm, helm-java in a JVM of its own), reached by reflection
 * since that class is the chart package's own.
 */
class MonitoringChartTest {

    private static final String NS = "guard-system";
    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    static Stream<Arguments> switches() {
        return Stream.of(
                Arguments.of(List.of(), List.of()),
                Arguments.of(List.of("--set", "metrics.serviceMonitor.enabled=true"), List.of("ServiceMonitor")),
                Arguments.of(List.of("--set", "metrics.prometheusRule.enabled=true"), List.of("PrometheusRule")),
                Arguments.of(List.of("--set", "metrics.serviceMonitor.enabled=true", "--set", "metrics.prometheusRule.enabled=true",
                        "--set", "audit.networkPolicy.enabled=true"), List.of("ServiceMonitor", "PrometheusRule")));
    }

    @ParameterizedTest
    @MethodSource("switches")
    void rendersWhatIsSwitchedOnAndLintsClean(List<String> set, List<String> kinds) throws Exception {
        List<GenericKubernetesResource> monitoring = render(set).stream()
                .filter(r -> r.getApiVersion().startsWith("monitoring.coreos.com/")).toList();
        assertEquals(new java.util.TreeSet<>(kinds), monitoring.stream().map(GenericKubernetesResource::getKind)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
        assertEquals(kinds.size(), monitoring.size());
        List<String> lint = new ArrayList<>(List.of("lint", "--strict", chart(), "--namespace", NS));
        lint.addAll(set);
        Object r = helm(lint.toArray(String[]::new));
        assertEquals(0, (int) call(r, "exit"), () -> "helm lint: " + call(r, "both"));
        String out = (String) call(r, "out");
        assertFalse(out.contains("[WARNING]") || out.contains("[ERROR]"), out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theServiceMonitorScrapesTheWebhookServicesHttpsPortAtQMetrics() throws Exception {
        List<GenericKubernetesResource> all = render(List.of("--set", "metrics.serviceMonitor.enabled=true",
                "--set", "metrics.serviceMonitor.labels.release=kps", "--set", "audit.networkPolicy.enabled=true"));
        GenericKubernetesResource monitor = one(all, "ServiceMonitor");
        GenericKubernetesResource service = all.stream().filter(r -> r.getKind().equals("Service")
                && "webhook".equals(r.getMetadata().getLabels().get("app.kubernetes.io/component"))).findFirst().orElseThrow();
        assertEquals("kps", monitor.getMetadata().getLabels().get("release"));
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        Map<String, Object> selector = (Map<String, Object>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
        assertTrue(service.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()), "selects the webhook Service");
        Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
        assertEquals("https", endpoint.get("port"));
        assertEquals("https", endpoint.get("scheme"));
        assertEquals("/q/metrics", endpoint.get("path"));
        assertEquals(Map.of("insecureSkipVerify", true), endpoint.get("tlsConfig"));
        // The NetworkPolicy admits every source on that port: Prometheus needs no peer of its own.
        GenericKubernetesResource policy = one(all, "NetworkPolicy");
        List<Map<String, Object>> ingress = (List<Map<String, Object>>) ((Map<String, Object>) policy.getAdditionalProperties()
                .get("spec")).get("ingress");
        assertTrue(ingress.stream().anyMatch(rule -> !rule.containsKey("from")
                && rule.get("ports").toString().contains("port=https")), ingress::toString);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAlertsNameTheExportedMetricsAndTheReleaseNamespace() throws Exception {
        String values = java.nio.file.Path.of("src/test/resources/observe/alerts-values.yaml").toAbsolutePath().toString();
        GenericKubernetesResource rule = one(render(List.of("-f", values)), "PrometheusRule");
        Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) ((List<Map<String, Object>>) spec.get("groups")).get(0)
                .get("rules");
        Map<String, String> expr = new java.util.LinkedHashMap<>();
        rules.forEach(r -> expr.put((String) r.get("alert"), (String) r.get("expr")));
        assertEquals(List.of("DjangoGuardReviewErrors", "DjangoGuardSlowReviews", "DjangoGuardCachesNotLoaded"),
                List.copyOf(expr.keySet()));
        assertTrue(expr.get("DjangoGuardReviewErrors").contains(
                "django_guard_reviews_total{namespace=\"guard-system\",outcome=~\"internal_error|bad_request\"}"),
                expr.get("DjangoGuardReviewErrors"));
        assertTrue(expr.get("DjangoGuardSlowReviews").startsWith("histogram_quantile(0.99, sum by (namespace, le) "
                + "(rate(django_guard_review_duration_seconds_bucket{namespace=\"guard-system\"}[5m])))"), expr.get("DjangoGuardSlowReviews"));
        assertTrue(expr.get("DjangoGuardSlowReviews").strip().endsWith("> 0.25"), expr.get("DjangoGuardSlowReviews"));
        assertTrue(expr.get("DjangoGuardCachesNotLoaded").contains(
                "django_guard_cache_state{namespace=\"guard-system\",phase=~\"loading|unreachable\"}) == 1"));
        assertEquals("10m", rules.get(2).get("for"));
        String description = ((Map<String, String>) rules.get(2).get("annotations")).get("description");
        assertTrue(description.contains("{{ $labels.pod }}"), "Prometheus' template is left to Prometheus: " + description);
    }

    // ---- helm, as the chart tests run it ----

    private static List<GenericKubernetesResource> render(List<String> set) throws Exception {
        List<String> args = new ArrayList<>(List.of("template", "guard", chart(), "--namespace", NS));
        args.addAll(set);
        Object r = helm(args.toArray(String[]::new));
        assertEquals(0, (int) call(r, "exit"), () -> "helm template: " + call(r, "both"));
        List<GenericKubernetesResource> out = new ArrayList<>();
        for (String doc : SEPARATOR.split((String) call(r, "out"))) {
            if (doc.lines().anyMatch(l -> !l.isBlank() && !l.stripLeading().startsWith("#"))) {
                out.add(YAML.unmarshal(doc, GenericKubernetesResource.class));
            }
        }
        return out;
    }

    private static GenericKubernetesResource one(List<GenericKubernetesResource> all, String kind) {
        List<GenericKubernetesResource> found = all.stream().filter(r -> r.getKind().equals(kind)).toList();
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }

    private static String chart() {
        return java.nio.file.Path.of("helm/django-guard").toAbsolutePath().toString();
    }

    private static Object helm(String... args) throws Exception {
        Method run = Class.forName("io.djangoguard.chart.Helm").getDeclaredMethod("run", String[].class);
        run.setAccessible(true);
        return run.invoke(null, (Object) args);
    }

    private static Object call(Object result, String accessor) {
        try {
            Method m = result.getClass().getDeclaredMethod(accessor);
            m.setAccessible(true);
            return m.invoke(result);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
