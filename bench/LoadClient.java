import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Fixed-rate load for django-guard, run as a single source file: java bench/LoadClient.java (see bench/soak.sh).
 * Sends AdmissionReviews to /validate at a steady rate, alternating the given bodies, and measures each review's
 * latency from the moment it was meant to be sent (so a stalled server shows up as latency, not as fewer requests).
 * Beside it, audits are posted at their own rate. Every window it prints one line: reviews sent, failed, latency
 * percentiles, audits by status, and the server's resident memory, heap in use and open file descriptors.
 *
 * Arguments: baseUrl seconds reviewsPerSecond auditsPerSecond windowSeconds serverPid review.json... [-- audit.yaml...]
 */
public final class LoadClient {

    static final java.util.concurrent.atomic.AtomicReference<String> FIRST_ERROR = new java.util.concurrent.atomic.AtomicReference<>();

    record Sample(long window, long latencyNanos, int status) {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int seconds = Integer.parseInt(args[1]);
        double rate = Double.parseDouble(args[2]);
        double auditRate = Double.parseDouble(args[3]);
        int window = Integer.parseInt(args[4]);
        long pid = Long.parseLong(args[5]);
        List<byte[]> reviews = new ArrayList<>();
        List<byte[]> audits = new ArrayList<>();
        boolean auditPart = false;
        for (String a : Arrays.copyOfRange(args, 6, args.length)) {
            if (a.equals("--")) {
                auditPart = true;
                continue;
            }
            (auditPart ? audits : reviews).add(Files.readAllBytes(Path.of(a)));
        }
        HttpClient http = HttpClient.newBuilder().sslContext(trustAll()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
        HttpClient auditHttp = HttpClient.newBuilder().sslContext(trustAll()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // One connection first (so the schedule does not open one per request while HTTP/2 is being negotiated), and a
        // short sequential warm-up so that the first window measures the server, not its class loading.
        for (int i = 0; i < 500; i++) {
            http.send(HttpRequest.newBuilder(URI.create(base + "/validate")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(reviews.get(i % reviews.size()))).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Sample> auditSamples = new ConcurrentLinkedQueue<>();
        AtomicLong outstanding = new AtomicLong();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        long start = System.nanoTime();
        long interval = (long) (1e9 / rate);
        long total = (long) (seconds * rate);
        // Each review has its own intended send time; the clock thread fires them on schedule whatever the server does.
        for (long i = 0; i < total; i++) {
            long intended = start + i * interval;
            byte[] body = reviews.get((int) (i % reviews.size()));
            clock.schedule(() -> {
                outstanding.incrementAndGet();
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/validate")).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    long done = System.nanoTime();
                    if (e != null && FIRST_ERROR.compareAndSet(null, e.toString())) {
                        System.err.println("first failure: " + e);
                    }
                    int status = e != null ? -1 : r.body().contains("\"uid\"") ? r.statusCode() : -2;
                    samples.add(new Sample((intended - start) / 1_000_000_000L / window, done - intended, status));
                    outstanding.decrementAndGet();
                });
            }, Math.max(0, intended - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        if (auditRate > 0 && !audits.isEmpty()) {
            long auditInterval = (long) (1e9 / auditRate);
            for (long i = 0; i < (long) (seconds * auditRate); i++) {
                long intended = start + i * auditInterval;
                byte[] body = audits.get((int) (i % audits.size()));
                clock.schedule(() -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/audit")).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    auditHttp.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> auditSamples.add(
                            new Sample((intended - start) / 1_000_000_000L / window, System.nanoTime() - intended,
                                    e != null ? -1 : r.statusCode())));
                }, Math.max(0, intended - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
        System.out.printf(Locale.ROOT, "%6s %8s %6s %8s %8s %8s %8s  %-28s %8s %8s %5s%n", "window", "reviews", "failed",
                "p50 ms", "p99 ms", "p99.9 ms", "max ms", "audits by status", "rss MiB", "heap MiB", "fds");
        long windows = (seconds + window - 1) / window;
        long allFailed = 0;
        long allSent = 0;
        for (long wi = 0; wi < windows; wi++) {
            final long w = wi;
            long end = start + (w + 1) * window * 1_000_000_000L;
            Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
            String memory = serverMemory(pid);
            Thread.sleep(2000); // let the window's last reviews come back before it is summed up
            long[] latencies = samples.stream().filter(s -> s.window() == w).mapToLong(Sample::latencyNanos).sorted().toArray();
            long failed = samples.stream().filter(s -> s.window() == w && s.status() != 200).count();
            samples.removeIf(s -> s.window() == w);
            StringBuilder byStatus = new StringBuilder();
            auditSamples.stream().filter(s -> s.window() == w).collect(java.util.stream.Collectors.groupingBy(Sample::status,
                    java.util.TreeMap::new, java.util.stream.Collectors.counting())).forEach((k, v) -> byStatus.append(k).append('x').append(v).append(' '));
            auditSamples.removeIf(s -> s.window() == w);
            allFailed += failed;
            allSent += latencies.length;
            System.out.printf(Locale.ROOT, "%6d %8d %6d %8.1f %8.1f %8.1f %8.1f  %-28s %s%n", w + 1, latencies.length, failed,
                    ms(pct(latencies, 0.50)), ms(pct(latencies, 0.99)), ms(pct(latencies, 0.999)),
                    ms(latencies.length == 0 ? 0 : latencies[latencies.length - 1]), byStatus.toString().strip(), memory);
        }
        System.out.printf(Locale.ROOT, "total: %d reviews, %d failed or unanswered, %d still outstanding%n", allSent, allFailed,
                outstanding.get());
        clock.shutdownNow();
        System.exit(allFailed == 0 && outstanding.get() == 0 ? 0 : 1);
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Resident memory and open descriptors from /proc, heap in use from jcmd: the process as the kernel sees it. */
    private static String serverMemory(long pid) {
        try {
            long rssKb = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
            long fds;
            try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                fds = list.count();
            }
            return String.format(Locale.ROOT, "%8d %8s %5d", rssKb / 1024, heapUsedMiB(pid), fds);
        } catch (IOException e) {
            return "server gone";
        }
    }

    private static String heapUsedMiB(long pid) {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(10, TimeUnit.SECONDS);
            // "garbage-first heap   total 262144K, used 52312K"
            var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
            return m.find() ? String.valueOf(Long.parseLong(m.group(1)) / 1024) : "?";
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    private static SSLContext trustAll() throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(X509Certificate[] c, String a) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return ssl;
    }
}
