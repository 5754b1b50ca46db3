package io.djangoguard.audit;

/** Where a manifest came from: a file (or "-" for standard input, "request" for a body), its document number and first line. */
public record Origin(String file, int document, int line) {
}
