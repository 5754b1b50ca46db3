package io.djangoguard.audit;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.djangoguard.config.DjangoGuardConfig;
import io.djangoguard.report.AuditReport;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** The dry-run audit over HTTP: manifests in, the report out. Only translates; {@link Auditor} judges. */
@Path(AuditResource.PATH)
@Tag(name = "audit", description = "Judge manifests without any admission taking place")
public class AuditResource {

    public static final String PATH = "/audit";

    @Inject
    Auditor auditor;

    @Inject
    ManifestReader reader;

    @Inject
    AuditPool pool;

    @Inject
    DjangoGuardConfig config;

    @Inject
    ApiAccess access;

    /**
     * Runs on the event loop only to hand the body over: reading and judging happen on an audit thread, within the
     * audit's time budget, and stop when the client goes away.
     */
    @POST
    @NonBlocking
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", "application/json", "text/plain", "*/*"})
    @Produces({"application/json", "text/plain", "application/sarif+json", "application/xml", "application/yaml"})
    @Operation(summary = "Audit manifests against Django's deployment checklist",
            description = "Takes multi-document YAML, a JSON object, a JSON array or a List (nested lists flattened). "
                    + "References between the documents are resolved against each other. Either the whole body is "
                    + "judged or it is refused.")
    @RequestBody(required = true, content = {
        @Content(mediaType = "application/yaml", schema = @Schema(type = SchemaType.STRING)),
        @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT))})
    @APIResponse(responseCode = "200", description = "The report (JSON shown; also text, SARIF 2.1.0, JUnit XML, "
            + "and policy reports as a YAML List)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditReport.class)))
    @APIResponse(responseCode = "400", description = "Unreadable input, or an unknown profile or format",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditError.class)))
    @APIResponse(responseCode = "401", description = "django-guard.audit.authentication=token and no bearer token, or one "
            + "the Kubernetes API does not accept",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditError.class)))
    @APIResponse(responseCode = "403", description = "django-guard.audit.authentication=token and the token's user may "
            + "not post to the non-resource URL /audit",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditError.class)))
    @APIResponse(responseCode = "413", description = "The body is over quarkus.http.limits.max-body-size (default 4 MiB)")
    @APIResponse(responseCode = "429", description = "Too many audits at once (django-guard.audit.concurrency and queue); "
            + "Retry-After says when to try again",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditError.class)))
    @APIResponse(responseCode = "503", description = "The audit ran over its time budget (django-guard.audit.timeout), "
            + "or the Kubernetes API could not check the token",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditError.class)))
    public Uni<Response> audit(byte[] body,
            @Parameter(description = "declared or strict; default from configuration") @QueryParam("profile") String profile,
            @Parameter(description = "json, text, sarif, junit, policyreport (wgpolicyk8s.io/v1alpha2) or openreports "
                    + "(openreports.io/v1alpha1); default from the Accept header, else json")
            @QueryParam("format") String format,
            @HeaderParam("Accept") String accept,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request) {
        return pool.submit(() -> request.response().closed(),
                budget -> audit(body, profile, format, accept, authorization, budget));
    }

    private Response audit(byte[] body, String profile, String format, String accept, String authorization,
            AuditPool.Budget budget) {
        if (config.audit().authentication() == DjangoGuardConfig.Authentication.TOKEN) {
            Response refused = ClusterAuditResource.refusal(access.check(authorization, ApiAccess.Permission.MANIFEST_AUDIT));
            if (refused != null) {
                return refused;
            }
        }
        ReportChoice choice;
        try {
            choice = ReportChoice.of(profile, format, accept);
        } catch (ReportChoice.Refused e) {
            return error(new AuditError(e.getMessage(), 400, null, null));
        }
        if (body == null || body.length == 0) {
            return error(new AuditError("the request body is empty; send YAML or JSON manifests", 400, null, null));
        }
        List<ManifestReader.Document> documents;
        try {
            documents = reader.read(new String(body, StandardCharsets.UTF_8), null);
        } catch (UnreadableManifest e) {
            return error(new AuditError(e.getMessage(), 400, e.document() > 0 ? e.document() : null,
                    e.line() > 0 ? e.line() : null));
        }
        budget.check();
        AuditReport report = auditor.audit(documents, choice.profile(), budget);
        budget.check();
        return Response.ok(choice.format().write(report, auditor.engine().policy()), choice.format().mediaType()).build();
    }

    private static Response error(AuditError e) {
        return Response.status(e.status()).entity(e).type("application/json").build();
    }

    @Schema(description = "Why the input was refused; document and line (1-based) when the problem is in one")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record AuditError(String error, int status, Integer document, Integer line) {
    }
}
