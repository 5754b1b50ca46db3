package io.djangoguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under load, on the packaged jar with the shipped shutdown configuration: reviews are sent from several
 * threads without a pause, over kept-alive HTTPS connections, and the server is sent SIGTERM.
 * <p>
 * The clients behave as the API server does behind the webhook's Service: a connection it already holds to this pod
 * is used for the next review whatever readiness says (the Service only routes new connections), and a new
 * connection reaches this pod only while the pod is in the Service's endpoints, which it leaves a second after
 * readiness reports DOWN (in a cluster it leaves earlier, when it starts terminating; the chart's preStop pause
 * covers that). Every request written to a connection must get a complete HTTP response: zero unanswered. A
 * connection that was accepted and then dropped, in the TLS handshake or after the request, counts as unanswered;
 * only a connection refused outright counts as not sent.
 * <p>
 * One more client ignores readiness and opens connections straight to the port until it is refused, as a caller that
 * bypasses the Service would. Its losses at the instant the listener closes are reported, not asserted: a connection
 * accepted in the last milliseconds before the close is dropped (Vert.x 4 closes the listener and the connections
 * together), and a refused one is as much a failed review for the API server. What protects admission is that no new
 * connection is routed here by then.
 */
class ShutdownUnderLoadIT {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path JAR = ROOT.resolve("target/quarkus-app/quarkus-run.jar");
    static final Path BAD_REVIEW = ROOT.resolve("examples/admission-review-bad.json");
    static final String UID = "b0c1d2e3-0000-4000-8000-00000000bad1";
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final int CLIENTS = 4;
    /** Load before the signal, so that every client holds a kept-alive connection and the JIT has warmed up. */
    static final Duration LOAD_BEFORE_SIGTERM = Duration.ofSeconds(3);
    /**
     * How long after readiness reports DOWN the Service still routes new connections here (kube-proxy and the API
     * server's endpoint cache are updated within about a second; well inside quarkus.shutdown.delay).
     */
    static final Duration ENDPOINTS_PROPAGATION = Duration.ofSeconds(1);

    @TempDir
    Path work;

    final AtomicLong readinessDownAt = new AtomicLong();
    final AtomicLong portClosedAt = new AtomicLong();
    final AtomicBoolean stopped = new AtomicBoolean();

    /** What one client saw. */
    final class Client implements Runnable {
        final String name;
        /** Whether it opens new connections only while the pod is in the Service's endpoints (readiness UP). */
        final boolean throughTheService;
        final SSLContext tls;
        final int port;
        final byte[] body;
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger answeredAfterSigterm = new AtomicInteger();
        final AtomicInteger answeredWhileDown = new AtomicInteger();
        /** Responses that closed the connection (Connection: close), after which the client opened a new one. */
        final AtomicInteger closedByServer = new AtomicInteger();
        final ConcurrentLinkedQueue<String> unanswered = new ConcurrentLinkedQueue<>();
        volatile long signalAt;

        Client(String name, boolean throughTheService, SSLContext tls, int port, byte[] body) {
            this.name = name;
            this.throughTheService = throughTheService;
            this.tls = tls;
            this.port = port;
            this.body = body;
        }

        @Override
        public void run() {
            SSLSocket socket = null;
            int n = 0;
            try {
                while (!stopped.get()) {
                    if (socket == null) {
                        long down = readinessDownAt.get();
                        if (throughTheService && down != 0 && System.nanoTime() - down > ENDPOINTS_PROPAGATION.toNanos()) {
                            return; // out of the endpoints: its next connection goes to another pod
                        }
                        Socket plain = new Socket();
                        try {
                            plain.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                        } catch (ConnectException refused) {
                            portClosedAt.compareAndSet(0, System.nanoTime());
                            return; // nothing sent: the listener is gone
                        } catch (IOException e) {
                            unanswered.add(name + " connection for request " + (n + 1) + ": " + e);
                            continue;
                        }
                        plain.setSoTimeout(10_000);
                        socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", port, true);
                    }
                    n++;
                    boolean afterSigterm = signalAt != 0;
                    Response r;
                    try {
                        OutputStream out = socket.getOutputStream(); // (the first write runs the TLS handshake)
                        out.write(("POST /validate HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                        r = Response.read(socket.getInputStream());
                    } catch (IOException e) {
                        unanswered.add(name + " request " + n + ": " + e);
                        closeQuietly(socket);
                        socket = null;
                        continue;
                    }
                    if (r.status() != 200 || !r.body().contains(UID)) {
                        unanswered.add(name + " request " + n + ": HTTP " + r.status() + " " + r.body());
                    } else {
                        answered.incrementAndGet();
                        if (afterSigterm) {
                            answeredAfterSigterm.incrementAndGet();
                        }
                        if (readinessDownAt.get() != 0) {
                            answeredWhileDown.incrementAndGet();
                        }
                    }
                    if (r.closes()) {
                        closedByServer.incrementAndGet();
                        closeQuietly(socket);
                        socket = null;
                    }
                }
            } catch (IOException e) {
                unanswered.add(name + ": " + e);
            } finally {
                closeQuietly(socket);
            }
        }

        String describe() {
            return String.format(Locale.ROOT, "%s: %d answered (%d after SIGTERM, %d while readiness was DOWN), %d connections "
                    + "closed by the server after a response, %d unanswered %s", name, answered.get(), answeredAfterSigterm.get(),
                    answeredWhileDown.get(), closedByServer.get(), unanswered.size(), unanswered);
        }
    }

    @Test
    void sigtermUnderLoadAnswersEveryRequestThatWasSent() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            fail(JAR + " is missing: build it first with ./mvnw package -DskipTests (or run ./mvnw verify)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = work.resolve("server.log");
        // The shipped shutdown configuration (application.properties): no -Dquarkus.shutdown.* here.
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-Dquarkus.http.ssl-port=" + port, "-Ddjango-guard.cluster.enabled=false",
                "-jar", JAR.toString()).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("JAVA_OPTS");
        Process server = pb.start();
        SSLContext tls = TestTls.trustAll();
        byte[] body = Files.readAllBytes(BAD_REVIEW);
        List<Client> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build();
            TestServers.awaitReady(server, http, URI.create("https://localhost:" + port + "/q/health/ready"),
                    Duration.ofSeconds(90), log, null);

            for (int i = 0; i <= CLIENTS; i++) {
                Client c = i < CLIENTS ? new Client("service-client-" + i, true, tls, port, body)
                        : new Client("direct-client", false, tls, port, body);
                clients.add(c);
                threads.add(new Thread(c, c.name));
            }
            threads.add(new Thread(() -> watchReadiness(tls, port), "readiness-probe"));
            threads.forEach(Thread::start);

            Thread.sleep(LOAD_BEFORE_SIGTERM.toMillis());
            long signalAt = System.nanoTime();
            clients.forEach(c -> c.signalAt = signalAt);
            server.destroy(); // SIGTERM
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server did not exit within 60 s of SIGTERM\n" + Files.readString(log));
            long exitedAt = System.nanoTime();
            stopped.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }

