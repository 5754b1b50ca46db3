package io.djangoguard.image;

import io.djangoguard.OutsideTools;
import io.djangoguard.TestServers;

import io.djangoguard.TestTls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.tls.SelfSignedCertificate;

/**
 * The container image, where there is no container engine: the packaged application (target/quarkus-app, built by
 * {@code package}) run exactly as the image runs it. The test reads the {@code Dockerfile} (so it breaks when the
 * Dockerfile changes): it lays target/quarkus-app out in a temporary directory as the final stage's {@code COPY} lines
 * lay it out in the image, makes that tree read-only (the pod's read-only root filesystem) and uses its
 * {@code WORKDIR} as the working directory, then runs the final stage's {@code ENTRYPOINT} + {@code CMD} with the
 * final stage's {@code ENV}, as its {@code USER}, with {@code java.io.tmpdir} on a fresh writable directory (the
 * emptyDir at /tmp) and the TLS certificate and key mounted read-only as from a Secret. Only the HTTPS port differs
 * from the image: a free port, passed as {@code -Dquarkus.http.ssl-port} appended to the image's JAVA_OPTS (as
 * {@code docker run -e JAVA_OPTS=...} would).
 * <p>
 * It also checks that the {@code .dockerignore} keeps what the build stage copies, and that the Dockerfile's
 * {@code EXPOSE} and {@code HEALTHCHECK} agree with the application's configuration.
 */
class ImageLayoutIT {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
    static final Path DOCKERIGNORE = ROOT.resolve(".dockerignore");
    static final Path APP = ROOT.resolve("target/quarkus-app");
    static final Path APPLICATION_PROPERTIES = ROOT.resolve("src/main/resources/application.properties");
    static final Path BAD_REVIEW = ROOT.resolve("examples/admission-review-bad.json");
    static final Path MANIFESTS = ROOT.resolve("examples/manifests");
    static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    /** Where the pod mounts its emptyDir, and so where JAVA_OPTS must put java.io.tmpdir. */
    static final String POD_TMP = "/tmp";
    /** The base images' PATH after the JDK's bin directory (Ubuntu's default). */
    static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    /** SIGTERM to exit: Quarkus' shutdown takes well under a second; the kubelet waits 30 s before SIGKILL. */
    static final Duration GRACEFUL_STOP = Duration.ofSeconds(15);

    static final ObjectMapper JSON = new ObjectMapper();

    static Dockerfile dockerfile;
    static Stage build;
    static Stage runtime;

    /** The temporary directory that stands for the image's root filesystem. */
    static Path root;
    /** The final stage's WORKDIR inside {@link #root}: the copy of target/quarkus-app. */
    static Path workdir;
    static Path tlsDir;
    static SelfSignedCertificate.PemFiles tls;
    static Path manifestsDir;
    static Path logs;
    /** The read-only trees (the image's files, the Secret, the manifests) as laid out, before any process ran. */
    static Map<String, String> readOnlyBefore;
    /** setpriv and its options when the test can run the process as the image's USER; empty otherwise. */
    static List<String> runAs = List.of();
    static String runAsNote;

    @BeforeAll
    static void layOutTheImage() throws Exception {
        assertTrue(Files.isRegularFile(DOCKERFILE), DOCKERFILE + " is missing");
        if (!Files.isRegularFile(APP.resolve("quarkus-run.jar"))) {
            fail(APP + "/quarkus-run.jar is missing: ImageLayoutIT runs the packaged application; build it first "
                    + "with ./mvnw package -DskipTests (or run ./mvnw verify)");
        }
        dockerfile = Dockerfile.parse(Files.readString(DOCKERFILE));
        runtime = dockerfile.finalStage();
        assertTrue(dockerfile.stages().size() >= 2, "the Dockerfile must be multi-stage (a build stage and a runtime stage)");
        // The build stage is the one the final stage copies from.
        build = dockerfile.stage(runtime.all("COPY").stream().flatMap(i -> i.flag("from").stream()).findFirst()
                .orElseThrow(() -> new AssertionError("the final stage copies nothing from a build stage")));

        root = Files.createTempDirectory("django-guard-image-");
        chmod(root, "rwxr-xr-x");
        logs = Files.createDirectory(root.resolve("logs"));
        chmod(logs, "rwxrwxrwx");

        // COPY --from=<build stage> /<build WORKDIR>/target/quarkus-app/... /deployments/...
        String cwd = "/";
        for (Instruction i : runtime.instructions()) {
            if (i.is("WORKDIR")) {
                cwd = absolute(cwd, i.words().get(0));
                Files.createDirectories(inRoot(cwd));
            } else if (i.is("COPY") || i.is("ADD")) {
                copyIntoRoot(i, cwd);
            }
        }
        String imageWorkdir = runtime.workdir().orElseThrow(() -> new AssertionError("the final stage has no WORKDIR"));
        workdir = inRoot(imageWorkdir);
        assertTrue(Files.isRegularFile(workdir.resolve("quarkus-run.jar")),
                "the final stage's COPY lines put no quarkus-run.jar into its WORKDIR " + imageWorkdir);

        // The Secret (kubernetes.io/tls), mounted read-only.
        tlsDir = Files.createDirectories(root.resolve("etc/django-guard/tls"));
        tls = SelfSignedCertificate.writeTo(tlsDir, List.of());
        // The manifests, as docker run -v "$PWD/examples/manifests:/manifests:ro".
        manifestsDir = root.resolve("manifests");
        copyTree(MANIFESTS, manifestsDir);

        // chmod -R a-w, as root owns the image's files and the mounts are read-only; readable by everyone, so that
        // the image's USER can read them.
        for (Path tree : List.of(workdir, root.resolve("etc"), manifestsDir)) {
            readOnly(tree);
        }
        decideWhoRunsTheProcess();
        if (!runAs.isEmpty()) {
            // As the chart mounts the Secret: mode 0440, group fsGroup (the image's group).
            for (Path f : List.of(tls.certFile(), tls.keyFile())) {
                Files.setAttribute(f, "unix:gid", user()[1]);
                chmod(f, "r--r-----");
            }
        }
        readOnlyBefore = snapshot();
    }

