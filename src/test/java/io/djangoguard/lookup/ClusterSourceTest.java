package io.djangoguard.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the cluster comes from, and KUBECONFIG read as kubectl reads it. */
class ClusterSourceTest {

    @TempDir
    Path dir;

    Path home;
    final Map<String, String> env = new HashMap<>();
    final Map<String, String> properties = new HashMap<>();

    @BeforeEach
    void emptyHome() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
    }

    ClusterSource source() {
        return new ClusterSource(env::get, properties::get, home);
    }

    Path kubeconfig(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "apiVersion: v1\nkind: Config\n");
    }

    String refused() {
        return assertThrows(ClusterSource.Unusable.class, () -> source().find()).getMessage();
    }

    @Test
    void nothingConfiguredIsNoCluster() throws Exception {
        assertEquals(Optional.empty(), source().find());
    }

    @Test
    void aMissingKubeconfigIsRefusedNamingIt() {
        env.put("KUBECONFIG", dir.resolve("nope/config").toString());
        String message = refused();
        assertEquals("KUBECONFIG names no file that exists: " + dir.resolve("nope/config")
                + "; mount the kubeconfig there, fix the setting, or set django-guard.cluster.enabled=false to run "
                + "without cluster lookups", message);
        assertFalse(message.contains("\n"));
    }

    @Test
    void aListIsReadAsKubectlReadsItMissingEntriesSkipped() throws Exception {
        Path real = kubeconfig("real");
        env.put("KUBECONFIG", dir.resolve("missing") + ":" + real + "::" + real);
        assertEquals("kubeconfig " + real, source().find().orElseThrow().description());

        env.put("KUBECONFIG", dir.resolve("a") + ":" + dir.resolve("b"));
        assertTrue(refused().startsWith("KUBECONFIG names no file that exists: " + dir.resolve("a") + ":" + dir.resolve("b") + ";"));
    }

    @Test
    void separatorsAloneNameNoFile() {
        env.put("KUBECONFIG", ":::");
        assertTrue(refused().startsWith("KUBECONFIG is set but names no file;"));
    }

    @Test
    void aBlankVariableCountsAsUnset() throws Exception {
        env.put("KUBECONFIG", " ");
        assertEquals(Optional.empty(), source().find());
    }

    @Test
    void aDirectoryStopsItAsItStopsKubectl() throws Exception {
        Path real = kubeconfig("real");
        env.put("KUBECONFIG", real + ":" + dir);
        assertTrue(refused().startsWith("KUBECONFIG names " + dir + ", which is not a file;"));
    }

    @Test
    void onlyEmptyFilesNameNoCluster() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        env.put("KUBECONFIG", empty + ":" + dir.resolve("missing"));
        assertTrue(refused().startsWith("KUBECONFIG names only empty files: " + empty + ":" + dir.resolve("missing") + ";"));
    }

    @Test
    void fabric8sSystemPropertyWinsOverTheVariable() throws Exception {
        env.put("KUBECONFIG", kubeconfig("real").toString());
        properties.put("kubeconfig", dir.resolve("gone").toString());
        assertTrue(refused().startsWith("system property kubeconfig names no file that exists: " + dir.resolve("gone")));
    }

    @Test
    void aKubeconfigWinsOverTheServiceAccountAndTheDefaultFile() throws Exception {
        env.put("KUBERNETES_SERVICE_HOST", "10.0.0.1");
        assertEquals("the pod's service account", source().find().orElseThrow().description());
        Path real = kubeconfig("real");
        env.put("KUBECONFIG", real.toString());
        assertEquals("kubeconfig " + real, source().find().orElseThrow().description());
        env.put("KUBECONFIG", dir.resolve("missing").toString());
        assertTrue(refused().startsWith("KUBECONFIG names no file that exists"), "a named kubeconfig is not silently replaced");
    }

    @Test
    void theDefaultKubeconfigInTheHomeDirectory() throws Exception {
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\n");
        assertEquals("kubeconfig " + home.resolve(".kube/config"), source().find().orElseThrow().description());
    }

    @Test
    void aTokenPastedIntoKubeconfigIsDescribedNotEchoed() {
        String token = "eyJhbGciOiJSUzI1NiIsImtpZCI6IlNOSVRDSCJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLXNuaXRjaA";
        env.put("KUBECONFIG", token);
        String message = refused();
        assertFalse(message.contains("eyJ"), message);
        assertTrue(message.startsWith("KUBECONFIG names no file that exists: an entry of " + token.length() + " characters;"),
                message);
    }
}
