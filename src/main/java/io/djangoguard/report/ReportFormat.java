package io.djangoguard.report;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.djangoguard.engine.Policy;

/** The audit's output formats, each with its media type. */
public enum ReportFormat {
    JSON("application/json"),
    TEXT("text/plain"),
    SARIF("application/sarif+json"),
    JUNIT("application/xml"),
    /** {@code wgpolicyk8s.io/v1alpha2} PolicyReports and a ClusterPolicyReport, as a YAML List ({@link PolicyReportFormat}). */
    POLICYREPORT("application/yaml"),
    /** The same as {@code openreports.io/v1alpha1} Reports and a ClusterReport. */
    OPENREPORTS("application/yaml");

    private static final ObjectMapper JSON_WRITER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String mediaType;

    ReportFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code json, text, sarif, junit, policyreport or openreports}: every id, for a message saying what is accepted. */
    public static String ids() {
        StringBuilder b = new StringBuilder();
        ReportFormat[] all = values();
        for (int i = 0; i < all.length; i++) {
            b.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(all[i].id());
        }
        return b.toString();
    }

    /** Null when {@code s} names no format. */
    public static ReportFormat fromId(String s) {
        for (ReportFormat f : values()) {
            if (f.id().equalsIgnoreCase(s.strip())) {
                return f;
            }
        }
        return null;
    }

    /** The format an Accept header asks for, or null when it names none of ours. */
    public static ReportFormat fromMediaType(String accept) {
        String a = accept.toLowerCase(Locale.ROOT);
        if (a.contains("application/sarif+json")) {
            return SARIF;
        }
        if (a.contains("application/json")) {
            return JSON;
        }
        if (a.contains("text/plain")) {
            return TEXT;
        }
        if (a.contains("application/xml") || a.contains("text/xml")) {
            return JUNIT;
        }
        return null;
    }

    public String write(AuditReport report, Policy policy) {
        return switch (this) {
            case JSON -> json(report);
            case TEXT -> TextReport.write(report);
            case SARIF -> SarifReport.write(report, policy);
            case JUNIT -> JUnitReport.write(report);
            case POLICYREPORT -> PolicyReportFormat.write(report, PolicyReportFormat.Api.WGPOLICYK8S, Instant.now());
            case OPENREPORTS -> PolicyReportFormat.write(report, PolicyReportFormat.Api.OPENREPORTS, Instant.now());
        };
    }

    private static String json(AuditReport report) {
        try {
            return JSON_WRITER.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the audit report could not be written as JSON", e);
        }
    }
}