    @AfterAll
    static void removeTheLayout() throws IOException {
        if (root == null) {
            return;
        }
        // Give the writes back, then delete (root could delete anyway; another user could not).
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                if (!Files.isSymbolicLink(p) && isOwnedByUs(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
                }
            }
        }
        deleteTree(root);
    }

    // ---- the Dockerfile agrees with the application and with the pod it runs in

    @Test
    void theFinalStageIsAJreWithOnlyTheFastJar() {
        assertTrue(runtime.image().contains("jre"), "the final stage must be a JRE image, not " + runtime.image());
        assertFalse(build.image().contains("jre"), "the build stage needs a JDK: " + build.image());
        assertTrue(build.instructions().stream().anyMatch(i -> i.is("RUN") && i.args().contains("mvnw") && i.args().contains("package")),
                "the build stage must run ./mvnw ... package");
        for (Instruction i : runtime.all("COPY")) {
            assertTrue(i.flag("from").isPresent(), "line " + i.line() + ": the final stage copies only from the build stage: " + i);
        }
        assertTrue(runtime.all("ADD").isEmpty(), "the final stage has no ADD");
        assertTrue(runtime.all("RUN").stream().noneMatch(i -> i.args().matches("(?s).*\\b(mvnw?|javac|gradlew?)\\b.*")),
                "the final stage builds nothing: no build tools in the image");
    }

    @Test
    void theImageRunsAsANumericNonRootUser() {
        int[] user = user();
        assertNotEquals(0, user[0], "USER must not be root");
        assertEquals(10001, user[0], "the Deployment's securityContext runs uid 10001: keep USER in step with it");
    }

    @Test
    void exposeAndHealthcheckMatchTheConfiguredPort() throws IOException {
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(APPLICATION_PROPERTIES)) {
            config.load(in);
        }
        String sslPort = config.getProperty("quarkus.http.ssl-port");
        List<String> exposed = runtime.all("EXPOSE").stream().flatMap(i -> i.words().stream()).toList();
        assertEquals(List.of(sslPort), exposed.stream().map(p -> p.replaceFirst("/tcp$", "")).toList(),
                "EXPOSE must be the HTTPS port, and only it (quarkus.http.insecure-requests=disabled)");
        String url = healthcheckUrl();
        assertTrue(url.matches("https://(localhost|127\\.0\\.0\\.1):" + sslPort + "/q/health(/live|/ready)?"),
                "the HEALTHCHECK must ask the server's HTTPS health endpoint: " + url);
    }

    @Test
    void javaOptsSuitContainers() {
        List<String> opts = List.of(imageEnv().getOrDefault("JAVA_OPTS", "").trim().split("\\s+"));
        assertTrue(opts.contains("-Djava.io.tmpdir=" + POD_TMP), "JAVA_OPTS must put java.io.tmpdir on the emptyDir at "
                + POD_TMP + " (the root filesystem is read-only): " + opts);
        assertTrue(opts.stream().anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage=")),
                "JAVA_OPTS must size the heap from the container's memory limit: " + opts);
    }

    @Test
    void theBuildContextHasWhatTheBuildStageCopies() throws IOException {
        DockerIgnore ignore = DockerIgnore.parse(Files.readString(DOCKERIGNORE));
        List<Instruction> fromContext = build.all("COPY").stream().filter(i -> i.flag("from").isEmpty()).toList();
        assertFalse(fromContext.isEmpty(), "the build stage copies the sources from the build context");
        List<String> missing = new ArrayList<>();
        for (Instruction copy : fromContext) {
            List<String> words = copy.operands();
            for (String source : words.subList(0, words.size() - 1)) {
                Path local = ROOT.resolve(source);
                assertTrue(Files.exists(local), "line " + copy.line() + ": " + source + " is not in the repository");
                try (Stream<Path> files = Files.walk(local)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        String rel = ROOT.relativize(f).toString();
                        if (!EDITOR_LEFTOVERS.matcher(rel).find() && ignore.ignores(rel)) {
                            missing.add(rel);
                        }
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), ".dockerignore leaves out " + missing.size() + " files that the build stage copies: "
                + String.join(", ", missing.subList(0, Math.min(10, missing.size()))) + (missing.size() > 10 ? ", ..." : ""));
        for (String never : List.of("target/quarkus-app/quarkus-run.jar", ".git/HEAD", ".ci/tools/helm",
                "node_modules/dockerfile-utils/package.json", ".idea/workspace.xml", "src/main/.idea/misc.xml",
                "django-guard.iml")) {
            assertTrue(ignore.ignores(never), ".dockerignore must leave out " + never);
        }
    }

    /** Editors' and OS files inside src/ that .dockerignore leaves out on purpose. */
    static final Pattern EDITOR_LEFTOVERS = Pattern.compile("(^|/)(\\.idea|\\.vscode|node_modules)/|\\.iml$|\\.swp$|~$|(^|/)\\.DS_Store$");

    // ---- the server, from the read-only layout

    @Test
    void theServerRunsFromTheReadOnlyLayoutAndStopsOnSigterm() throws Exception {
        int port = freePort();
        Path tmp = emptyDir("server");
        Map<String, String> env = processEnv(tmp, port);
        // As in the pod: the certificate and key from the mounted Secret.
        env.put("DJANGO_GUARD_TLS_CERT_FILE", tls.certFile().toString());
        env.put("DJANGO_GUARD_TLS_KEY_FILE", tls.keyFile().toString());
        Path log = logs.resolve("server.log");
        List<String> command = imageCommand(null);
        Process server = start(command, env, log, log);
        try {
            HttpClient http = HttpClient.newBuilder().sslContext(TestTls.trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
            URI base = URI.create("https://localhost:" + port);
            TestServers.awaitReady(server, http, base.resolve("/q/health/ready"), START_TIMEOUT, log, runAsNote);

            // The entrypoint's shell exec'ed java: java is the process that gets SIGTERM.
            Optional<String> executable = server.info().command();
            executable.ifPresent(c -> assertTrue(c.endsWith("/java"), "the ENTRYPOINT must exec java (so that it is "
                    + "PID 1 and gets SIGTERM), but the process is " + c));

            // The mounted certificate is the one served (not a generated self-signed one).
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(healthcheckUrl().replaceFirst(
                    ":" + exposedPort() + "/", ":" + port + "/"))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode(), "HEALTHCHECK URL: " + live.body());
            Certificate served = live.sslSession().orElseThrow().getPeerCertificates()[0];
            assertEquals(readCertificate(tls.certFile()), served, "the server must serve DJANGO_GUARD_TLS_CERT_FILE");

            // The HEALTHCHECK command itself, where its program is installed here (the JRE image ships curl).
            Optional<Integer> healthy = runHealthcheck(env, port);
            healthy.ifPresent(status -> assertEquals(0, status, "the HEALTHCHECK command fails against a healthy server"));

            HttpResponse<String> review = http.send(HttpRequest.newBuilder(base.resolve("/validate"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofFile(BAD_REVIEW)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, review.statusCode(), review.body());
            JsonNode response = JSON.readTree(review.body()).get("response");
            assertEquals(JSON.readTree(BAD_REVIEW.toFile()).get("request").get("uid").asText(), response.get("uid").asText(),
                    review.body());
            assertFalse(response.get("allowed").asBoolean(true), "the bad review must be denied: " + review.body());

            // Graceful shutdown: SIGTERM (what docker stop and the kubelet send) ends it promptly, through Quarkus'
            // shutdown, with no SIGKILL needed.
            server.destroy();
            assertTrue(server.waitFor(GRACEFUL_STOP.toSeconds(), TimeUnit.SECONDS),
                    "the server did not exit within " + GRACEFUL_STOP.toSeconds() + "s of SIGTERM\n" + Files.readString(log));
            String output = Files.readString(log);
            assertTrue(output.contains("stopped in"), "Quarkus did not shut down gracefully on SIGTERM\n" + output);
            // (Not "no Exception": on a loaded machine Vert.x logs a blocked-thread warning with a stack trace.)
            // The image logs one JSON object a line (QUARKUS_LOG_CONSOLE_JSON_ENABLED), which log collectors parse.
            assertTrue(output.lines().anyMatch(l -> l.startsWith("{") && l.contains("\"loggerName\":\"io.quarkus\"")),
                    "the image's server logs JSON\n" + output);
            assertTrue(output.lines().noneMatch(l -> l.matches("[\\d:.]+ (ERROR|FATAL) .*")
                    || l.startsWith("{") && l.matches(".*\"level\":\"(ERROR|FATAL)\".*")), "errors logged\n" + output);

            // And once it is down the HEALTHCHECK says so.
            runHealthcheck(env, port).ifPresent(status -> assertNotEquals(0, status,
                    "the HEALTHCHECK command succeeds with no server running"));
        } finally {
            kill(server);
        }
        assertReadOnlyTreesUnchanged();
    }

    // ---- the command line, from the same layout

    @Test
    void theAuditCommandRunsFromTheReadOnlyLayout() throws Exception {
        Path tmp = emptyDir("audit");
        Path out = logs.resolve("audit.out");
        Path err = logs.resolve("audit.err");
        // docker run --rm -v "$PWD/examples/manifests:/manifests:ro" django-guard audit /manifests
        Process audit = start(imageCommand(List.of("audit", manifestsDir.toString())), processEnv(tmp, null), out, err);
        try {
            if (!audit.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail("audit did not finish within " + COMMAND_TIMEOUT.toSeconds() + "s\n" + Files.readString(err));
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            String describe = "exit " + audit.exitValue() + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
            assertEquals(1, audit.exitValue(), "examples/manifests has a denied object\n" + describe);
            String[] lines = stdout.strip().split("\n");
            assertTrue(lines[lines.length - 1].matches("\\d+ objects?: [1-9]\\d* denied, .*"), describe);
            assertFalse(stderr.contains("Exception"), describe);
        } finally {
            kill(audit);
        }
        assertReadOnlyTreesUnchanged();
    }

    // ---- running as the image does

    /** ENTRYPOINT followed by CMD, or by {@code runArgs} as {@code docker run IMAGE ARGS} gives them. */
    static List<String> imageCommand(List<String> runArgs) {
        Instruction entrypoint = runtime.last("ENTRYPOINT")
                .orElseThrow(() -> new AssertionError("the final stage has no ENTRYPOINT (the base image's would run)"));
        List<String> command = new ArrayList<>(entrypoint.commandForm());
        if (entrypoint.isExecForm()) {
            if (runArgs != null) {
                command.addAll(runArgs);
            } else {
                runtime.last("CMD").ifPresent(cmd -> command.addAll(cmd.commandForm()));
            }
        }
        // The image's WORKDIR is the laid-out copy here.
        String imageWorkdir = runtime.workdir().orElseThrow();
        Pattern inWorkdir = Pattern.compile("(?<![\\w./-])" + Pattern.quote(imageWorkdir) + "(?=/|$|[\\s\"'])");
        return command.stream().map(a -> inWorkdir.matcher(a).replaceAll(Matcher.quoteReplacement(workdir.toString()))).toList();
    }

    /** The final stage's ENV, as the image's environment. */
    static Map<String, String> imageEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction i : runtime.all("ENV")) {
            env.putAll(i.envPairs());
        }
        return env;
    }

    /**
     * The process's environment: the image's (a fresh one, nothing inherited from this JVM or the CI runner), with
     * java.io.tmpdir on {@code tmp} and, when given, the HTTPS port on {@code sslPort}.
     */
    static Map<String, String> processEnv(Path tmp, Integer sslPort) {
        Map<String, String> env = new LinkedHashMap<>();
        // eclipse-temurin: PATH=$JAVA_HOME/bin:...; docker gives a user without an /etc/passwd entry HOME=/.
        env.put("PATH", JAVA_HOME.resolve("bin") + ":" + SYSTEM_PATH);
        env.put("HOME", "/");
        env.putAll(imageEnv());
        String opts = env.getOrDefault("JAVA_OPTS", "");
        String tmpOption = "-Djava.io.tmpdir=" + POD_TMP;
        assertTrue((" " + opts + " ").contains(" " + tmpOption + " "), "JAVA_OPTS must contain " + tmpOption + ": " + opts);
        opts = (" " + opts + " ").replace(" " + tmpOption + " ", " -Djava.io.tmpdir=" + tmp + " ").trim();
        if (sslPort != null) {
            opts += " -Dquarkus.http.ssl-port=" + sslPort;
        }
        if (runAs.isEmpty() && Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"))) {
            // Not the image's user, so java sees this machine's kubeconfig: keep the server off whatever cluster it names.
            opts += " -Ddjango-guard.cluster.enabled=false";
        }
        env.put("JAVA_OPTS", opts);
        return env;
    }

    static Process start(List<String> command, Map<String, String> env, Path out, Path err) throws IOException {
        List<String> argv = new ArrayList<>(runAs);
        argv.addAll(command);
        if (runAs.isEmpty()) {
            // ProcessBuilder would look a bare name up on this JVM's PATH, not the image's.
            argv.set(0, onPath(argv.get(0), env.get("PATH")).orElseThrow(() ->
                    new AssertionError(command.get(0) + " is not on the image's PATH " + env.get("PATH"))).toString());
        }
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workdir.toFile()).redirectOutput(out.toFile());
        if (out.equals(err)) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(err.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs the HEALTHCHECK's command as the image's user against {@code port}; empty when its program is not here. */
    static Optional<Integer> runHealthcheck(Map<String, String> env, int port) throws Exception {
        Instruction healthcheck = runtime.last("HEALTHCHECK").orElseThrow(() -> new AssertionError("no HEALTHCHECK"));
        List<String> command = healthcheck.healthcheckCommand();
        String program = command.get(0).equals("/bin/sh") && command.size() > 2 ? Words.split(command.get(2)).get(0) : command.get(0);
        if (onPath(program, env.get("PATH")).isEmpty()) {
            String missing = "ImageLayoutIT: " + program + " is not installed here: the HEALTHCHECK command is not run (apt-get install "
                    + program + ")";
            OutsideTools.failIfRequired(missing);
            System.err.println(missing);
            return Optional.empty();
        }
        String exposed = ":" + exposedPort();
        List<String> argv = command.stream().map(a -> a.replace(exposed, ":" + port)).toList();
        Path out = logs.resolve("healthcheck.log");
        Process p = start(argv, env, out, out);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                fail("the HEALTHCHECK command did not finish within 30s");
            }
            return Optional.of(p.exitValue());
        } finally {
            kill(p);
        }
    }

    static String healthcheckUrl() {
        Instruction healthcheck = runtime.last("HEALTHCHECK").orElseThrow(() -> new AssertionError("no HEALTHCHECK"));
        Matcher m = Pattern.compile("https?://[^\\s\"'|>]+").matcher(String.join(" ", healthcheck.healthcheckCommand()));
        assertTrue(m.find(), "the HEALTHCHECK names no URL: " + healthcheck);
        return m.group();
    }

    static String exposedPort() {
        return runtime.all("EXPOSE").get(0).words().get(0).replaceFirst("/tcp$", "");
    }

    /** USER as {uid, gid}; docker gives a numeric user without an /etc/passwd entry group 0. */
    static int[] user() {
        String user = runtime.last("USER").orElseThrow(() -> new AssertionError("the final stage has no USER: it would run as root"))
                .words().get(0);
        assertTrue(user.matches("\\d+(:\\d+)?"), "USER must be numeric (runAsNonRoot cannot check a name): " + user);
        String[] parts = user.split(":");
        return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
    }

    /**
     * As root, the process runs as the image's USER through util-linux's setpriv, when it is installed and allowed
     * here. Otherwise (not root, or no setpriv) it runs as this test's user: the layout is still read-only by mode,
     * and {@link #assertReadOnlyTreesUnchanged} still catches a write (which root could make despite the modes).
     */
    static void decideWhoRunsTheProcess() throws Exception {
        int[] user = user();
        long uid = new com.sun.security.auth.module.UnixSystem().getUid();
        if (uid != 0) {
            runAsNote = "running as uid " + uid + ", not the image's " + user[0] + " (only root can switch)";
        } else {
            Optional<Path> setpriv = onPath("setpriv", SYSTEM_PATH);
            if (setpriv.isEmpty()) {
                runAsNote = "setpriv (util-linux) is not installed: running as root, not the image's uid " + user[0];
                OutsideTools.failIfRequired("ImageLayoutIT: " + runAsNote + " (apt-get install util-linux)");
            } else {
                List<String> prefix = List.of(setpriv.get().toString(), "--reuid=" + user[0], "--regid=" + user[1], "--clear-groups");
                List<String> probe = new ArrayList<>(prefix);
                probe.add("true");
                Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
                String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    runAs = prefix;
                    runAsNote = "running as uid " + user[0] + ", gid " + user[1] + " through setpriv";
                } else {
                    kill(p);
                    runAsNote = "setpriv cannot switch users here (" + said.strip() + "): running as root";
                }
            }
        }
        System.err.println("ImageLayoutIT: " + runAsNote);
    }



    /** Always ends the process, and anything it started (had the entrypoint not exec'ed java, a shell's child). */
    static void kill(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        List<ProcessHandle> descendants = p.descendants().toList();
        if (p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle d : descendants) {
            d.destroyForcibly();
        }
    }

    // ---- the layout

    /** One COPY of the final stage: its sources in the build stage are target/quarkus-app here. */
    static void copyIntoRoot(Instruction copy, String cwd) throws IOException {
        String from = copy.flag("from").orElseThrow(() -> new AssertionError("line " + copy.line()
                + ": the final stage copies from the build stage only (no build context, no build tools): " + copy));
        assertEquals(build, dockerfile.stage(from), "line " + copy.line() + ": the final stage copies from one build stage");
        String buildWorkdir = build.workdir().orElseThrow(() -> new AssertionError("the build stage has no WORKDIR"));
        List<String> words = copy.operands();
        assertTrue(words.size() >= 2, "line " + copy.line() + ": COPY needs a source and a destination");
        String dest = absolute(cwd, words.get(words.size() - 1));
        List<String> sources = words.subList(0, words.size() - 1);
        for (String source : sources) {
            String inBuild = absolute(buildWorkdir, source);
            String prefix = buildWorkdir.replaceFirst("/?$", "/") + "target/quarkus-app/";
            assertTrue(inBuild.startsWith(prefix) || (inBuild + "/").equals(prefix), "line " + copy.line()
                    + ": the final stage takes only the fast-jar (" + prefix + "), not " + inBuild);
            List<Path> matched = glob(ROOT.resolve(inBuild.substring(buildWorkdir.replaceFirst("/?$", "/").length())));
            assertFalse(matched.isEmpty(), "line " + copy.line() + ": " + source + " matches nothing in target/quarkus-app");
            for (Path m : matched) {
                if (Files.isDirectory(m)) {
                    copyTree(m, inRoot(dest)); // a directory's contents go into the destination
                } else {
                    Path target = dest.endsWith("/") || sources.size() > 1 || matched.size() > 1
                            ? inRoot(dest).resolve(m.getFileName().toString()) : inRoot(dest);
                    Files.createDirectories(target.getParent());
                    Files.copy(m, target);
                }
            }
        }
    }

    static List<Path> glob(Path pattern) throws IOException {
        String name = pattern.getFileName().toString();
        if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
            return Files.exists(pattern) ? List.of(pattern) : List.of();
        }
        var matcher = pattern.getFileSystem().getPathMatcher("glob:" + name);
        try (Stream<Path> entries = Files.list(pattern.getParent())) {
            return entries.filter(p -> matcher.matches(p.getFileName())).sorted().toList();
        }
    }

    static Path inRoot(String absolute) {
        return root.resolve(absolute.replaceFirst("^/+", ""));
    }

    static String absolute(String cwd, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String base = cwd.endsWith("/") ? cwd : cwd + "/";
        String joined = base + (path.equals(".") || path.equals("./") ? "" : path.replaceFirst("^\\./", ""));
        return joined;
    }

    static Path emptyDir(String name) throws IOException {
        Path dir = Files.createDirectory(root.resolve("tmp-" + name));
        chmod(dir, "rwxrwxrwx"); // an emptyDir's mode
        return dir;
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** chmod -R a-w, and readable by everyone. */
    static void readOnly(Path tree) throws IOException {
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.toList()) {
                chmod(p, Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--");
            }
        }
        // Parents of the tree up to the root: traversable by the image's user, and not writable by it.
        for (Path p = tree.getParent(); p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
            chmod(p, "r-xr-xr-x");
        }
    }

    /** Every path under the root but the writable directories (the emptyDirs and the logs), with its mode, size and digest. */
    static Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String rel = root.relativize(p).toString();
                // The root itself holds the writable directories, which are created per run.
                if (rel.isEmpty() || rel.startsWith("tmp-") || rel.startsWith("logs")) {
                    continue;
                }
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String what = (a.isDirectory() ? "d " : a.isSymbolicLink() ? "l " : "f ") + PosixFilePermissions.toString(a.permissions())
                        + " " + a.owner().getName() + ":" + a.group().getName() + " " + a.size() + " " + a.lastModifiedTime().toMillis();
                if (a.isRegularFile()) {
                    what += " " + sha256(p);
                }
                files.put(rel, what);
            }
        }
        return files;
    }

    static void assertReadOnlyTreesUnchanged() throws IOException {
        Map<String, String> after = snapshot();
        if (!after.equals(readOnlyBefore)) {
            List<String> changes = new ArrayList<>();
            for (String k : after.keySet()) {
                if (!readOnlyBefore.containsKey(k)) {
                    changes.add("created " + k);
                } else if (!readOnlyBefore.get(k).equals(after.get(k))) {
                    changes.add("changed " + k + ": " + readOnlyBefore.get(k) + " -> " + after.get(k));
                }
            }
            readOnlyBefore.keySet().stream().filter(k -> !after.containsKey(k)).forEach(k -> changes.add("deleted " + k));
            fail("the process wrote into the read-only root filesystem or mounts (" + runAsNote + "):\n  "
                    + String.join("\n  ", changes));
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0;) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void chmod(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    static boolean isOwnedByUs(Path p) throws IOException {
        long uid = new com.sun.security.auth.module.UnixSystem().getUid();
        return uid == 0 || ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == uid;
    }

    static void deleteTree(Path tree) throws IOException {
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static Optional<Path> onPath(String program, String path) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program)) ? Optional.of(Path.of(program)) : Optional.empty();
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static X509Certificate readCertificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }


    // ---- reading the Dockerfile

    /** One instruction, continuation lines joined and comment lines dropped; {@code line} is where it starts. */
    record Instruction(int line, String keyword, String args) {

        boolean is(String k) {
            return keyword.equals(k);
        }

        List<String> words() {
            return Words.split(args);
        }

        /** {@code --name=value} flags before the operands. */
        Optional<String> flag(String name) {
            for (String w : words()) {
                if (!w.startsWith("--")) {
                    break;
                }
                if (w.startsWith("--" + name + "=")) {
                    return Optional.of(w.substring(name.length() + 3));
                }
            }
            return Optional.empty();
        }

        /** The operands after the {@code --flags}, in shell form or JSON form ({@code COPY ["a", "b"]}). */
        List<String> operands() {
            String rest = args.replaceFirst("^(\\s*--\\S+)*\\s*", "");
            return rest.startsWith("[") ? jsonArray(rest) : Words.split(rest);
        }

        boolean isExecForm() {
            return args.strip().startsWith("[");
        }

        /** ENTRYPOINT/CMD as the argv docker runs: exec form as it is, shell form through /bin/sh -c. */
        List<String> commandForm() {
            return isExecForm() ? jsonArray(args.strip()) : List.of("/bin/sh", "-c", args.strip());
        }

        /** HEALTHCHECK [OPTIONS] CMD command, as the argv docker runs. */
        List<String> healthcheckCommand() {
            Matcher m = Pattern.compile("(?s)^((?:--\\S+\\s+)*)CMD\\s+(.*)$").matcher(args.strip());
            assertTrue(m.matches(), "line " + line + ": HEALTHCHECK must be HEALTHCHECK [OPTIONS] CMD command: " + args);
            return new Instruction(line, "CMD", m.group(2)).commandForm();
        }

        /** ENV key=value ... (or the old ENV key value). */
        Map<String, String> envPairs() {
            Map<String, String> env = new LinkedHashMap<>();
            List<String> words = words();
            if (!words.isEmpty() && !words.get(0).contains("=")) {
                env.put(words.get(0), args.strip().substring(words.get(0).length()).strip());
                return env;
            }
            for (String w : words) {
                int eq = w.indexOf('=');
                assertTrue(eq > 0, "line " + line + ": ENV " + w + " is not key=value");
                String value = w.substring(eq + 1);
                assertFalse(value.contains("$"), "line " + line + ": ImageLayoutIT does not expand variables in ENV: " + w);
                env.put(w.substring(0, eq), value);
            }
            return env;
        }

        private List<String> jsonArray(String text) {
            try {
                JsonNode node = JSON.readTree(text);
                List<String> list = new ArrayList<>();
                node.forEach(n -> list.add(n.asText()));
                return list;
            } catch (IOException e) {
                throw new AssertionError("line " + line + ": " + keyword + " is not a JSON array of strings: " + text, e);
            }
        }

        @Override
        public String toString() {
            return keyword + " " + args;
        }
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.is(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> all = all(keyword);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
        }

        /** The WORKDIR in effect at the end of the stage (WORKDIRs relative to an earlier one are resolved). */
        Optional<String> workdir() {
            String dir = null;
            for (Instruction i : all("WORKDIR")) {
                dir = absolute(dir == null ? "/" : dir, i.words().get(0));
            }
            return Optional.ofNullable(dir).map(d -> d.length() > 1 ? d.replaceFirst("/+$", "") : d);
        }
    }

    record Dockerfile(List<Stage> stages) {

        Stage finalStage() {
            return stages.get(stages.size() - 1);
        }

        Stage stage(String nameOrIndex) {
            for (int i = 0; i < stages.size(); i++) {
                if (nameOrIndex.equalsIgnoreCase(stages.get(i).name()) || nameOrIndex.equals(Integer.toString(i))) {
                    return stages.get(i);
                }
            }
            throw new AssertionError("COPY --from=" + nameOrIndex + " names no stage of the Dockerfile");
        }

        static Dockerfile parse(String text) {
            List<Stage> stages = new ArrayList<>();
            List<Instruction> current = null;
            String[] lines = text.split("\r?\n", -1);
            StringBuilder logical = null;
            int start = 0;
            for (int n = 0; n < lines.length; n++) {
                String line = lines[n];
                String stripped = line.strip();
                if (n == 0 || logical == null) {
                    assertFalse(stripped.matches("(?i)#\\s*escape\\s*=.*"), "ImageLayoutIT reads only the default escape character");
                }
                if (stripped.startsWith("#") || (logical == null && stripped.isEmpty())) {
                    continue; // comments, also between continuation lines, as docker drops them
                }
                if (logical == null) {
                    logical = new StringBuilder();
                    start = n + 1;
                }
                String content = line.replaceFirst("\\s+$", "");
                if (content.endsWith("\\")) {
                    logical.append(content, 0, content.length() - 1).append(' ');
                    continue;
                }
                logical.append(content);
                String instruction = logical.toString().strip();
                logical = null;
                int space = instruction.indexOf(' ');
                String keyword = (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
                String args = space < 0 ? "" : instruction.substring(space + 1).strip();
                if (keyword.equals("FROM")) {
                    List<String> w = Words.split(args).stream().filter(x -> !x.startsWith("--")).toList();
                    String name = w.size() >= 3 && w.get(1).equalsIgnoreCase("AS") ? w.get(2) : null;
                    current = new ArrayList<>();
                    stages.add(new Stage(w.get(0), name, current));
                } else if (current != null) {
                    current.add(new Instruction(start, keyword, args));
                }
            }
            assertFalse(stages.isEmpty(), "the Dockerfile has no FROM");
            return new Dockerfile(stages);
        }
    }

    /** Splits as the Dockerfile does for ENV, COPY, USER, ...: on blanks, with "..." and '...' quotes and \ escapes. */
    static final class Words {

        static List<String> split(String text) {
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            char quote = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quote == 0 && Character.isWhitespace(c)) {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                    continue;
                }
                if (word == null) {
                    word = new StringBuilder();
                }
                if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            }
            if (word != null) {
                words.add(word.toString());
            }
            return words;
        }
    }

    /**
     * .dockerignore as docker reads it: one pattern a line ({@code *}, {@code ?}, {@code **} and {@code [...]}, as Go's
     * filepath.Match plus {@code **}), {@code !} to let a path back in, the last matching pattern deciding, and a
     * pattern that matches a directory matching everything under it.
     */
    record DockerIgnore(List<Pattern> patterns, List<Boolean> exclusions) {

        static DockerIgnore parse(String text) {
            List<Pattern> patterns = new ArrayList<>();
            List<Boolean> exclusions = new ArrayList<>();
            for (String line : text.split("\r?\n")) {
                String p = line.strip();
                if (p.isEmpty() || p.startsWith("#")) {
                    continue;
                }
                boolean exclusion = p.startsWith("!");
                if (exclusion) {
                    p = p.substring(1).strip();
                }
                p = p.replaceFirst("^/+", "").replaceFirst("/+$", "").replaceAll("^(\\./)+", "");
                patterns.add(Pattern.compile(regex(p)));
                exclusions.add(exclusion);
            }
            return new DockerIgnore(patterns, exclusions);
        }

        boolean ignores(String path) {
            List<String> candidates = new ArrayList<>();
            String[] parts = path.split("/");
            for (int i = 1; i <= parts.length; i++) {
                candidates.add(String.join("/", java.util.Arrays.copyOf(parts, i)));
            }
            boolean ignored = false;
            for (int i = 0; i < patterns.size(); i++) {
                Pattern p = patterns.get(i);
                if (candidates.stream().anyMatch(c -> p.matcher(c).matches())) {
                    ignored = !exclusions.get(i);
                }
            }
            return ignored;
        }

        private static String regex(String glob) {
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '*' && glob.startsWith("**/", i)) {
                    re.append("(?:.*/)?");
                    i += 2;
                } else if (c == '*' && glob.startsWith("**", i)) {
                    re.append(".*");
                    i++;
                } else if (c == '*') {
                    re.append("[^/]*");
                } else if (c == '?') {
                    re.append("[^/]");
                } else if (c == '[' && glob.indexOf(']', i + 1) > i + 1) {
                    int end = glob.indexOf(']', i + 1);
                    re.append('[').append(glob, i + 1, end).append(']'); // Go's classes read as Java's: [a-z], [^a-z]
                    i = end;
                } else if (c == '\\' && i + 1 < glob.length()) {
                    re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                } else {
                    re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return re.toString();
        }
    }
}
