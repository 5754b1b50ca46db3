package io.djangoguard.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict} with the default values and with every values file of src/test/resources/chart. */
class ChartLintTest {

    static Stream<String> valuesFiles() throws IOException {
        try (Stream<Path> files = Files.list(Helm.VALUES)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
            assertTrue(names.containsAll(List.of("cert-manager.yaml", "existing-secret.yaml", "opt-in-hpa-strict.yaml",
                    "audit-network-policy.yaml")), names::toString);
            return names.stream();
        }
    }

    @Test
    void defaultValuesLintClean() {
        assertLintClean();
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void valuesFileLintsClean(String file) {
        assertLintClean(Helm.valuesFile(file));
    }

    @Test
    void certManagerWithAnIssuerOfYourOwnLintsClean() {
        assertLintClean("--set", "tls.mode=certManager", "--set", "tls.certManager.issuerRef.name=corporate-ca",
                "--set", "tls.certManager.issuerRef.kind=ClusterIssuer");
    }

    @Test
    void theAuditSwitchedOffOrBesideValidateLintsClean() {
        assertLintClean("--set", "audit.enabled=false");
        assertLintClean("--set", "audit.separatePort=false", "--set", "audit.authentication=token");
    }

    private static void assertLintClean(String... args) {
        String[] all = Stream.concat(Stream.of("lint", "--strict", Helm.CHART.toString(), "--namespace", "guard-system"),
                Stream.of(args)).toArray(String[]::new);
        Helm.Result r = Helm.run(all);
        assertEquals(0, r.exit(), () -> "helm lint --strict " + String.join(" ", args) + ":\n" + r.both());
        assertTrue(!r.out().contains("[WARNING]") && !r.out().contains("[ERROR]"), r::both);
    }
}
