package io.djangoguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Policy;
import io.djangoguard.lookup.ClusterLookups;
import io.djangoguard.rules.RuleCatalog;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** The cluster audit's parts without a server: ownership, bearer parsing, an API that is not there, lookups off. */
class ClusterAuditorTest {

    static KubernetesClient unreachable;

    @BeforeAll
    static void clientOfAnApiThatIsNotThere() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // nothing listens on the port any more: connections are refused at once
        unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:" + port)
                .withOauthToken("django-guard-own-token").withRequestRetryBackoffLimit(0).withConnectionTimeout(2000)
                .withRequestTimeout(2000).build()).build();
    }

    @AfterAll
    static void close() {
        unreachable.close();
    }

    private static HasMetadata podOwnedBy(String apiVersion, String kind, Boolean controller) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("n").withOwnerReferences(new OwnerReferenceBuilder()
                .withApiVersion(apiVersion).withKind(kind).withName("owner").withUid("u").withController(controller).build())
                .endMetadata().build();
    }

    @Test
    void onlyAControllerOfAJudgedKindLeavesAnObjectOut() {
        assertTrue(ClusterAuditor.ownedByJudgedController(podOwnedBy("apps/v1", "ReplicaSet", true)));
        assertTrue(ClusterAuditor.ownedByJudgedController(podOwnedBy("apps/v1", "StatefulSet", true)));
        assertTrue(ClusterAuditor.ownedByJudgedController(podOwnedBy("apps/v1", "DaemonSet", true)));
        assertTrue(ClusterAuditor.ownedByJudgedController(podOwnedBy("apps/v1", "Deployment", true)));
        assertTrue(ClusterAuditor.ownedByJudgedController(podOwnedBy("batch/v1", "Job", true)));
        assertTrue(ClusterAuditor.ownedByJudgedController(podOwnedBy("batch/v1", "CronJob", true)));
        // an owner that is not the controller, or no controller flag at all
        assertFalse(ClusterAuditor.ownedByJudgedController(podOwnedBy("apps/v1", "ReplicaSet", false)));
        assertFalse(ClusterAuditor.ownedByJudgedController(podOwnedBy("apps/v1", "ReplicaSet", null)));
        // controllers django-guard does not judge: a static Pod's Node, an Argo Rollout, a look-alike kind of another group
        assertFalse(ClusterAuditor.ownedByJudgedController(podOwnedBy("v1", "Node", true)));
        assertFalse(ClusterAuditor.ownedByJudgedController(podOwnedBy("argoproj.io/v1alpha1", "Rollout", true)));
        assertFalse(ClusterAuditor.ownedByJudgedController(podOwnedBy("example.com/v1", "Deployment", true)));
        assertFalse(ClusterAuditor.ownedByJudgedController(new PodBuilder().withNewMetadata().withName("bare").endMetadata().build()));
    }

    @Test
    void whatIsNotABearerTokenIsRefusedWithoutAskingTheApi() {
        ApiAccess access = new ApiAccess(unreachable);
        assertInstanceOf(ApiAccess.Unauthenticated.class, access.check(null));
        assertFalse(((ApiAccess.Unauthenticated) access.check(null)).tokenPresented());
        for (String header : List.of("", "Bearer", "Bearer ", "Basic YWxpY2U6c2VjcmV0", "Bearer two tokens", "Bearer tok\"en")) {
            ApiAccess.Decision d = access.check(header);
            assertInstanceOf(ApiAccess.Unauthenticated.class, d, header);
        }
        // a well-formed token goes to the API (which is not there)
        assertInstanceOf(ApiAccess.Unavailable.class, access.check("bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
    }

    @Test
    void anApiThatCannotBeReachedIsUnavailable() {
        ApiAccess.Decision d = new ApiAccess(unreachable).check("Bearer eyJhbGciOiJSUzI1NiJ9.UNMISTAKABLE.c2ln");
        ApiAccess.Unavailable u = assertInstanceOf(ApiAccess.Unavailable.class, d);
        assertEquals("the Kubernetes API could not be reached to check the token", u.reason());

        ClusterAuditor auditor = new ClusterAuditor(new Engine(Policy.defaults(), RuleCatalog.all()), unreachable, 500);
        ClusterAuditor.ListingFailed e = assertThrows(ClusterAuditor.ListingFailed.class,
                () -> auditor.audit(null, Engine.Context.alone(null)));
        assertEquals("deployments", e.resource());
        assertEquals(0, e.code());
    }

    @Test
    void withClusterLookupsOffTheAnswerIs503() {
        ClusterAuditResource resource = new ClusterAuditResource();
        resource.lookups = ClusterLookups.NONE;
        resource.access = new ApiAccess(unreachable);
        Response r = resource.audit(null, null, null, null, "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
                new AuditPool.Budget(java.time.Duration.ofSeconds(5), () -> false));
        assertEquals(503, r.getStatus());
        assertEquals("application/json", r.getMediaType().toString());
        AuditResource.AuditError error = (AuditResource.AuditError) r.getEntity();
        assertEquals(503, error.status());
        assertTrue(error.error().startsWith("cluster lookups are off"), error.error());
    }
}
