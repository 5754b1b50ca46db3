package io.djangoguard.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/**
 * The generated certificate across {@code helm upgrade}: the chart reads its Secret back with {@code lookup}
 * (here from {@link FakeApiServer}, through {@code helm template --dry-run=server}) and keeps the pair, so
 * nothing churns; it makes a new pair only when it must, and then keeps trusting the old CA for the upgrade.
 */
class ChartUpgradeTest {

    static FakeApiServer api;

    @BeforeAll
    static void start() {
        api = new FakeApiServer();
    }

    @AfterAll
    static void stop() throws IOException {
        api.close();
    }

    @BeforeEach
    void empty() {
        api.clear();
    }

    static Rendered upgrade(String... args) {
        String[] all = Stream.concat(Stream.of("--dry-run=server", "--disable-openapi-validation", "--kubeconfig", api.kubeconfig.toString()), Stream.of(args))
                .toArray(String[]::new);
        return Rendered.of(Helm.template(ChartRenderTest.RELEASE, ChartRenderTest.NAMESPACE, all));
    }

    static Secret tls(Rendered r) {
        return r.named(Secret.class, ChartRenderTest.FULLNAME + "-tls");
    }

    static String caBundle(Rendered r) {
        return ChartRenderTest.webhook(r).getClientConfig().getCaBundle();
    }

    @Test
    void anUpgradeKeepsTheCertificate() throws Exception {
        Rendered install = upgrade();
        Secret installed = tls(install);
        api.put(installed, ChartRenderTest.RELEASE);

        Rendered upgrade = upgrade("--set", "replicaCount=3");
        assertEquals(installed.getData(), tls(upgrade).getData(), "the same certificate, key and CA");
        assertEquals(installed.getMetadata().getAnnotations(), tls(upgrade).getMetadata().getAnnotations());
        assertEquals(installed.getData().get("ca.crt"), caBundle(upgrade));
        assertEquals(caBundle(install), caBundle(upgrade));
    }

    @Test
    void newDnsNamesMakeANewPairAndTheOldCaStaysTrustedForTheUpgrade() throws Exception {
        Secret installed = tls(upgrade());
        api.put(installed, ChartRenderTest.RELEASE);

        Rendered upgrade = upgrade("--set", "clusterDomain=corp.example");
        assertRotated(installed, upgrade);
        X509Certificate cert = ChartRenderTest.certificates(tls(upgrade).getData().get("tls.crt")).get(0);
        assertTrue(ChartRenderTest.dnsNames(cert).contains(ChartRenderTest.FULLNAME + "." + ChartRenderTest.NAMESPACE + ".svc.corp.example"));

        // The next upgrade keeps the new pair and trusts only the new CA.
        api.put(tls(upgrade), ChartRenderTest.RELEASE);
        Rendered next = upgrade("--set", "clusterDomain=corp.example");
        assertEquals(tls(upgrade).getData(), tls(next).getData());
        assertEquals(1, ChartRenderTest.certificates(caBundle(next)).size());
    }

    @Test
    void aCertificateCloseToExpiryIsRenewed() throws Exception {
        Secret installed = tls(upgrade());
        Secret expiring = new SecretBuilder(installed).editMetadata()
                .addToAnnotations("django-guard.io/not-after", Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString())
                .endMetadata().build();
        api.put(expiring, ChartRenderTest.RELEASE);
        assertRotated(expiring, upgrade());

        Secret notYet = new SecretBuilder(installed).editMetadata()
                .addToAnnotations("django-guard.io/not-after", Instant.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString())
                .endMetadata().build();
        api.put(notYet, ChartRenderTest.RELEASE);
        assertEquals(installed.getData(), tls(upgrade()).getData(), "40 days left, renewBeforeDays 30: kept");
    }

    @Test
    void anIncompleteSecretIsReplaced() throws Exception {
        Secret installed = tls(upgrade());
        Secret noKey = new SecretBuilder(installed).removeFromData("tls.key").build();
        api.put(noKey, ChartRenderTest.RELEASE);
        assertRotated(installed, upgrade());

        Secret noAnnotations = new SecretBuilder(installed).editMetadata().withAnnotations(null).endMetadata().build();
        api.put(noAnnotations, ChartRenderTest.RELEASE);
        assertRotated(installed, upgrade());
    }

    private static void assertRotated(Secret old, Rendered upgrade) throws Exception {
        Secret now = tls(upgrade);
        assertNotEquals(old.getData().get("tls.crt"), now.getData().get("tls.crt"), "a new certificate");
        assertNotEquals(old.getData().get("ca.crt"), now.getData().get("ca.crt"), "a new CA");
        X509Certificate newCa = ChartRenderTest.certificates(now.getData().get("ca.crt")).get(0);
        X509Certificate oldCa = ChartRenderTest.certificates(old.getData().get("ca.crt")).get(0);
        List<X509Certificate> trusted = ChartRenderTest.certificates(caBundle(upgrade));
        assertEquals(List.of(newCa, oldCa), trusted, "the caBundle trusts the new CA and, until the pods reload, the old one");
        ChartRenderTest.certificates(now.getData().get("tls.crt")).get(0).verify(newCa.getPublicKey());
    }
}
