package io.djangoguard.audit;

import io.djangoguard.TestTls;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.tls.TlsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** POST /audit: every input shape, resolution between documents, every format, and what is refused. */
@QuarkusTest
@WithTestResource(TlsTestResource.class)
class AuditEndpointTest {

    static final String SECRET_MARKER = "UNMISTAKABLE-AUDIT-SECRET";

    private static String fixture(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/audit", name));
    }

    private static ValidatableResponse audit(String body, String contentType) {
        return given().contentType(contentType).body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post(AuditResource.PATH).then();
    }

    @Test
    void multiDocumentYamlResolvesReferencesBetweenDocumentsAndKeepsTheirOrder() throws Exception {
        audit(fixture("multi-document.yaml"), "application/yaml").statusCode(200).contentType("application/json")
                .body("summary.objects", equalTo(3))
                .body("summary.denied", equalTo(1))
                .body("summary.allowed", equalTo(1))
                .body("summary.skipped", equalTo(1))
                .body("results.kind", equalTo(List.of("ConfigMap", "Service", "Deployment")))
                .body("results.verdict", equalTo(List.of("allow", "skipped", "deny")))
                .body("results[1].findings", equalTo(List.of()))
                .body("results[2].source.line", equalTo(28))
                .body("results[2].source.document", equalTo(3))
                // DEBUG came from the ConfigMap through envFrom's prefix
                .body("results[2].findings.rule", hasItems("debug-enabled", "reference-unresolved"))
                .body("results[2].findings.find { it.rule == 'debug-enabled' }.djangoCheck", equalTo("security.W018"))
                .body("results[2].findings.find { it.rule == 'debug-enabled' }.container", equalTo("web"))
                .body("results[2].findings.find { it.rule == 'debug-enabled' }.setting", equalTo("DEBUG"))
                .body("results[2].findings.find { it.rule == 'debug-enabled' }.message",
                        containsString("from envFrom ConfigMap \"shop-env\" key \"DEBUG\""))
                .body("results[2].findings.find { it.rule == 'reference-unresolved' }.severity", equalTo("warn"))
                .body("results[2].findings.find { it.rule == 'reference-unresolved' }.djangoCheck", nullValue())
                .body("results[2].findings.find { it.rule == 'reference-unresolved' }.message",
                        containsString("\"shop-extra\""));
    }

    @Test
    void aNestedListIsFlattenedAndAnOptionalMissingKeyIsFine() throws Exception {
        audit(fixture("list.json"), "application/json").statusCode(200)
                .body("summary.objects", equalTo(2))
                .body("results.kind", equalTo(List.of("ConfigMap", "Deployment")))
                .body("results[0].verdict", equalTo("deny"))
                .body("results[0].findings[0].rule", equalTo("allowed-hosts-wildcard"))
                .body("results[0].findings[0].container", nullValue())
                .body("results[1].verdict", equalTo("warn"))
                .body("results[1].findings.rule", equalTo(List.of("hsts-too-short")));
    }

    @Test
    void aJsonArrayAndAJsonObject() throws Exception {
        audit(fixture("array.json"), "application/json").statusCode(200)
                .body("results.verdict", equalTo(List.of("deny", "skipped")))
                .body("results[0].findings[0].rule", equalTo("runserver-in-production"))
                .body("results[1].kind", equalTo("Ingress"));
        String one = new ObjectMapper().readTree(fixture("array.json")).get(0).toString();
        audit(one, "application/json").statusCode(200).body("summary.objects", equalTo(1))
                .body("results[0].source.document", equalTo(1));
    }

    @Test
    void theProfileParameterReplacesTheDefault() throws Exception {
        String pod = new ObjectMapper().readTree(fixture("array.json")).get(0).toString();
        given().body(pod).queryParam("profile", "strict").post(AuditResource.PATH).then().statusCode(200)
                .body("results[0].profile", equalTo("strict"))
                .body("results[0].findings.rule", hasItems("session-cookie-insecure", "secret-key-weak", "allowed-hosts-empty"));
        given().body(pod).queryParam("profile", "declared").post(AuditResource.PATH).then().statusCode(200)
                .body("results[0].findings.rule", not(hasItem("session-cookie-insecure")));
    }

