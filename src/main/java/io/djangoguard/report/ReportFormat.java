package io.djangoguard.report;

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
    JUNIT("application/xml");

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
