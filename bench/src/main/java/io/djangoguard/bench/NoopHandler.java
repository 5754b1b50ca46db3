package io.djangoguard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * The baseline django-guard is compared with: an admission webhook that allows everything, on the same stack as
 * django-guard's {@code POST /validate} and nothing else. Plain Vert.x (the Vert.x Quarkus runs on), HTTPS with TLS 1.3
 * only and a PEM certificate and key given by path (as django-guard's {@code TlsMaterial}), HTTP/1.1 and HTTP/2 by
 * ALPN, as many event loops as Quarkus would start (one per core, at least 2, at most one per 10 MiB of heap) each with
 * an instance of the server on it, the body read whole, parsed with Jackson into a tree and answered with Jackson on
 * the event loop ({@code AdmissionResource} is {@code @NonBlocking} too).
 * <p>
 * What django-guard costs on top of this is its judgement plus Quarkus' routing (RESTEasy Reactive, the fabric8
 * model binding of the review, CDI): the ratio of the two under the same load is the number to watch (bench/http.sh).
 * <p>
 * {@code POST /validate}: {@code {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":
 * <request.uid>,"allowed":true}}}; a body that is not JSON, or has no {@code request.uid}, gets 400. Any other path or
 * method gets 404. {@code GET /q/health/ready} answers 200, so the scripts can wait for both servers the same way.
 * <p>
 * Usage: {@code NoopHandler PORT CERT.pem KEY.pem [EVENT_LOOPS]}. Prints one line starting with "ready" once every
 * server instance listens; stops on SIGTERM.
 */
public final class NoopHandler extends AbstractVerticle {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NOT_FOUND = "{\"error\":\"not found\",\"status\":404}".getBytes();

    private final int port;
    private final String certFile;
    private final String keyFile;

    NoopHandler(int port, String certFile, String keyFile) {
        this.port = port;
        this.certFile = certFile;
        this.keyFile = keyFile;
    }

    public static void main(String[] args) throws Exception {
        // JBoss LogManager is on the test classpath (through Quarkus) and says so when the JDK's logging starts without it.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: NoopHandler PORT CERT.pem KEY.pem [EVENT_LOOPS]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        for (String file : new String[] {args[1], args[2]}) {
            if (!Files.isReadable(Path.of(file))) {
                System.err.println("NoopHandler: cannot read " + file);
                System.exit(2);
            }
        }
        int loops = args.length == 4 ? Integer.parseInt(args[3]) : quarkusEventLoops();
        long started = System.nanoTime();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().onComplete(done -> stopped.countDown());
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "noop-shutdown"));
        // One server instance per event loop, as Quarkus deploys its HTTP verticle (quarkus.http.io-threads defaults to
        // the number of event loops): Vert.x spreads the connections of one port over the instances' event loops.
        vertx.deployVerticle(() -> new NoopHandler(port, args[1], args[2]), new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.printf("ready: no-op AdmissionReview handler on https://localhost:%d/validate "
                        + "(%d event loops, started in %d ms)%n", port, loops, (System.nanoTime() - started) / 1_000_000))
                .onFailure(e -> {
                    System.err.println("NoopHandler: cannot start: " + e);
                    System.exit(1);
                });
    }

    /** Quarkus' default number of event loops (VertxCoreRecorder.calculateDefaultIOThreads in Quarkus 3.33). */
    static int quarkusEventLoops() {
        long maxAllowed = Runtime.getRuntime().maxMemory() / (1024 * 1024) / 10;
        return (int) Math.max(2, Math.min(maxAllowed, Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public void start(Promise<Void> started) {
        HttpServerOptions options = new HttpServerOptions()
                .setPort(port)
                .setHost("0.0.0.0")
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certFile).setKeyPath(keyFile))
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
                .setUseAlpn(true);
        vertx.createHttpServer(options).requestHandler(NoopHandler::handle).listen()
                .<Void>mapEmpty().onComplete(started);
    }

    private static void handle(HttpServerRequest request) {
        String path = request.path();
        if (request.method() == HttpMethod.POST && path.equals("/validate")) {
            request.body().onSuccess(body -> answer(request, body)).onFailure(e -> request.connection().close());
        } else if (request.method() == HttpMethod.GET && path.startsWith("/q/health")) {
            request.response().putHeader("content-type", "application/json").end("{\"status\":\"UP\",\"checks\":[]}");
        } else {
            request.response().setStatusCode(404).putHeader("content-type", "application/json").end(Buffer.buffer(NOT_FOUND));
        }
    }

    private static void answer(HttpServerRequest request, Buffer body) {
        JsonNode uid;
        try {
            uid = JSON.readTree(body.getBytes()).path("request").path("uid");
        } catch (java.io.IOException e) {
            uid = null;
        }
        if (uid == null || !uid.isTextual()) {
            request.response().setStatusCode(400).putHeader("content-type", "application/json")
                    .end("{\"error\":\"not an AdmissionReview with a request.uid\",\"status\":400}");
            return;
        }
        ObjectNode review = JSON.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        ObjectNode response = review.putObject("response");
        response.set("uid", uid);
        response.put("allowed", true);
        byte[] out;
        try {
            out = JSON.writeValueAsBytes(review);
        } catch (JsonProcessingException e) {
            request.response().setStatusCode(500).end();
            return;
        }
        request.response().putHeader("content-type", "application/json").end(Buffer.buffer(out));
    }
}