    @Test
    void everyFormatByParameterAndByAcceptHeader() throws Exception {
        String body = fixture("multi-document.yaml");
        for (Map.Entry<String, String> e : Map.of("json", "application/json", "text", "text/plain",
                "sarif", "application/sarif+json", "junit", "application/xml").entrySet()) {
            String byParam = given().body(body).queryParam("format", e.getKey()).post(AuditResource.PATH).then()
                    .statusCode(200).contentType(startsWith(e.getValue())).extract().asString();
            String byAccept = given().body(body).accept(e.getValue()).post(AuditResource.PATH).then()
                    .statusCode(200).contentType(startsWith(e.getValue())).extract().asString();
            assertEquals(byParam, byAccept, e.getKey());
        }
        String text = given().body(body).queryParam("format", "text").post(AuditResource.PATH).asString();
        assertTrue(text.contains("Deployment shop/shop (request:28): DENIED (profile declared, enforcement enforce)"), text);
        assertTrue(text.contains("  deny  [debug-enabled] (security.W018) container \"web\": DEBUG is true"), text);
        assertTrue(text.contains("Service shop/shop (request:16): skipped"), text);
        assertTrue(text.endsWith("3 objects: 1 denied, 0 in error, 0 warned, 1 allowed, 1 skipped\n"), text);
        JsonNode sarif = new ObjectMapper().readTree(given().body(body).queryParam("format", "sarif").post(AuditResource.PATH).asString());
        assertEquals("2.1.0", sarif.get("version").asText());
        String junit = given().body(body).queryParam("format", "junit").post(AuditResource.PATH).asString();
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(junit.getBytes()));
        assertEquals("1", doc.getDocumentElement().getAttribute("failures"));
    }

    @Test
    void unreadableYamlIs400NamingTheDocumentAndLine() {
        String broken = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [broken\n";
        audit(broken, "application/yaml").statusCode(400).contentType("application/json")
                .body("status", equalTo(400))
                .body("document", equalTo(2))
                .body("line", equalTo(10))
                .body("error", startsWith("document 2, line 10: YAML could not be parsed"));
        audit("apiVersion: v1\nmetadata: {name: x}\n", "application/yaml").statusCode(400)
                .body("error", equalTo("document 1, line 1: has no kind"));
        audit("{\"kind\": \"Pod\", ", "application/json").statusCode(400).body("error", containsString("JSON could not be parsed"));
        audit("- just\n- a list\n", "application/yaml").statusCode(400).body("error", containsString("is not a Kubernetes object"));
        audit("", "application/yaml").statusCode(400).body("error", containsString("empty"));
        given().body("{}").queryParam("format", "pdf").post(AuditResource.PATH).then().statusCode(400)
                .body("error", containsString("unknown format"));
        given().body("{}").queryParam("profile", "lenient").post(AuditResource.PATH).then().statusCode(400)
                .body("error", containsString("unknown profile"));
    }

    @Test
    void hostileYamlIs400NamingTheLimit() throws Exception {
        audit(fixture("hostile/alias-bomb.yaml"), "application/yaml").statusCode(400).contentType("application/json")
                .body("document", equalTo(1)).body("line", equalTo(12))
                .body("error", equalTo("document 1, line 12: YAML expands beyond 1,000,000 nodes (aliases and merge keys count"
                        + " each time they are used); split the input"));
        audit(fixture("hostile/merge-key-bomb.yaml"), "application/yaml").statusCode(400)
                .body("error", startsWith("document 1, line 9: YAML expands beyond 1,000,000 nodes"));
        audit(fixture("hostile/recursive-sequence.yaml"), "application/yaml").statusCode(400)
                .body("error", startsWith("document 1, line 6: an alias names a node that contains it"));
        audit(fixture("hostile/deep-block.yaml"), "application/yaml").statusCode(400)
                .body("error", startsWith("document 1, line 2: YAML nests deeper than 200 levels"));
        audit(fixture("hostile/deep-json.json"), "application/json").statusCode(400)
                .body("error", equalTo("document 1, line 1: JSON nests deeper than 200 levels"));
    }

    @TestHTTPResource(value = AuditResource.PATH, tls = true)
    URI auditUri;

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        StringBuilder big = new StringBuilder(5 * 1024 * 1024);
        while (big.length() < 4 * 1024 * 1024 + 100) {
            big.append("# padding padding padding padding padding padding padding padding padding\n");
        }
        big.append("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        // Expect: 100-continue lets the server refuse before the body is sent, as a real client would see it.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(TestTls.trustAll()).build();
        HttpRequest request = HttpRequest.newBuilder(auditUri).expectContinue(true).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(big.toString())).build();
        assertEquals(413, client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    }


    @Test
    void noSecretValueInAnyFormat() {
        String body = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: leaky, namespace: shop}
                data:
                  DJANGO_SECRET_KEY: "short-%1$s"
                  .env: |
                    DJANGO_SETTINGS_MODULE=shop.settings
                    SECRET_KEY=django-insecure-%1$s-0123456789abcdefghijklmnopqrstuvwxyz
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: leaky, namespace: shop}
                spec:
                  containers:
                    - name: web
                      image: shop:1
                      env:
                        - {name: DJANGO_SETTINGS_MODULE, value: shop.settings}
                        - {name: DJANGO_SECRET_KEY, value: "%1$s"}
                """.formatted(SECRET_MARKER);
        for (String format : List.of("json", "text", "sarif", "junit")) {
            String out = given().body(body).queryParam("format", format).post(AuditResource.PATH).then().statusCode(200)
                    .extract().asString();
            assertTrue(out.contains("secret-key"), format + " reports the key's findings");
            assertFalse(out.contains(SECRET_MARKER), format + " gives away the secret key: " + out);
        }
        String broken = "apiVersion: v1\nkind: ConfigMap\ndata:\n  DJANGO_SECRET_KEY: \"" + SECRET_MARKER + "\n  x: [\n";
        String error = audit(broken, "application/yaml").statusCode(400).extract().asString();
        assertFalse(error.contains(SECRET_MARKER), error);
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpointAndTheReport() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/audit'.post.parameters.name", hasItems("profile", "format"))
                .body("paths.'/audit'.post.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/AuditReport"))
                .body("components.schemas.AuditReport.properties.summary", not(nullValue()))
                .body("components.schemas.FindingView.properties.djangoCheck", not(nullValue()))
                .body("components.schemas.Result.properties.verdict.enum", equalTo(List.of("deny", "error", "warn", "allow", "skipped")))
                .body("components.schemas.Result.properties.verdict.type", equalTo("string"))
                .body("components.schemas.Result.properties.reason", not(nullValue()))
                .body("components.schemas.Result.properties.profile.enum", equalTo(List.of("declared", "strict")))
                .body("components.schemas.FindingView.properties.kind.enum", equalTo(List.of("breach", "error")))
                .body("components.schemas.FindingView.properties.severity.enum", equalTo(List.of("deny", "warn")))
                .body("components.schemas.FindingView.properties.subject", not(nullValue()))
                .body("components.schemas.Summary.properties.errors", not(nullValue()))
                .body("components.schemas.Summary.properties.refused", not(nullValue()));
    }
}
