package io.djangoguard.chart;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/**
 * Just enough of a Kubernetes API, on 127.0.0.1, for {@code helm template --dry-run=server}: the version,
 * discovery of the kinds the chart renders, an empty release history, and GET of a Secret, which is what the
 * chart's {@code lookup} reads. Anything else is a 404 (and any write a 405: nothing is created). Lets a test
 * play "the Secret the last install left in the cluster" without a cluster.
 */
final class FakeApiServer implements AutoCloseable {

    private static final Pattern SECRET = Pattern.compile("/api/v1/namespaces/([^/]+)/secrets/([^/?]+)");

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    final Path kubeconfig;

    FakeApiServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.start();
            kubeconfig = Files.createTempFile("django-guard-kubeconfig", ".yaml");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: fake
                        cluster:
                          server: http://127.0.0.1:%d
                    contexts:
                      - name: fake
                        context: {cluster: fake, user: fake}
                    current-context: fake
                    users:
                      - name: fake
                        user: {token: fake}
                    """.formatted(server.getAddress().getPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Secret as the API holds it after {@code helm install RELEASE} applied it (with Helm's ownership annotations). */
    void put(Secret secret, String release) {
        Secret applied = new SecretBuilder(secret).editMetadata()
                .addToAnnotations("meta.helm.sh/release-name", release)
                .addToAnnotations("meta.helm.sh/release-namespace", secret.getMetadata().getNamespace())
                .withResourceVersion("1").endMetadata().build();
        secrets.put(secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName(), Rendered.SERIALIZATION.asJson(applied));
    }

    void clear() {
        secrets.clear();
    }

    /** Discovery: group/version → resources (name, kind, namespaced), for the kinds the chart renders. */
    private static final Map<String, List<String[]>> RESOURCES = Map.of(
            "v1", rs(r("secrets", "Secret", true), r("configmaps", "ConfigMap", true), r("services", "Service", true),
                    r("serviceaccounts", "ServiceAccount", true), r("pods", "Pod", true), r("namespaces", "Namespace", false)),
            "apps/v1", rs(r("deployments", "Deployment", true)),
            "policy/v1", rs(r("poddisruptionbudgets", "PodDisruptionBudget", true)),
            "autoscaling/v2", rs(r("horizontalpodautoscalers", "HorizontalPodAutoscaler", true)),
            "rbac.authorization.k8s.io/v1", rs(r("clusterroles", "ClusterRole", false), r("clusterrolebindings", "ClusterRoleBinding", false)),
            "admissionregistration.k8s.io/v1", rs(r("validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false)),
            "cert-manager.io/v1", rs(r("certificates", "Certificate", true), r("issuers", "Issuer", true)));

    private static List<String[]> rs(String[]... resources) {
        return List.of(resources);
    }

    private static String[] r(String name, String kind, boolean namespaced) {
        return new String[] { name, kind, String.valueOf(namespaced) };
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        Matcher m = SECRET.matcher(path);
        if (!x.getRequestMethod().equals("GET")) {
            reply(x, 405, status(405, "MethodNotAllowed"));
        } else if (path.equals("/version")) {
            reply(x, 200, "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\",\"platform\":\"linux/amd64\"}");
        } else if (path.equals("/api")) {
            reply(x, 200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}");
        } else if (path.equals("/apis")) {
            String groups = RESOURCES.keySet().stream().filter(gv -> gv.contains("/")).sorted().map(gv -> {
                String version = "{\"groupVersion\":\"" + gv + "\",\"version\":\"" + gv.substring(gv.indexOf('/') + 1) + "\"}";
                return "{\"name\":\"" + gv.substring(0, gv.indexOf('/')) + "\",\"versions\":[" + version + "],\"preferredVersion\":" + version + "}";
            }).collect(Collectors.joining(","));
            reply(x, 200, "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" + groups + "]}");
        } else if (path.equals("/api/v1") || path.startsWith("/apis/") && RESOURCES.containsKey(path.substring(6))) {
            String gv = path.equals("/api/v1") ? "v1" : path.substring(6);
            String resources = RESOURCES.get(gv).stream().map(r -> "{\"name\":\"" + r[0] + "\",\"singularName\":\"\",\"namespaced\":" + r[2]
                    + ",\"kind\":\"" + r[1] + "\",\"verbs\":[\"get\",\"list\",\"create\",\"update\",\"patch\",\"delete\"]}")
                    .collect(Collectors.joining(","));
            reply(x, 200, "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + gv + "\",\"resources\":[" + resources + "]}");
        } else if (m.matches()) {
            String secret = secrets.get(m.group(1) + "/" + m.group(2));
            if (secret == null) {
                reply(x, 404, status(404, "NotFound"));
            } else {
                reply(x, 200, secret);
            }
        } else if (path.matches("/api/v1/namespaces/[^/]+/secrets")) {
            // Helm's release storage asks for the release's history: there is none.
            reply(x, 200, "{\"kind\":\"SecretList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}");
        } else {
            reply(x, 404, status(404, "NotFound"));
        }
    }

    private static String status(int code, String reason) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    }

    private static void reply(HttpExchange x, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        Files.deleteIfExists(kubeconfig);
    }
}
