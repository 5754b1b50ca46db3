package io.djangoguard.audit;

import java.time.Duration;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.djangoguard.audit.AuditResource.AuditError;
import io.djangoguard.engine.Engine;
import io.djangoguard.lookup.ClusterLookups;
import io.djangoguard.observe.ClusterAuditMetrics;
import io.djangoguard.report.AuditReport;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import io.smallrye.mutiny.TimeoutException;

/**
 * The dry-run audit of the cluster: every judged object that is running, the report of {@code POST /audit}
 * out. Only translates and guards; {@link ApiAccess} decides who may, {@link ClusterAuditor} judges.
 */
@Path(ClusterAuditResource.PATH)
@Tag(name = "audit", description = "Judge manifests without any admission taking place")
@SecurityScheme(securitySchemeName = ClusterAuditResource.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A Kubernetes token (a service account token, or a user's OIDC token) whose user may list "
                + "deployments (group apps) in all namespaces. Checked with a TokenReview and a SubjectAccessReview.")
public class ClusterAuditResource {

    public static final String PATH = "/audit/cluster";
    static final String SECURITY_SCHEME = "bearer";

    private static final Logger LOG = Logger.getLogger(ClusterAuditResource.class);

    /** {@link ClusterLookups#ready()} gives up by itself after the lookup timeout; this is only a backstop. */
    private static final Duration READY_BACKSTOP = Duration.ofSeconds(60);

    /** A namespace name is a DNS-1123 label. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    @Inject
    ApiAccess access;

    @Inject
    ClusterAuditor auditor;

    @Inject
    ClusterLookups lookups;

    @Inject
    AuditPool pool;

    @Inject
    ClusterAuditMetrics metrics;

    @GET
    @NonBlocking
    @Produces({"application/json", "text/plain", "application/sarif+json", "application/xml", "application/yaml"})
    @SecurityRequirement(name = SECURITY_SCHEME)
    @Operation(summary = "Audit what runs in the cluster against Django's deployment checklist",
            description = "Lists Deployments, StatefulSets, DaemonSets, CronJobs, Jobs, ReplicaSets, Pods and ConfigMaps "
                    + "page by page and judges them as POST /audit does; ConfigMap references and namespace profiles "
                    + "are resolved from the cluster. An object whose controller is a judged kind (a Deployment's "
                    + "ReplicaSets and Pods, a CronJob's Jobs) is left out: its owner carries the same findings. "
                    + "Objects have no source. Secrets are never read.")
    @APIResponse(responseCode = "200", description = "The report (JSON shown; also text, SARIF 2.1.0, JUnit XML, "
            + "and policy reports as a YAML List)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditReport.class)))
    @APIResponse(responseCode = "400", description = "An unknown profile or format, or a namespace that is not a valid name",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditError.class)))
    @APIResponse(responseCode = "401", description = "No bearer token, or one the Kubernetes API does not accept",
            headers = @Header(name = HttpHeaders.WWW_AUTHENTICATE, description = "Bearer", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditError.class)))
    @APIResponse(responseCode = "403", description = "The token's user may not list deployments (group apps) in all namespaces",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditError.class)))
    @APIResponse(responseCode = "503", description = "Cluster lookups are off, or the Kubernetes API could not be reached "
            + "or refused django-guard's own requests",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditError.class)))
    public Uni<Response> audit(
            @Parameter(description = "Only this namespace; default all") @QueryParam("namespace") String namespace,
            @Parameter(description = "declared or strict; default from configuration") @QueryParam("profile") String profile,
            @Parameter(description = "json, text, sarif, junit, policyreport (wgpolicyk8s.io/v1alpha2) or openreports "
                    + "(openreports.io/v1alpha1); default from the Accept header, else json")
            @QueryParam("format") String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request) {
        // The token check, the listing and the judging all block or take time: on an audit thread, never the event loop.
        // Counted by the answer's status, whoever gave it (the audit, or the pool: busy, timed out).
        return pool.submit(() -> request.response().closed(),
                budget -> audit(namespace, profile, format, accept, authorization, budget))
                .onItemOrFailure().invoke((r, e) -> metrics.answered(r == null ? 500 : r.getStatus()));
    }

    Response audit(String namespace, String profile, String format, String accept, String authorization,
            AuditPool.Budget budget) {
        if (!lookups.enabled()) {
            return error(503, "cluster lookups are off (django-guard.cluster.enabled, or no cluster configured): "
                    + "an audit of the cluster needs the Kubernetes API; POST /audit judges manifests without one");
        }
        ApiAccess.Decision decision = access.check(authorization);
        Response refused = refusal(decision);
        if (refused != null) {
            return refused;
        }
        String user = ((ApiAccess.Allowed) decision).user();

        ReportChoice choice;
        try {
            choice = ReportChoice.of(profile, format, accept);
        } catch (ReportChoice.Refused e) {
            return error(400, e.getMessage());
        }
        String ns = namespace == null || namespace.isBlank() ? null : namespace.strip();
        if (ns != null && !NAMESPACE.matcher(ns).matches()) {
            return error(400, "namespace \"" + ReportChoice.shorten(ns) + "\" is not a valid namespace name");
        }

        // Never fails: at worst the caches are not loaded and references are reported as unavailable.
        try {
            lookups.ready().await().atMost(READY_BACKSTOP);
        } catch (TimeoutException e) {
            LOG.warn("Cluster caches not loaded; the audit goes on without them");
        }
        Engine.Context context = new Engine.Context(null, lookups.configMaps(), lookups.namespaces(), choice.profile());
        long start = System.nanoTime();
        ClusterAuditor.Outcome outcome;
        try {
            outcome = auditor.audit(ns, context, budget);
        } catch (ClusterAuditor.ListingFailed e) {
            LOG.warnf("Cluster audit by %s failed: %s", user, e.getMessage());
            return error(503, listingProblem(e, ns));
        }
        metrics.took(System.nanoTime() - start);
        LOG.infof("Cluster audit by %s of %s: %d objects judged, %d left out (owned by a judged controller), %d pages, %d ms",
                user, ns == null ? "all namespaces" : "namespace " + ns, outcome.report().summary().objects(),
                outcome.owned(), outcome.pages(), (System.nanoTime() - start) / 1_000_000);
        return Response.ok(choice.format().write(outcome.report(), auditor.engine().policy()), choice.format().mediaType()).build();
    }

    /** The answer for a caller who may not audit (401, 403, 503), or null when {@code decision} allows. */
    static Response refusal(ApiAccess.Decision decision) {
        if (decision instanceof ApiAccess.Unauthenticated u) {
            return Response.status(401).entity(new AuditError(u.reason(), 401, null, null)).type("application/json")
                    .header(HttpHeaders.WWW_AUTHENTICATE, u.tokenPresented()
                            ? "Bearer realm=\"django-guard\", error=\"invalid_token\"" : "Bearer realm=\"django-guard\"")
                    .build();
        }
        if (decision instanceof ApiAccess.Forbidden f) {
            LOG.infof("Audit refused: %s", f.reason());
            return error(403, f.reason());
        }
        if (decision instanceof ApiAccess.Unavailable u) {
            return error(503, u.reason());
        }
        return null;
    }

    private static String listingProblem(ClusterAuditor.ListingFailed e, String ns) {
        String where = ns == null ? " in all namespaces" : " in namespace " + ns;
        return switch (e.code()) {
            case 0 -> "the Kubernetes API could not be reached while listing " + e.resource() + where;
            case 401, 403 -> "django-guard may not list " + e.resource() + where + " (the Kubernetes API answered HTTP "
                    + e.code() + "): give its service account list on deployments, statefulsets, daemonsets, replicasets (group apps), "
                    + "jobs, cronjobs (group batch), pods and configmaps";
            case 410 -> "the list of " + e.resource() + " changed while it was read page by page (its continue "
                    + "token expired); try again";
            default -> "the Kubernetes API answered HTTP " + e.code() + " while listing " + e.resource() + where;
        };
    }

    private static Response error(int status, String message) {
        return Response.status(status).entity(new AuditError(message, status, null, null)).type("application/json").build();
    }
}
