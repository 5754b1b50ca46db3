package io.djangoguard.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * HTTPS load for an admission webhook's {@code POST /validate}, in one of two modes.
 * <ul>
 * <li><b>Fixed rate</b> (open loop, the latency test): request i is due at {@code start + i/rate}, whatever the server
 * does, and its latency is measured from that intended time, not from when it could be sent. At most
 * {@code --max-in-flight} requests are outstanding: when the server is slow the due requests wait for a slot, and the
 * wait is part of their latency, so a stall shows as latency rather than as fewer requests (no coordinated
 * omission).</li>
 * <li><b>Closed loop</b> ({@code --closed=N}, the throughput and warm-up test): N requests always in flight, each sent as
 * soon as the previous one of its lane is answered; latency is from its own send.</li>
 * </ul>
 * Latencies go into HdrHistogram (microsecond resolution, up to 10 minutes). Every window it prints one line: requests
 * sent, answered well (status 200 with the request's uid), failed, p50/p90/p99/p99.9/max in milliseconds, the achieved
 * rate of answers, and the server's resident memory when {@code --pid} is given; then one {@code TOTAL} line of
 * {@code key=value} pairs that the scripts read.
 * <p>
 * Each request carries its own uid (the body's {@code request.uid} with its last 12 characters replaced by the request's
 * sequence number in hexadecimal), and a response counts as answered only when it is a 200 that contains that uid. The
 * exit status is 0 only when every request was answered so.
 * <p>
 * The client is Vert.x's (the same Netty as the servers), trusts any certificate (it is meant for loopback), speaks
 * HTTP/2 over ALPN by default as the Kubernetes API server does, or HTTP/1.1 with {@code --h1} (a keep-alive connection
 * per request in flight, at most {@code --connections}). It runs on one event loop by default ({@code --threads}), so
 * that pinned to one core it does not compete with the server for the other.
 *
 * <pre>
 * usage: FixedRateClient [options] URL RATE SECONDS WINDOW BODY.json...
 *        FixedRateClient [options] --closed=N URL SECONDS WINDOW BODY.json...
 * options: --h1 | --h2                HTTP version (default h2)
 *          --max-in-flight=N          fixed rate: most requests outstanding (default 256)
 *          --connections=N            HTTP/1.1: most connections (default: the requests in flight); HTTP/2: default 1
 *          --requests=N               stop sending after N requests (with SECONDS as a bound too)
 *          --at-least=N               closed loop: go on after SECONDS until N requests have been sent
 *          --warmup=N                 send N requests first (closed loop, 8 in flight), not counted
 *          --warmup-url=URL           send them there instead (e.g. a no-op handler, to warm the client alone up)
 *          --wait=S                   first poll with one review every 10 ms, up to S seconds, until one is answered
 *          --pid=PID                  print the VmRSS of that process each window and at the end
 *          --pid-file=FILE            the same, the pid read from FILE when needed (a server started after the client)
 *          --timeout=S                a request not answered in S seconds fails (default 10, the webhook's default)
 *          --threads=N                the client's event loops (default 1)
 *          --label=NAME               name on the TOTAL line
 * </pre>
 */
public final class FixedRateClient {

    private static final int UID_TAIL = 12;
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    /** One body, with where its uid is, so that each request can carry a uid of its own. */
    record Body(byte[] bytes, int uidOffset, String uid) {

        static Body read(Path file) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            String uid = new ObjectMapper().readTree(bytes).path("request").path("uid").asText(null);
            if (uid == null || uid.isEmpty()) {
                throw new IllegalArgumentException(file + ": no request.uid: not an AdmissionReview");
            }
            byte[] quoted = ('"' + uid + '"').getBytes(StandardCharsets.UTF_8);
            int at = indexOf(bytes, quoted);
            return new Body(bytes, uid.length() >= UID_TAIL && at >= 0 ? at + 1 + uid.length() - UID_TAIL : -1, uid);
        }

        /** The body of request {@code seq} and the uid it carries. */
        Request request(long seq) {
            if (uidOffset < 0) {
                return new Request(bytes, uid);
            }
            byte[] copy = bytes.clone();
            String tail = String.format(Locale.ROOT, "%012x", seq & 0xFFFF_FFFF_FFFFL);
            for (int i = 0; i < UID_TAIL; i++) {
                copy[uidOffset + i] = (byte) tail.charAt(i);
            }
            return new Request(copy, uid.substring(0, uid.length() - UID_TAIL) + tail);
        }
    }

    record Request(byte[] body, String uid) {
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** What came back: null when answered well, else why not. */
    private static String judge(int status, Buffer body, String uid) {
        String text = body.toString(StandardCharsets.UTF_8);
        if (status != 200) {
            return "status " + status + ": " + abbreviate(text);
        }
        if (!text.contains('"' + uid + '"')) {
            return "200 without the request's uid " + uid + ": " + abbreviate(text);
        }
        return null;
    }

    private static String abbreviate(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    // ---- options
    private URI url;
    private double rate;
    private int closed;
    private double seconds;
    private double window;
    private final List<Body> bodies = new ArrayList<>();
    private boolean http2 = true;
    private int maxInFlight = 256;
    private int connections = -1;
    private long requests = Long.MAX_VALUE;
    private long atLeast;
    private int warmup;
    private URI warmupUrl;
    private double waitSeconds;
    private long pid = -1;
    private Path pidFile;
    private double timeoutSeconds = 10;
    private int threads = 1;
    private String label = "";

    // ---- state
    private Vertx vertx;
    private HttpClient client;
    private RequestOptions requestOptions;
    private RequestOptions warmupOptions;
    private Context[] contexts;
    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong allowed = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong lastAnswer = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile boolean stopping;

    public static void main(String[] args) throws Exception {
        // JBoss LogManager is on the test classpath (through Quarkus) and says so when the JDK's logging starts without it.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        FixedRateClient load = new FixedRateClient();
        try {
            load.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FixedRateClient: " + e.getMessage());
            System.err.println("usage: FixedRateClient [--h1|--h2] [--max-in-flight=N] [--connections=N] [--requests=N] [--at-least=N] "
                    + "[--warmup=N] [--wait=S] [--pid=PID|--pid-file=FILE] [--timeout=S] [--threads=N] [--label=NAME] URL RATE SECONDS WINDOW BODY.json...");
            System.err.println("       FixedRateClient [options] --closed=N URL SECONDS WINDOW BODY.json...");
            System.exit(2);
        }
        int status;
        try {
            status = load.run();
        } finally {
            load.close();
        }
        System.exit(status);
    }

    private void parse(String[] args) throws IOException {
        List<String> positional = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            switch (name) {
                case "--h1" -> http2 = false;
                case "--h2" -> http2 = true;
                case "--closed" -> closed = positive(name, value);
                case "--max-in-flight" -> maxInFlight = positive(name, value);
                case "--connections" -> connections = positive(name, value);
                case "--requests" -> requests = positive(name, value);
                case "--at-least" -> atLeast = Long.parseLong(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--warmup-url" -> warmupUrl = URI.create(value);
                case "--wait" -> waitSeconds = Double.parseDouble(value);
                case "--pid" -> pid = Long.parseLong(value);
                case "--pid-file" -> pidFile = Path.of(value);
                case "--timeout" -> timeoutSeconds = Double.parseDouble(value);
                case "--threads" -> threads = positive(name, value);
                case "--label" -> label = value;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        int needed = closed > 0 ? 4 : 5;
        if (positional.size() < needed) {
            throw new IllegalArgumentException("missing arguments");
        }
        int i = 0;
        url = URI.create(positional.get(i++));
        if (!"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("the URL must be https://");
        }
        if (closed == 0) {
            rate = Double.parseDouble(positional.get(i++));
            if (!(rate > 0)) {
                throw new IllegalArgumentException("RATE must be positive");
            }
        }
        seconds = Double.parseDouble(positional.get(i++));
        window = Double.parseDouble(positional.get(i++));
        if (!(seconds > 0) || !(window > 0)) {
            throw new IllegalArgumentException("SECONDS and WINDOW must be positive");
        }
        for (String file : positional.subList(i, positional.size())) {
            bodies.add(Body.read(Path.of(file)));
        }
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return n;
    }

    private int run() throws Exception {
        int inFlightBound = closed > 0 ? closed : maxInFlight;
        int pool = connections > 0 ? connections : http2 ? 1 : inFlightBound;
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        HttpClientOptions options = new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                .setKeepAlive(true).setConnectTimeout((int) (timeoutSeconds * 1000));
        if (http2) {
            options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true);
        }
        client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(pool).setHttp2MaxSize(pool));
        long timeoutMillis = (long) (timeoutSeconds * 1000);
        requestOptions = post(url, timeoutMillis);
        warmupOptions = warmupUrl == null ? requestOptions : post(warmupUrl, timeoutMillis);
        contexts = new Context[threads];
        for (int t = 0; t < threads; t++) {
            contexts[t] = vertx.getOrCreateContext(); // a new event-loop context each time from this (non-Vert.x) thread
        }
        String mode = closed > 0 ? "closed loop, " + closed + " in flight" : String.format(Locale.ROOT, "%s/s, at most %d in flight",
                number(rate), maxInFlight);
        System.out.printf(Locale.ROOT, "# %s%s: %s, %s for %s s%s, %s (%d connection%s at most), %d %s (%s)%n",
                label.isEmpty() ? "" : label + ": ", url, mode, closed > 0 ? "latency from each request's send" : "latency from each intended send time",
                number(seconds), (requests == Long.MAX_VALUE ? "" : " or " + requests + " requests")
                        + (closed > 0 && atLeast > 0 ? " and at least " + atLeast + " requests" : ""), http2 ? "HTTP/2" : "HTTP/1.1", pool,
                pool == 1 ? "" : "s", bodies.size(), bodies.size() == 1 ? "body" : "bodies", bodies.get(0).bytes().length + " bytes first");

        // The warm-up first, so that with --warmup-url the client is warm before it polls a server that starts meanwhile.
        if (warmup > 0) {
            warmUp();
        }
        if (waitSeconds > 0) {
            long waited = waitForFirstAnswer();
            if (waited < 0) {
                System.out.printf(Locale.ROOT, "no review answered within %s s%n", number(waitSeconds));
                System.out.printf(Locale.ROOT, "TOTAL label=%s sent=0 ok=0 failed=1 first_answer_ms=-1%n", label.isEmpty() ? "-" : label);
                return 1;
            }
            System.out.printf(Locale.ROOT, "# first review answered after %d ms of polling%s%n", waited,
                    watching() ? ", server RSS " + rss() + " MiB" : "");
        }

        Histogram total = new Histogram(MAX_MICROS, 3);
        Histogram interval = null;
        lastAnswer.set(System.nanoTime());
        System.out.printf(Locale.ROOT, "%7s %8s %8s %7s %9s %9s %9s %9s %9s %9s%s%n", "time", "sent", "ok", "failed", "p50 ms", "p90 ms",
                "p99 ms", "p99.9 ms", "max ms", "rate/s", watching() ? "  rss MiB" : "");
        long start = System.nanoTime();
        long windowNanos = (long) (window * 1e9);
        long end = start + (long) (seconds * 1e9);
        Thread sender = closed > 0 ? new Thread(() -> closedLoop(end), "closed-loop") : new Thread(() -> fixedRate(start, end), "pacer");
        sender.setDaemon(true);
        sender.start();

        long lastSent = 0;
        long lastOk = 0;
        long lastFailed = 0;
        long windowStart = start;
        boolean last = false;
        while (!last) {
            long boundary = windowStart + windowNanos;
            while (System.nanoTime() < boundary && sender.isAlive()) {
                LockSupport.parkNanos(Math.min(5_000_000, boundary - System.nanoTime()));
            }
            // The last window ends when every request has been sent and answered (or has timed out): at the end of
            // SECONDS, or earlier when --requests have been sent, or later when --at-least have not been yet.
            if (!sender.isAlive() || (boundary >= end && (closed == 0 || sent.get() >= atLeast))) {
                long drainUntil = Math.max(end, System.nanoTime()) + (long) ((timeoutSeconds + 2) * 1e9);
                sender.join(Math.max(1, (drainUntil - System.nanoTime()) / 1_000_000));
                while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
                    Thread.sleep(2);
                }
                boundary = System.nanoTime();
                last = true;
            }
            interval = recorder.getIntervalHistogram(interval);
            total.add(interval);
            long s = sent.get();
            long o = ok.get();
            long f = failed.get();
            double elapsed = Math.max(1e-9, (boundary - windowStart) / 1e9);
            System.out.printf(Locale.ROOT, "%6.1fs %8d %8d %7d %9.3f %9.3f %9.3f %9.3f %9.3f %9.1f%s%n", (boundary - start) / 1e9,
                    s - lastSent, o - lastOk, f - lastFailed, ms(interval, 50), ms(interval, 90), ms(interval, 99), ms(interval, 99.9),
                    interval.getTotalCount() == 0 ? 0.0 : interval.getMaxValue() / 1000.0, (o - lastOk + f - lastFailed) / elapsed,
                    watching() ? String.format(Locale.ROOT, " %8s", rss()) : "");
            lastSent = s;
            lastOk = o;
            lastFailed = f;
            windowStart = boundary;
        }
        stopping = true;
        double took = Math.max(1e-9, (lastAnswer.get() - start) / 1e9);
        long due = closed > 0 ? sent.get() : Math.min(requests, (long) Math.ceil(seconds * rate));
        long unsent = Math.max(0, due - sent.get());
        long unanswered = inFlight.get();
        long bad = failed.get() + unsent + unanswered;
        double answeredRate = (ok.get() + failed.get()) / took;
        System.out.printf(Locale.ROOT, "TOTAL label=%s mode=%s proto=%s sent=%d ok=%d failed=%d unsent=%d unanswered=%d allowed=%d rate=%.1f "
                + "p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f mean_ms=%.3f%s%n", label.isEmpty() ? "-" : label,
                closed > 0 ? "closed:" + closed : "rate:" + number(rate), http2 ? "h2" : "h1.1", sent.get(), ok.get(), failed.get(), unsent,
                unanswered, allowed.get(), answeredRate, ms(total, 50), ms(total, 90), ms(total, 99), ms(total, 99.9),
                total.getTotalCount() == 0 ? 0.0 : total.getMaxValue() / 1000.0, total.getTotalCount() == 0 ? 0.0 : total.getMean() / 1000.0,
                watching() ? " rss_mib=" + rss() : "");
        if (firstFailure.get() != null) {
            System.err.println("first failure: " + firstFailure.get());
        }
        return bad == 0 ? 0 : 1;
    }

    /** Open loop: request i is due at start + i/rate; it waits for a slot when maxInFlight are outstanding. */
    private void fixedRate(long start, long end) {
        Semaphore slots = new Semaphore(maxInFlight);
        long count = Math.min(requests, (long) Math.ceil(seconds * rate));
        double intervalNanos = 1e9 / rate;
        long giveUp = end + (long) (timeoutSeconds * 1e9);
        for (long i = 0; i < count; i++) {
            long intended = start + (long) (i * intervalNanos);
            sleepUntil(intended);
            try {
                // A slot frees when an answer (or a timeout) comes; past the end plus the timeout, stop sending.
                if (!slots.tryAcquire(Math.max(0, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            long seq = i;
            inFlight.incrementAndGet();
            sent.incrementAndGet();
            contexts[(int) (i % contexts.length)].runOnContext(v -> send(seq, intended, slots::release));
        }
    }

    /** Closed loop: {@code closed} lanes, each sending its next request when its previous one is answered. */
    private void closedLoop(long end) {
        AtomicLong seq = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicLong lanes = new AtomicLong(closed);
        for (int lane = 0; lane < closed; lane++) {
            Context context = contexts[lane % contexts.length];
            context.runOnContext(v -> nextInLane(seq, end, lanes, done));
        }
        done.join();
    }

    private void nextInLane(AtomicLong seq, long end, AtomicLong lanes, CompletableFuture<Void> done) {
        long n = seq.getAndIncrement();
        if (stopping || n >= requests || (System.nanoTime() >= end && n >= atLeast)) {
            if (lanes.decrementAndGet() == 0) {
                done.complete(null);
            }
            return;
        }
        inFlight.incrementAndGet();
        sent.incrementAndGet();
        send(n, System.nanoTime(), () -> nextInLane(seq, end, lanes, done));
    }

    /** Sends request {@code seq} on the current event loop; records its latency from {@code since}, then runs {@code after}. */
    private void send(long seq, long since, Runnable after) {
        Request request = bodies.get((int) (seq % bodies.size())).request(seq);
        exchange(request, true).onComplete(result -> {
            long now = System.nanoTime();
            recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, (now - since) / 1000)));
            String problem = result.succeeded() ? result.result() : String.valueOf(result.cause());
            if (problem == null) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, "request " + seq + ": " + problem);
            }
            lastAnswer.accumulateAndGet(now, Math::max);
            inFlight.decrementAndGet();
            after.run();
        });
    }

    private static RequestOptions post(URI target, long timeoutMillis) {
        int port = target.getPort() > 0 ? target.getPort() : 443;
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        return new RequestOptions().setMethod(HttpMethod.POST).setHost(target.getHost()).setPort(port).setURI(path)
                .putHeader("content-type", "application/json").setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis);
    }

    /** One POST to the URL measured; the future holds null when it was answered well, else what was wrong. */
    private Future<String> exchange(Request request, boolean count) {
        return exchange(requestOptions, request, count);
    }

    private Future<String> exchange(RequestOptions options, Request request, boolean count) {
        return client.request(options).compose(req -> req.send(Buffer.buffer(request.body()))).compose(response -> response.body()
                .map(body -> {
                    String problem = judge(response.statusCode(), body, request.uid());
                    if (count && problem == null && body.toString(StandardCharsets.UTF_8).contains("\"allowed\":true")) {
                        allowed.incrementAndGet();
                    }
                    return problem;
                }));
    }

    /** Polls with the first body every 10 ms until one review is answered; the milliseconds it took, or -1. */
    private long waitForFirstAnswer() throws InterruptedException {
        long start = System.nanoTime();
        long until = start + (long) (waitSeconds * 1e9);
        long seq = 1L << 40; // uids of their own, apart from the measured requests'
        while (System.nanoTime() < until) {
            Request request = bodies.get(0).request(seq++);
            CompletableFuture<String> answer = new CompletableFuture<>();
            contexts[0].runOnContext(v -> exchange(request, false).onComplete(r -> answer.complete(r.succeeded() ? r.result() : String.valueOf(r.cause()))));
            String problem;
            try {
                problem = answer.get((long) (timeoutSeconds * 1000) + 1000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                problem = e.toString();
            }
            if (problem == null) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(10);
        }
        return -1;
    }

    /** {@code warmup} requests, 8 in flight, not recorded (the client's own code and connections warm up). */
    private void warmUp() throws InterruptedException {
        long started = System.nanoTime();
        Semaphore slots = new Semaphore(8);
        AtomicLong bad = new AtomicLong();
        long seq = 1L << 41;
        for (int i = 0; i < warmup; i++) {
            slots.acquire();
            Request request = bodies.get(i % bodies.size()).request(seq + i);
            contexts[i % contexts.length].runOnContext(v -> exchange(warmupOptions, request, false).onComplete(r -> {
                if (r.failed() || r.result() != null) {
                    bad.incrementAndGet();
                }
                slots.release();
            }));
        }
        slots.acquire(8);
        System.out.printf(Locale.ROOT, "# warm-up: %d requests%s (%d failed) in %.1f s, not counted%n", warmup,
                warmupUrl == null ? "" : " to " + warmupUrl, bad.get(), (System.nanoTime() - started) / 1e9);
    }

    private void close() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // exiting anyway
            }
        }
    }

    private static void sleepUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private boolean watching() {
        return pid > 0 || pidFile != null;
    }

    /** VmRSS of the server (--pid or --pid-file) in MiB, or "-". */
    private String rss() {
        if (pid > 0) {
            return rssMiB(pid);
        }
        try {
            return rssMiB(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException | NullPointerException e) {
            return "-";
        }
    }

    /** VmRSS of a process in MiB, from /proc/PID/status, or "-" when it is gone. */
    static String rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return String.valueOf(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return "-";
    }
}
