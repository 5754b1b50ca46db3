package io.djangoguard;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Test only: waiting for a server process that tests start themselves (the packaged jar). */
public final class TestServers {

    private TestServers() {
    }

    /** Polls {@code ready} until it answers 200; fails with the server's log if it exits or the time runs out. */
    public static void awaitReady(Process server, HttpClient http, URI ready, Duration timeout, Path log, String note)
            throws Exception {
        String about = note == null || note.isEmpty() ? "" : " (" + note + ")";
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("the server exited with " + server.exitValue() + " before it was ready" + about + "\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        fail(ready + " did not answer 200 within " + timeout.toSeconds() + "s (last: " + last + ")" + about + "\n"
                + Files.readString(log));
    }
}