            String output = Files.readString(log);
            StringBuilder summary = new StringBuilder(String.format(Locale.ROOT, "readiness DOWN %s ms after SIGTERM, port "
                    + "closed %s ms after SIGTERM, process exited %s ms after SIGTERM", millisAfter(signalAt, readinessDownAt.get()),
                    millisAfter(signalAt, portClosedAt.get()), millisAfter(signalAt, exitedAt)));
            clients.forEach(c -> summary.append("\n  ").append(c.describe()));
            System.out.println("ShutdownUnderLoadIT: " + summary);

            assertTrue(readinessDownAt.get() != 0, "readiness never reported DOWN: " + summary + "\n" + output);
            assertTrue(portClosedAt.get() != 0, "the port never closed: " + summary);
            assertTrue(readinessDownAt.get() < portClosedAt.get(), "readiness must go DOWN before the port closes: " + summary);
            List<Client> throughService = clients.subList(0, CLIENTS);
            for (Client c : throughService) {
                assertTrue(c.answered.get() - c.answeredAfterSigterm.get() > 0, "no review answered before SIGTERM: " + summary);
                assertTrue(c.closedByServer.get() > 0, "after SIGTERM the server must close kept-alive connections after a "
                        + "response (Connection: close), not cut them: " + summary);
                assertEquals(List.of(), List.copyOf(c.unanswered), "every request that was sent must be answered: " + summary
                        + "\n" + output);
            }
            assertTrue(throughService.stream().mapToInt(c -> c.answeredWhileDown.get()).sum() > 0,
                    "reviews on kept-alive connections must still be answered while readiness is DOWN: " + summary);
            assertTrue(output.contains("stopped in"), "Quarkus did not shut down gracefully\n" + output);
            assertTrue(output.lines().noneMatch(l -> l.matches("[\\d:.]+ (ERROR|FATAL) .*")), "errors logged\n" + output);
        } finally {
            stopped.set(true);
            if (server.isAlive()) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (Thread t : threads) {
                t.interrupt();
            }
        }
    }

    static String millisAfter(long start, long at) {
        return at == 0 ? "never" : Long.toString(TimeUnit.NANOSECONDS.toMillis(at - start));
    }

    /** The kubelet's readiness probe, every 100 ms on a new connection: when it first says DOWN (503). */
    private void watchReadiness(SSLContext tls, int port) {
        while (!stopped.get() && portClosedAt.get() == 0) {
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                plain.setSoTimeout(5000);
                try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", port, true)) {
                    OutputStream out = s.getOutputStream();
                    out.write(("GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Response r = Response.read(s.getInputStream());
                    if (r.status() == 503 && r.body().contains("\"DOWN\"")) {
                        readinessDownAt.compareAndSet(0, System.nanoTime());
                    }
                }
            } catch (ConnectException refused) {
                portClosedAt.compareAndSet(0, System.nanoTime());
                return;
            } catch (IOException e) {
                // a probe that fails is not a review; the clients count what matters
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    /** Just enough of an HTTP/1.1 response: status, whether it closes the connection, and the body. */
    record Response(int status, boolean closes, String body) {

        static Response read(InputStream in) throws IOException {
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            String[] statusLine = lines[0].split(" ");
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: " + lines[0]);
            }
            int status = Integer.parseInt(statusLine[1]);
            long length = -1;
            boolean chunked = false;
            boolean closes = false;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].toLowerCase(Locale.ROOT);
                if (line.startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).strip());
                } else if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
                    chunked = true;
                } else if (line.startsWith("connection:") && line.contains("close")) {
                    closes = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                while (true) {
                    long size = Long.parseLong(readLine(in).split(";")[0].strip(), 16);
                    if (size == 0) {
                        readLine(in);
                        break;
                    }
                    body.write(readExactly(in, size));
                    readLine(in);
                }
            } else if (length >= 0) {
                body.write(readExactly(in, length));
            } else {
                throw new IOException("a response without a length");
            }
            return new Response(status, closes, body.toString(StandardCharsets.UTF_8));
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed " + (head.size() == 0 ? "before any response" : "in the response head"));
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed in a chunked body");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        private static byte[] readExactly(InputStream in, long n) throws IOException {
            byte[] bytes = in.readNBytes((int) n);
            if (bytes.length < n) {
                throw new IOException("connection closed in the body (" + bytes.length + " of " + n + " bytes)");
            }
            return bytes;
        }
    }
}
