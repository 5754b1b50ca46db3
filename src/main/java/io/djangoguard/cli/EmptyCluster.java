package io.djangoguard.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The cluster a chart is rendered against: one that holds nothing, on the loopback interface, so a template's
 * {@code lookup} finds nothing, as under {@code helm template}. Without it, Helm's library would follow
 * {@code $KUBECONFIG} or {@code ~/.kube/config} to a real cluster from a dry-run audit. Discovery answers every
 * group/version with no resources (Helm then asks for the object and takes the 404 as "not found"); anything else
 * is a 404, and anything but GET a 405.
 */
final class EmptyCluster implements AutoCloseable {

    private static final Pattern DISCOVERY = Pattern.compile("/api/v1|/apis/[^/]+/[^/]+");

    private final HttpServer server;

    EmptyCluster() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", EmptyCluster::handle);
        server.start();
    }

    /** A kubeconfig naming this cluster only. */
    void writeKubeconfig(Path file) throws IOException {
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: empty
                    cluster:
                      server: http://%s:%d
                contexts:
                  - name: empty
                    context: {cluster: empty, user: empty, namespace: default}
                current-context: empty
                users:
                  - name: empty
                    user: {}
                """.formatted(InetAddress.getLoopbackAddress().getHostAddress(), server.getAddress().getPort()));
    }

    private static void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        x.getRequestBody().readAllBytes();
        if (!x.getRequestMethod().equals("GET")) {
            reply(x, 405, status(405, "MethodNotAllowed"));
        } else if (path.equals("/version")) {
            reply(x, 200, "{\"major\":\"1\",\"minor\":\"35\",\"gitVersion\":\"v1.35.0\"}");
        } else if (DISCOVERY.matcher(path).matches()) {
            String groupVersion = path.equals("/api/v1") ? "v1" : path.substring("/apis/".length());
            reply(x, 200, "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + groupVersion
                    .replace("\"", "") + "\",\"resources\":[]}");
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
    public void close() {
        server.stop(0);
    }
}
